package org.rnntk.core.activation;

import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;

/** σ(z) = 1/(1 + e^{−z}); σ' = σ(1 − σ), σ'' = σ(1 − σ)(1 − 2σ). */
public final class Sigmoid implements Activation {

    public static final Sigmoid INSTANCE = new Sigmoid();

    private Sigmoid() {
    }

    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public double value(double z) {
        // Two branches so that exp never overflows.
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public double derivative(double z) {
        double h = value(z);
        return h * (1.0 - h);
    }

    @Override
    public double secondDerivative(double z) {
        double h = value(z);
        return h * (1.0 - h) * (1.0 - 2.0 * h);
    }

    @Override
    public boolean hasDerivativeFromValue() {
        return true;
    }

    @Override
    public double derivativeFromValue(double h) {
        return h * (1.0 - h);
    }

    @Override
    public ActivationConstants constants() {
        return ActivationConstants.SIGMOID;
    }

    @Override
    public String toString() {
        return name();
    }
}
