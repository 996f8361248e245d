package org.rnntk.core;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import org.rnntk.core.activation.CustomActivation;
import org.rnntk.core.activation.Sigmoid;
import org.rnntk.core.activation.Tanh;

/** Factory for activations. */
public final class Activations {

    private Activations() {
    }

    /** tanh, with constants (1, 1, 4/(3√3)). */
    public static Activation tanh() {
        return Tanh.INSTANCE;
    }

    /** The logistic sigmoid 1/(1 + e^{−z}), with constants (1, 1/4, 1/(6√3)). */
    public static Activation sigmoid() {
        return Sigmoid.INSTANCE;
    }

    /**
     * A user-defined activation. The declared constants are trusted by the bounds, so they must be
     * true suprema (or upper bounds) over the whole real line.
     *
     * @param name             a short name for reports
     * @param value            σ
     * @param derivative       σ'
     * @param secondDerivative σ''
     * @param constants        sup|σ|, sup|σ'|, sup|σ''|
     */
    public static Activation custom(String name, DoubleUnaryOperator value, DoubleUnaryOperator derivative,
                                    DoubleUnaryOperator secondDerivative, ActivationConstants constants) {
        return new CustomActivation(name, value, derivative, secondDerivative, constants);
    }

    /**
     * Looks an activation up by name ({@code tanh} or {@code sigmoid}, case-insensitive).
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public static Activation byName(String name) {
        String key = name == null ? "null" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "tanh":
                return tanh();
            case "sigmoid":
                return sigmoid();
            default:
                throw new IllegalArgumentException("activation '" + name
                        + "' is unknown; expected one of: tanh, sigmoid (ReLU is excluded: the theory needs a C^2 activation)");
        }
    }
}
