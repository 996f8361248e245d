package org.rnntk.core.activation;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;

/** A user-supplied activation with declared constants; see {@code Activations.custom}. */
public final class CustomActivation implements Activation {

    private final String name;
    private final DoubleUnaryOperator value;
    private final DoubleUnaryOperator derivative;
    private final DoubleUnaryOperator secondDerivative;
    private final ActivationConstants constants;

    public CustomActivation(String name, DoubleUnaryOperator value, DoubleUnaryOperator derivative,
                            DoubleUnaryOperator secondDerivative, ActivationConstants constants) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("activation name must be a non-blank string");
        }
        this.name = name;
        this.value = Objects.requireNonNull(value, "value");
        this.derivative = Objects.requireNonNull(derivative, "derivative");
        this.secondDerivative = Objects.requireNonNull(secondDerivative, "secondDerivative");
        this.constants = Objects.requireNonNull(constants, "constants");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double value(double z) {
        return value.applyAsDouble(z);
    }

    @Override
    public double derivative(double z) {
        return derivative.applyAsDouble(z);
    }

    @Override
    public double secondDerivative(double z) {
        return secondDerivative.applyAsDouble(z);
    }

    @Override
    public ActivationConstants constants() {
        return constants;
    }

    @Override
    public String toString() {
        return name;
    }
}
