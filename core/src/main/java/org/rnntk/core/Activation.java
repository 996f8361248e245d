package org.rnntk.core;

/**
 * A C² activation σ with its bound constants. Implementations must be pure functions and
 * thread-safe; the kernels call them from several threads.
 *
 * <p>Built-ins and user-defined activations come from {@link Activations}. ReLU is not offered:
 * the theory needs σ ∈ C² (docs/theory.md §1).
 */
public interface Activation {

    /** A short lowercase name ({@code "tanh"}, {@code "sigmoid"}, or the user's). */
    String name();

    /** σ(z). */
    double value(double z);

    /** σ'(z). */
    double derivative(double z);

    /** σ''(z). */
    double secondDerivative(double z);

    /**
     * σ'(z) expressed through h = σ(z), when the activation allows it (tanh: 1 − h², sigmoid:
     * h(1 − h)). Lets the kernels keep only the hidden states, not the pre-activations.
     *
     * @return whether {@link #derivativeFromValue(double)} is available
     */
    default boolean hasDerivativeFromValue() {
        return false;
    }

    /** σ'(z) computed from h = σ(z); only valid when {@link #hasDerivativeFromValue()} is true. */
    default double derivativeFromValue(double h) {
        throw new UnsupportedOperationException(name() + " cannot express sigma'(z) through sigma(z)");
    }

    /** The constants σ0, σ1, σ2 used by the bounds. */
    ActivationConstants constants();
}
