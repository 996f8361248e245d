package org.rnntk.kernels;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.internal.BlasThreads;
import org.rnntk.kernels.internal.ChunkedPass;
import org.rnntk.kernels.internal.Parallel;
import org.rnntk.kernels.internal.PhaseTimer;
import org.rnntk.kernels.internal.RecurrenceF64;
import org.rnntk.kernels.internal.Workspace;

/**
 * The ND4J/OpenBLAS implementation of {@link RnnBackend} (docs/theory.md §1, §3, §4).
 *
 * <p>Per call, cut into cache-sized tiles (rows × a block of neurons, {@code internal.Tiling}): each
 * tile's Z = X Uᵀ is one small GEMM into a buffer that stays in the core's cache and is consumed at
 * once by the elementwise recurrence, which also adds up the tile's part of the outputs; backwards,
 * each tile's Δ is made by the adjoint recursion and consumed at once by the GEMM
 * (∂R̂/∂U)ᵀ += Xᵀ Δ. So Z and Δ never travel through main memory; H is written once and read once.
 * GEMMs are OpenBLAS's {@code cblas_?gemm} (the BLAS nd4j-native is built on) called on off-heap
 * tile pointers; tanh is the kernels' vectorizable {@code FastTanh} (within 4 ulp of
 * {@link StrictMath#tanh}); other activations are called as given. Buffers are kept for the last
 * (data set, width) pair, so a training loop allocates nothing proportional to the data after its
 * first iteration.
 *
 * <p>Work threads: neuron blocks are spread over {@code threads} Java threads; a block is always
 * computed whole by one thread and block results are added in block order, so float64 results are
 * bit-identical for every thread count. The tile GEMMs are small (≈ 1 MFLOP), so during a call the
 * backend asks OpenBLAS for one thread ({@code internal.BlasThreads}: the count is process-wide,
 * shared with concurrent calls, and put back 0.2 s after the last call ends); ND4J work on other
 * threads meanwhile also runs on one BLAS thread.
 *
 * <p>Thread rule: an instance may be shared by any number of threads. Its buffers belong to the
 * call in progress, so calls are serialized: each public method holds the instance's lock from its
 * first check to its returned copy, and a second thread's call waits for it (results are those of
 * the same call made alone, bit for bit). To compute in parallel, give each thread its own
 * backend. {@link #close()} waits for the call in progress, then frees the native buffers and stops
 * the worker threads; every call after it throws {@link IllegalStateException}.
 *
 * <p>Profiling: a backend built with a {@link KernelProfiler} reports the phases of its own calls
 * to it, from the caller's thread and its worker threads ({@link KernelProfiler.Phase}, SETUP to
 * GRADIENT_OUT); the default, {@link KernelProfiler#NONE}, reads no clock.
 */
public final class Nd4jBackend implements RnnBackend {

    /** Neurons per parallel chunk of the sensitivities, at least; smaller chunks lose to task hand-off. */
    private static final int MIN_NEURONS_PER_CHUNK = 16;

    private final Precision precision;
    private final Parallel parallel;
    private final KernelProfiler profiler;
    /** The profiler as the passes see it: built once, handed to every pass. */
    private final PhaseTimer timer;
    /** Held for the whole of every public call and of close(); guards workspace and closed. */
    private final ReentrantLock lock = new ReentrantLock();
    private Workspace workspace;
    private boolean closed;

    private Nd4jBackend(Precision precision, int threads, KernelProfiler profiler) {
        this.precision = Objects.requireNonNull(precision, "precision");
        this.timer = PhaseTimer.of(profiler);
        this.profiler = profiler;
        this.parallel = new Parallel(Checks.positive("threads", threads));
    }

    /** float64, one thread per available processor. */
    public static Nd4jBackend create() {
        return create(Precision.FLOAT64, Runtime.getRuntime().availableProcessors());
    }

    /** float64 or float32, one thread per available processor. */
    public static Nd4jBackend create(Precision precision) {
        return create(precision, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param precision the buffer and GEMM type
     * @param threads   threads over neuron blocks (OpenBLAS runs on one thread during a call, see above)
     */
    public static Nd4jBackend create(Precision precision, int threads) {
        return new Nd4jBackend(precision, threads, KernelProfiler.NONE);
    }

    /**
     * A backend whose calls report their phases to {@code profiler} (see {@link KernelProfiler} for
     * its thread rule).
     *
     * @param precision the buffer and GEMM type
     * @param threads   threads over neuron blocks
     * @param profiler  the listener for this backend's calls, or {@link KernelProfiler#NONE}
     */
    public static Nd4jBackend create(Precision precision, int threads, KernelProfiler profiler) {
        return new Nd4jBackend(precision, threads, profiler);
    }

    public Precision precision() {
        return precision;
    }

    public int threads() {
        return parallel.threads();
    }

    /** The profiler this backend reports to ({@link KernelProfiler#NONE} unless given one). */
    public KernelProfiler profiler() {
        return profiler;
    }

    @Override
    public double[] outputs(DiagonalRnn model, SequenceDataset data) {
        lock.lock();
        try (BlasThreads.Scope blas = open()) {
            Workspace ws = prepare(model, data);
            ChunkedPass.run(ws, parallel, model.activation(), Loss.ALL_STEPS, false, null, timer);
            return ws.outputs().clone();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public double loss(DiagonalRnn model, SequenceDataset data, Loss loss) {
        lock.lock();
        try (BlasThreads.Scope blas = open()) {
            Objects.requireNonNull(loss, "loss");
            Workspace ws = prepare(model, data);
            return ChunkedPass.run(ws, parallel, model.activation(), loss, false, null, timer);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LossGradient lossAndGradient(DiagonalRnn model, SequenceDataset data, Loss loss) {
        lock.lock();
        try {
            requireOpen();
            Objects.requireNonNull(model, "model");
            double[] gradW = new double[model.width()];
            double[] gradU = new double[model.width() * model.inputDim()];
            double value = lossAndGradientInto(model, data, loss, gradW, gradU);
            // Still under the lock: the outputs are this call's (LossGradient copies them).
            return new LossGradient(value, workspace.outputs(), gradW, gradU);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public double lossAndGradientInto(DiagonalRnn model, SequenceDataset data, Loss loss, double[] gradW,
                                      double[] gradU) {
        lock.lock();
        try (BlasThreads.Scope blas = open()) {
            Objects.requireNonNull(loss, "loss");
            Objects.requireNonNull(model, "model");
            Checks.length("gradW", gradW, model.width(), "width m = " + model.width());
            Checks.length("gradU", gradU, (long) model.width() * model.inputDim(),
                    "m x d = " + model.width() + " x " + model.inputDim());
            Workspace ws = prepare(model, data);
            double value = ChunkedPass.run(ws, parallel, model.activation(), loss, true, null, timer);
            long mark = timer.mark();
            ws.gatherGradients(parallel, gradW, gradU);
            timer.add(KernelProfiler.Phase.GRADIENT_OUT, mark);
            return value;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Sensitivities sensitivities(DiagonalRnn model, SequenceDataset data) {
        lock.lock();
        try (BlasThreads.Scope blas = open()) {
            return sensitivitiesLocked(model, data);
        } finally {
            lock.unlock();
        }
    }

    private Sensitivities sensitivitiesLocked(DiagonalRnn model, SequenceDataset data) {
        Workspace ws = prepare(model, data);
        int m = ws.m();
        int d = ws.d();
        int n = ws.n();
        int steps = ws.steps();
        long bSize = (long) ws.rows() * m * d;
        if (bSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sensitivities b of shape " + Checks.shape(n, steps, m, d)
                    + " exceed the 2^31 elements a Java array can hold; use fewer sequences per call");
        }
        double[] a = new double[ws.rows() * m];
        double[] b = new double[(int) bSize];
        double[] x = data.inputs();
        double[] w = model.w();
        Activation act = model.activation();
        int cells = ws.rows() * m;
        boolean keepZ = ws.keepZ();
        ChunkedPass.FullStates full = ws.float64()
                ? new ChunkedPass.FullStates(new double[cells], keepZ ? new double[cells] : null, null, null)
                : new ChunkedPass.FullStates(null, null, new float[cells], keepZ ? new float[cells] : null);
        ChunkedPass.run(ws, parallel, act, Loss.ALL_STEPS, false, full, timer);
        double[] h = ws.natural(full.h64(), full.h32());
        double[] z = keepZ ? ws.natural(full.z64(), full.z32()) : null;
        RecurrenceF64.SensitivityInputs in = new RecurrenceF64.SensitivityInputs(h, z, w, x, act, n, steps, m, d);
        int chunks = parallel.chunks(m, bSize, MIN_NEURONS_PER_CHUNK);
        parallel.forRange(m, chunks, (c, from, to) -> RecurrenceF64.sensitivities(in, a, b, from, to));
        return new Sensitivities(n, steps, m, d, a, b);
    }

    /**
     * Waits for the call in progress (if any), then frees the native buffers and stops the worker
     * threads. Idempotent; every later call throws {@link IllegalStateException}.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (workspace != null) {
                workspace.close();
                workspace = null;
            }
            parallel.close();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: throws when closed, else registers this call's OpenBLAS thread count. */
    private BlasThreads.Scope open() {
        requireOpen();
        return BlasThreads.single();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Nd4jBackend (" + precision + ", " + parallel.threads()
                    + " threads) has been closed");
        }
    }

    // --- set-up -------------------------------------------------------------------------

    /** The workspace for (data, width), with this call's parameters permuted and uploaded (lock held). */
    private Workspace prepare(DiagonalRnn model, SequenceDataset data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        long mark = timer.mark();
        data.requireInputDim(model.inputDim(), "the model " + model);
        boolean keepZ = !model.activation().hasDerivativeFromValue();
        boolean f64 = precision == Precision.FLOAT64;
        if (workspace == null || !workspace.fits(data, model.width(), f64, keepZ, parallel.threads())) {
            if (workspace != null) {
                workspace.close();
                workspace = null;
            }
            workspace = new Workspace(data, model.width(), f64, keepZ, parallel.threads());
        }
        Workspace ws = workspace;
        ws.loadParameters(model);
        timer.add(KernelProfiler.Phase.SETUP, mark);
        return ws;
    }
}
