package org.rnntk.core;

/**
 * One full-batch update rule Θ(k+1) = update(Θ(k), ∇R̂(Θ(k))) with a constant step size
 * (docs/theory.md §3). Implementations are immutable and work on flat arrays so that a training
 * loop can apply them without allocating.
 */
public interface Optimizer {

    /** η &gt; 0. */
    double stepSize();

    /**
     * Applies one update.
     *
     * @param w        recurrent weights, length m, or a dense W row-major m×m (docs/theory.md §11)
     *                 (modified: replaced by the update)
     * @param u        input weights, row-major m×d (modified)
     * @param gradW    ∂R̂/∂w, of w's length (not modified)
     * @param gradU    ∂R̂/∂U, row-major m×d (not modified)
     * @param w0       w(0), the centre of any constraint set (not modified)
     * @param u0       U(0) (not modified)
     * @param inputDim d
     */
    void updateInPlace(double[] w, double[] u, double[] gradW, double[] gradU, double[] w0, double[] u0,
                       int inputDim);

    /** A one-line description for reports, e.g. {@code "PGD(eta=0.5, rhoW=1, rhoU=1)"}. */
    String describe();
}
