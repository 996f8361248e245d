package org.rnntk.kernels.dense;

import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.RecurrentBackend;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.internal.BlasThreads;

/**
 * The OpenBLAS implementation of {@link RecurrentBackend} for the dense network
 * ({@link DenseRnn}, docs/theory.md §11): outputs, loss and the exact BPTT gradient.
 *
 * <p>Per call: the input projection for all n·T rows is hoisted into one GEMM, Z = X Uᵀ; each step
 * forward is one GEMM over all n sequences, Z_t += H_{t−1} Wᵀ (≈ 2·n·m² flops), then h_t = σ(z_t)
 * elementwise; each step backward is one GEMM, G_t = E_t c/√m + Δ_{t+1} W, then
 * Δ_t = G_t ⊙ σ'(z_t); finally ∂R̂/∂W = Σ_t Δ_tᵀ H_{t−1} and ∂R̂/∂U = Σ_t Δ_tᵀ X_t are one GEMM each
 * over all n·T rows. For even m every GEMM of the forward pass is issued as two half-width calls in
 * the pair order of docs/theory.md §11, so that the mirrored initialization's output is exactly 0.
 * GEMMs are OpenBLAS's {@code cblas_?gemm} (the BLAS nd4j-native is built on) into preallocated
 * off-heap buffers, on OpenBLAS's process-wide thread count ({@code internal.BlasThreads}: not one
 * lowered by a diagonal-network call that just ended); tanh is the kernels'
 * {@code FastTanh} (within 4 ulp of {@link StrictMath#tanh}). float32 runs the buffers and GEMMs in
 * float32 and the elementwise steps in float64 rounded to float32; losses are accumulated in
 * float64. Buffers are kept for the last (data set, width) pair, so a training loop allocates
 * nothing proportional to the data after its first iteration.
 *
 * <p>Thread rule: every call takes this backend's lock, so concurrent calls from several threads
 * are serialized (correct, not parallel); a call after {@link #close()} throws
 * {@link IllegalStateException}. Use one backend per thread for parallel work.
 *
 * <p>Threads: a backend made by {@link #create(Precision, int)} runs its GEMMs on that many OpenBLAS
 * threads (at most: fewer while a concurrent library call asked for fewer, {@code internal.BlasThreads});
 * the other factories on the process's own count.
 */
public final class Nd4jDenseBackend implements RecurrentBackend<DenseRnn> {

    private final Precision precision;
    private final int threads;
    private final Object lock = new Object();
    private DenseWorkspace workspace;
    private boolean closed;

    private Nd4jDenseBackend(Precision precision, int threads) {
        this.precision = Objects.requireNonNull(precision, "precision");
        this.threads = threads;
    }

    /** float64. */
    public static Nd4jDenseBackend create() {
        return new Nd4jDenseBackend(Precision.FLOAT64, 0);
    }

    /** float64 or float32. */
    public static Nd4jDenseBackend create(Precision precision) {
        return new Nd4jDenseBackend(precision, 0);
    }

    /**
     * @param precision the buffer and GEMM type
     * @param threads   OpenBLAS threads of the GEMMs, &gt;= 1
     */
    public static Nd4jDenseBackend create(Precision precision, int threads) {
        return new Nd4jDenseBackend(precision, Checks.positive("threads", threads));
    }

    /** The OpenBLAS threads of the GEMMs; 0 for the process's own count. */
    public int threads() {
        return threads;
    }

    private BlasThreads.Scope blas() {
        return threads == 0 ? BlasThreads.processDefault() : BlasThreads.request(threads);
    }

    public Precision precision() {
        return precision;
    }

    @Override
    public double[] outputs(DenseRnn model, SequenceDataset data) {
        synchronized (lock) {
            DenseWorkspace ws = prepare(model, data);
            try (BlasThreads.Scope scope = blas()) {
                ws.forward(model.activation(), null);
            }
            return ws.outputs.clone();
        }
    }

    @Override
    public double loss(DenseRnn model, SequenceDataset data, Loss loss) {
        Objects.requireNonNull(loss, "loss");
        synchronized (lock) {
            DenseWorkspace ws = prepare(model, data);
            try (BlasThreads.Scope scope = blas()) {
                return ws.forward(model.activation(), loss);
            }
        }
    }

    @Override
    public LossGradient lossAndGradient(DenseRnn model, SequenceDataset data, Loss loss) {
        Objects.requireNonNull(model, "model");
        double[] gradW = new double[model.width() * model.width()];
        double[] gradU = new double[model.width() * model.inputDim()];
        synchronized (lock) {
            double value = lossAndGradientInto(model, data, loss, gradW, gradU);
            return new LossGradient(value, workspace.outputs, gradW, gradU);
        }
    }

    /**
     * @param gradW length m·m (modified: overwritten with ∂R̂/∂W, row-major)
     * @param gradU length m·d (modified: overwritten with ∂R̂/∂U, row-major)
     */
    @Override
    public double lossAndGradientInto(DenseRnn model, SequenceDataset data, Loss loss, double[] gradW,
                                      double[] gradU) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(loss, "loss");
        Checks.length("gradW", gradW, (long) model.width() * model.width(),
                "m x m = " + model.width() + " x " + model.width());
        Checks.length("gradU", gradU, (long) model.width() * model.inputDim(),
                "m x d = " + model.width() + " x " + model.inputDim());
        synchronized (lock) {
            DenseWorkspace ws = prepare(model, data);
            try (BlasThreads.Scope scope = blas()) {
                double value = ws.forward(model.activation(), loss);
                ws.backward(model.activation());
                ws.gradients(gradW, gradU);
                return value;
            }
        }
    }

    /** Releases the native buffers; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (workspace != null) {
                workspace.close();
                workspace = null;
            }
            closed = true;
        }
    }

    /** The workspace for (data, width) with the model's parameters uploaded; caller holds the lock. */
    private DenseWorkspace prepare(DenseRnn model, SequenceDataset data) {
        if (closed) {
            throw new IllegalStateException("this Nd4jDenseBackend has been closed");
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        data.requireInputDim(model.inputDim(), "the model " + model);
        return DenseWorkspaces.prepare(this::current, this::replace, model, data, precision);
    }

    private DenseWorkspace current() {
        return workspace;
    }

    private void replace(DenseWorkspace ws) {
        workspace = ws;
    }
}
