package org.rnntk.kernels.ntk;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;

/**
 * The empirical NTK of a diagonal RNN as a kernel function (docs/theory.md §5):
 * <pre>
 *   K((X,t),(X',s)) = ⟨∇_Θ F_t(X), ∇_Θ F_s(X')⟩ = (1/m) Σ_i [ a_t^i(X) a_s^i(X') + ⟨b_t^i(X), b_s^i(X')⟩ ]
 * </pre>
 * at the parameters of the model passed in (usually Θ(0)); the output signs c_i² = 1 cancel.
 * Obtain one from {@link Ntk#empirical(NtkOptions)}.
 *
 * <p>Thread rule: an instance may be shared by any number of threads. It keeps native and Java
 * buffers between calls (first-touch allocation is expensive here), so calls are serialized: a
 * call holds the instance's lock until its result is built, and a second thread's call waits for
 * it (results are those of the same call made alone, bit for bit). Each call spreads its own work
 * over {@link NtkOptions#threads()} threads; for parallel Grams use one instance per thread.
 * {@link #close()} waits for a call in progress; every call after it throws
 * {@link IllegalStateException}.
 */
public interface EmpiricalNtk extends AutoCloseable {

    /**
     * The Gram of {@code data} with itself: n×n ({@link Loss#LAST_STEP}) or nT×nT
     * ({@link Loss#ALL_STEPS}, row j·T + t). Exactly symmetric ({@link GramMatrix#symmetric()}
     * is true); only the upper triangle of blocks is computed.
     *
     * @throws IllegalArgumentException when the data's d differs from the model's, or the block
     *                                  budget cannot hold one row
     * @throws IllegalStateException    after {@link #close()}
     */
    GramMatrix gram(DiagonalRnn model, SequenceDataset data, Loss mode);

    /**
     * The cross-Gram K(rows, cols), e.g. train × test: rows index the outputs of {@code rows},
     * columns those of {@code cols}. When both are the same object this is {@link #gram(DiagonalRnn,
     * SequenceDataset, Loss)}. The two data sets may differ in n and T, not in d.
     *
     * @throws IllegalArgumentException when a data set's d differs from the model's, or the block
     *                                  budget cannot hold one row of each operand
     * @throws IllegalStateException    after {@link #close()}
     */
    GramMatrix gram(DiagonalRnn model, SequenceDataset rows, SequenceDataset cols, Loss mode);

    /** The options this kernel was built with. */
    NtkOptions options();

    /** Waits for a call in progress, then releases native buffers and the thread pool. Idempotent. */
    @Override
    void close();
}
