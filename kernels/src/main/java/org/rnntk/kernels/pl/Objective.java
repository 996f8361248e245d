package org.rnntk.kernels.pl;

/**
 * A nonnegative, twice differentiable f on R^p with its gradient: the object Chatterjee's local PL
 * criterion speaks about (docs/theory.md §9). Adapters for the RNN and feedforward losses, least
 * squares and plain functions come from {@link Objectives}. Implementations may hold a backend with
 * buffers, so an instance is used by one thread at a time.
 */
public interface Objective {

    /** p, the length of x. */
    int dimension();

    /**
     * f(x), which the criterion requires to be ≥ 0; the checkers throw when they meet a negative
     * value.
     *
     * @param x length p; not modified
     */
    double value(double[] x);

    /**
     * ∇f(x).
     *
     * @param x length p; not modified
     * @return a new array of length p
     */
    double[] gradient(double[] x);
}
