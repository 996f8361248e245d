package org.rnntk.core.activation;

import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;

/** σ = tanh; σ' = 1 − σ², σ'' = −2σ(1 − σ²). */
public final class Tanh implements Activation {

    public static final Tanh INSTANCE = new Tanh();

    private Tanh() {
    }

    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public double value(double z) {
        return Math.tanh(z);
    }

    @Override
    public double derivative(double z) {
        double h = Math.tanh(z);
        return 1.0 - h * h;
    }

    @Override
    public double secondDerivative(double z) {
        double h = Math.tanh(z);
        return -2.0 * h * (1.0 - h * h);
    }

    @Override
    public boolean hasDerivativeFromValue() {
        return true;
    }

    @Override
    public double derivativeFromValue(double h) {
        return 1.0 - h * h;
    }

    @Override
    public ActivationConstants constants() {
        return ActivationConstants.TANH;
    }

    @Override
    public String toString() {
        return name();
    }
}
