package org.rnntk.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.internal.NdBuffers;
import org.rnntk.kernels.internal.Parallel;
import org.rnntk.kernels.internal.RecurrenceF32;
import org.rnntk.kernels.internal.RecurrenceF64;
import org.rnntk.kernels.internal.Workspace;

/**
 * The ND4J implementation of {@link RnnBackend} (docs/theory.md §1, §3, §4).
 *
 * <p>Per call: one GEMM Z = X Uᵀ over all n·T rows, the elementwise recurrence and its adjoint as
 * plain loops over neuron blocks in parallel, and one GEMM (∂R̂/∂U)ᵀ = Xᵀ Δ; both GEMMs run as a
 * fixed number of row blocks on the backend's threads (a function of n·T only). The recurrence reads Z
 * and the adjoint writes Δ directly in the GEMMs' off-heap buffers, one row segment at a time, so no
 * whole-buffer copy between heap and off-heap memory is made; H stays on the heap. tanh is the
 * kernels' vectorizable {@code FastTanh} (within 4 ulp of {@link StrictMath#tanh}); other activations
 * are called as given. Buffers are kept for the last (data set, width) pair, so a training loop
 * allocates nothing proportional to the data after its first iteration.
 *
 * <p>Threads: the elementwise phases use {@code threads} Java threads over neuron blocks; float64
 * results are bit-identical for every thread count. The GEMMs use ND4J's OpenBLAS, whose threads
 * follow {@code OMP_NUM_THREADS}; docs/benchmarks.md measures the settings and recommends
 * {@code OMP_NUM_THREADS=1} on small machines. An instance is used by one thread at a time; close
 * it to free the native buffers.
 */
public final class Nd4jBackend implements RnnBackend {

    /** Neurons per parallel chunk, at least; smaller chunks lose to task hand-off. */
    private static final int MIN_NEURONS_PER_CHUNK = 16;

    private final Precision precision;
    private final Parallel parallel;
    private Workspace workspace;

    private Nd4jBackend(Precision precision, int threads) {
        this.precision = Objects.requireNonNull(precision, "precision");
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
     * @param threads   threads for the elementwise recurrence (GEMM threads are OpenBLAS's own)
     */
    public static Nd4jBackend create(Precision precision, int threads) {
        return new Nd4jBackend(precision, threads);
    }

    public Precision precision() {
        return precision;
    }

    public int threads() {
        return parallel.threads();
    }

    @Override
    public double[] outputs(DiagonalRnn model, SequenceDataset data) {
        Workspace ws = forward(model, data);
        return ws.outputs.clone();
    }

    @Override
    public double loss(DiagonalRnn model, SequenceDataset data, Loss loss) {
        Workspace ws = forward(model, data);
        return lossAndAdjoint(ws, loss);
    }

    @Override
    public LossGradient lossAndGradient(DiagonalRnn model, SequenceDataset data, Loss loss) {
        double[] gradW = new double[model.width()];
        double[] gradU = new double[model.width() * model.inputDim()];
        double value = lossAndGradientInto(model, data, loss, gradW, gradU);
        return new LossGradient(value, workspace.outputs, gradW, gradU);
    }

    @Override
    public double lossAndGradientInto(DiagonalRnn model, SequenceDataset data, Loss loss, double[] gradW,
                                      double[] gradU) {
        Objects.requireNonNull(loss, "loss");
        Checks.length("gradW", gradW, model.width(), "width m = " + model.width());
        Checks.length("gradU", gradU, (long) model.width() * model.inputDim(),
                "m x d = " + model.width() + " x " + model.inputDim());
        Workspace ws = forward(model, data);
        double value = lossAndAdjoint(ws, loss);
        backward(model, ws, gradW);
        blockGemm(ws, (b) -> NdBuffers.gemm(ws.xBlocks[b], true, ws.zBlocks[b], false, ws.gradUTParts[b]));
        int md = ws.m * ws.d;
        if (precision == Precision.FLOAT64) {
            double[] g = ws.gradUT64;
            for (int b = 0; b < ws.gemmBlocks; b++) {
                NdBuffers.doubles(ws.gradUTParts[b]).get(0, g, b * md, md);
            }
            transposeSum(g, ws.gemmBlocks, ws.m, ws.d, gradU);
        } else {
            float[] g = ws.gradUT32;
            for (int b = 0; b < ws.gemmBlocks; b++) {
                NdBuffers.floats(ws.gradUTParts[b]).get(0, g, b * md, md);
            }
            transposeSum(g, ws.gemmBlocks, ws.m, ws.d, gradU);
        }
        return value;
    }

    @Override
    public Sensitivities sensitivities(DiagonalRnn model, SequenceDataset data) {
        Workspace ws = forward(model, data);
        int m = ws.m;
        int d = ws.d;
        long bSize = (long) ws.rows * m * d;
        if (bSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sensitivities b of shape " + Checks.shape(ws.n, ws.steps, m, d)
                    + " exceed the 2^31 elements a Java array can hold; use fewer sequences per call");
        }
        double[] a = new double[ws.rows * m];
        double[] b = new double[(int) bSize];
        double[] x = data.inputs();
        double[] w = model.w();
        Activation act = model.activation();
        double[] h = precision == Precision.FLOAT64 ? ws.h64 : widen(ws.h32);
        double[] z = precision == Precision.FLOAT64 ? ws.z64 : (ws.z32 == null ? null : widen(ws.z32));
        int chunks = parallel.chunks(m, bSize, MIN_NEURONS_PER_CHUNK);
        parallel.forRange(m, chunks, (c, from, to) ->
                RecurrenceF64.sensitivities(h, z, w, x, act, ws.n, ws.steps, m, d, a, b, from, to));
        return new Sensitivities(ws.n, ws.steps, m, d, a, b);
    }

    @Override
    public void close() {
        if (workspace != null) {
            workspace.close();
            workspace = null;
        }
        parallel.close();
    }

    // --- the three phases -------------------------------------------------------------------

    @FunctionalInterface
    private interface BlockBody {
        void run(int block);
    }

    /** Runs the workspace's GEMM row blocks, spread over the backend's threads. */
    private void blockGemm(Workspace ws, BlockBody body) {
        int blocks = ws.gemmBlocks;
        parallel.forRange(blocks, Math.min(blocks, parallel.threads()), (c, from, to) -> {
            for (int b = from; b < to; b++) {
                body.run(b);
            }
        });
    }

    /** gradU (m×d) = Σ_b part_b (d×m)ᵀ, the blocks added in index order (gradU modified). */
    private static void transposeSum(double[] parts, int blocks, int m, int d, double[] gradU) {
        int md = m * d;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                double s = parts[k * m + i];
                for (int b = 1; b < blocks; b++) {
                    s += parts[b * md + k * m + i];
                }
                gradU[i * d + k] = s;
            }
        }
    }

    private static void transposeSum(float[] parts, int blocks, int m, int d, double[] gradU) {
        int md = m * d;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                double s = parts[k * m + i];
                for (int b = 1; b < blocks; b++) {
                    s += parts[b * md + k * m + i];
                }
                gradU[i * d + k] = s;
            }
        }
    }

    private Workspace forward(DiagonalRnn model, SequenceDataset data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        data.requireInputDim(model.inputDim(), "the model " + model);
        Activation act = model.activation();
        boolean keepZ = !act.hasDerivativeFromValue();
        if (workspace == null || !workspace.fits(data, model.width(), precision.dataType(), keepZ)) {
            if (workspace != null) {
                workspace.close();
                workspace = null;
            }
            workspace = new Workspace(data, model.width(), precision.dataType(), keepZ);
        }
        Workspace ws = workspace;
        int m = ws.m;
        double[] w = model.w();
        double[] c = model.c();
        long work = (long) ws.rows * m;
        int chunks = parallel.chunks(m, work, MIN_NEURONS_PER_CHUNK);
        int rowChunks = parallel.chunks(ws.rows, work, 1);
        if (precision == Precision.FLOAT64) {
            NdBuffers.upload(model.u(), ws.u);
            blockGemm(ws, (b) -> NdBuffers.gemm(ws.xBlocks[b], false, ws.u, true, ws.zBlocks[b]));
            DoubleBuffer z = NdBuffers.doubles(ws.z);
            parallel.forRange(m, chunks, (k, from, to) -> RecurrenceF64.forward(z.duplicate(), ws.h64, ws.z64, w,
                    act, ws.n, ws.steps, m, ws.carry64, ws.scratch64, from, to));
            parallel.forRange(ws.rows, rowChunks, (k, from, to) ->
                    RecurrenceF64.outputs(ws.h64, c, m, ws.outputs, from, to));
        } else {
            NdBuffers.upload(narrow(model.u()), ws.u);
            blockGemm(ws, (b) -> NdBuffers.gemm(ws.xBlocks[b], false, ws.u, true, ws.zBlocks[b]));
            FloatBuffer z = NdBuffers.floats(ws.z);
            float[] wf = narrow(w);
            float[] cf = narrow(c);
            parallel.forRange(m, chunks, (k, from, to) -> RecurrenceF32.forward(z.duplicate(), ws.h32, ws.z32, wf,
                    act, ws.n, ws.steps, m, ws.carry32, ws.scratch32, from, to));
            parallel.forRange(ws.rows, rowChunks, (k, from, to) ->
                    RecurrenceF32.outputs(ws.h32, cf, m, ws.outputs, from, to));
        }
        return ws;
    }

    /** R̂ and e = ∂R̂/∂F into ws.adjoint (docs/theory.md §3). */
    private static double lossAndAdjoint(Workspace ws, Loss loss) {
        double[] y = ws.targets;
        double sum = 0;
        if (loss == Loss.ALL_STEPS) {
            double scale = 1.0 / ws.rows;
            for (int r = 0; r < ws.rows; r++) {
                double res = ws.outputs[r] - y[r];
                sum += res * res;
                ws.adjoint[r] = res * scale;
            }
            return 0.5 * sum * scale;
        }
        double scale = 1.0 / ws.n;
        java.util.Arrays.fill(ws.adjoint, 0.0);
        for (int j = 0; j < ws.n; j++) {
            int r = j * ws.steps + ws.steps - 1;
            double res = ws.outputs[r] - y[r];
            sum += res * res;
            ws.adjoint[r] = res * scale;
        }
        return 0.5 * sum * scale;
    }

    /** Δ into ws.z (device) and ∂R̂/∂w into gradW; ws.h64 / ws.h32 keep H. */
    private void backward(DiagonalRnn model, Workspace ws, double[] gradW) {
        int m = ws.m;
        double[] w = model.w();
        double[] c = model.c();
        Activation act = model.activation();
        long work = (long) ws.rows * m;
        int chunks = parallel.chunks(m, work, MIN_NEURONS_PER_CHUNK);
        if (precision == Precision.FLOAT64) {
            DoubleBuffer delta = NdBuffers.doubles(ws.z);
            parallel.forRange(m, chunks, (k, from, to) -> RecurrenceF64.backward(delta.duplicate(), ws.h64, ws.z64,
                    w, c, ws.adjoint, act, ws.n, ws.steps, m, gradW, ws.carry64, from, to));
        } else {
            float[] wf = narrow(w);
            float[] cf = narrow(c);
            FloatBuffer delta = NdBuffers.floats(ws.z);
            parallel.forRange(m, chunks, (k, from, to) -> RecurrenceF32.backward(delta.duplicate(), ws.h32, ws.z32,
                    wf, cf, ws.adjoint, act, ws.n, ws.steps, m, gradW, ws.carry32, from, to));
        }
    }

    private static float[] narrow(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] widen(float[] v) {
        double[] f = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }
}
