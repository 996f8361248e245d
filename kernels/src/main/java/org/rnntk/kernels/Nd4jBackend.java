package org.rnntk.kernels;

import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.internal.Blas;
import org.rnntk.kernels.internal.Parallel;
import org.rnntk.kernels.internal.RecurrenceF32;
import org.rnntk.kernels.internal.RecurrenceF64;
import org.rnntk.kernels.internal.RnnProfile;
import org.rnntk.kernels.internal.Tiling;
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
 * <p>Threads: neuron blocks are spread over {@code threads} Java threads; a block is always computed
 * whole by one thread and block results are added in block order, so float64 results are
 * bit-identical for every thread count. OpenBLAS's own threads follow {@code OMP_NUM_THREADS}; the
 * tile GEMMs are small, and docs/benchmarks.md recommends {@code OMP_NUM_THREADS=1}. An instance is
 * used by one thread at a time; close it to free the native buffers.
 */
public final class Nd4jBackend implements RnnBackend {

    /** Neurons per parallel chunk of the sensitivities, at least; smaller chunks lose to task hand-off. */
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
     * @param threads   threads over neuron blocks (OpenBLAS's own threads follow OMP_NUM_THREADS)
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
        Objects.requireNonNull(loss, "loss");
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
        long mark = RnnProfile.mark();
        double value = lossAndAdjoint(ws, loss);
        RnnProfile.add(RnnProfile.Phase.OUTPUTS_AND_LOSS, mark);
        Activation act = model.activation();
        parallel.forRange(ws.tiling.blocks, blockChunks(ws), (lane, from, to) -> {
            for (int b = from; b < to; b++) {
                backwardBlock(ws, ws.lanes[lane], b, act, gradW);
            }
        });
        mark = RnnProfile.mark();
        gatherGradU(ws, gradU);
        RnnProfile.add(RnnProfile.Phase.GRADIENT_OUT, mark);
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
        double[] h = ws.naturalH();
        double[] z = ws.naturalZ();
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

    // --- the tiled passes ----------------------------------------------------------------------

    private int blockChunks(Workspace ws) {
        long work = (long) ws.rows * ws.m;
        return parallel.chunks(ws.tiling.blocks, work, 1);
    }

    private Workspace forward(DiagonalRnn model, SequenceDataset data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        long mark = RnnProfile.mark();
        data.requireInputDim(model.inputDim(), "the model " + model);
        Activation act = model.activation();
        boolean keepZ = !act.hasDerivativeFromValue();
        boolean f64 = precision == Precision.FLOAT64;
        if (workspace == null || !workspace.fits(data, model.width(), f64, keepZ, parallel.threads())) {
            if (workspace != null) {
                workspace.close();
                workspace = null;
            }
            workspace = new Workspace(data, model.width(), f64, keepZ, parallel.threads());
        }
        Workspace ws = workspace;
        Tiling tiling = ws.tiling;
        tiling.permuteRows(model.u(), ws.d, ws.uPerm);
        tiling.permute(model.w(), ws.wPerm);
        tiling.permute(model.c(), ws.cPerm);
        if (f64) {
            ws.u64.position(0).put(ws.uPerm, 0, ws.uPerm.length);
        } else {
            narrowInto(ws.uPerm, ws.uPerm32);
            ws.u32.position(0).put(ws.uPerm32, 0, ws.uPerm32.length);
            narrowInto(ws.wPerm, ws.wPerm32);
            narrowInto(ws.cPerm, ws.cPerm32);
        }
        RnnProfile.add(RnnProfile.Phase.SETUP, mark);
        parallel.forRange(tiling.blocks, blockChunks(ws), (lane, from, to) -> {
            for (int b = from; b < to; b++) {
                forwardBlock(ws, ws.lanes[lane], b, act);
            }
        });
        mark = RnnProfile.mark();
        double scale = 1.0 / Math.sqrt(ws.m);
        int rows = ws.rows;
        for (int r = 0; r < rows; r++) {
            double s = ws.partial[r];
            for (int b = 1; b < tiling.blocks; b++) {
                s += ws.partial[b * rows + r];
            }
            ws.outputs[r] = s * scale;
        }
        RnnProfile.add(RnnProfile.Phase.OUTPUTS_AND_LOSS, mark);
        return ws;
    }

    /** Z tile by tile, each consumed by the recurrence while it is in cache. */
    private static void forwardBlock(Workspace ws, Workspace.Lane lane, int b, Activation act) {
        Tiling tiling = ws.tiling;
        int cs = tiling.colStart(b);
        int cols = tiling.cols(b);
        int pairs = tiling.pairs(b);
        int hBase = ws.blockBase(b);
        int d = ws.d;
        lane.loadBlock(ws, b);
        for (int r0 = 0; r0 < ws.rows; r0 += tiling.chunkRows) {
            int r1 = Math.min(ws.rows, r0 + tiling.chunkRows);
            long mark = RnnProfile.mark();
            if (ws.float64) {
                Blas.dgemm(false, true, r1 - r0, cols, d, lane.xv64, (long) r0 * d, d, lane.uv64, (long) cs * d, d,
                        0.0, lane.tile64, 0, cols);
                mark = RnnProfile.add(RnnProfile.Phase.FORWARD_GEMM, mark);
                RecurrenceF64.forwardTile(lane.tileView64, ws.h64, ws.z64, hBase, lane.w64, lane.c64, cols, pairs,
                        act, ws.steps, r0, r1, lane.carry64, lane.row64, ws.partial, b * ws.rows);
            } else {
                Blas.sgemm(false, true, r1 - r0, cols, d, lane.xv32, (long) r0 * d, d, lane.uv32, (long) cs * d, d,
                        0f, lane.tile32, 0, cols);
                mark = RnnProfile.add(RnnProfile.Phase.FORWARD_GEMM, mark);
                RecurrenceF32.forwardTile(lane.tileView32, ws.h32, ws.z32, hBase, lane.w32, lane.c32, cols,
                        pairs, act, ws.steps, r0, r1, lane.carry32, lane.row32, ws.partial, b * ws.rows);
            }
            RnnProfile.add(RnnProfile.Phase.FORWARD_RECURRENCE, mark);
        }
    }

    /** Δ tile by tile, last rows first, each consumed by the ∂U GEMM while it is in cache; ∂R̂/∂w into gradW. */
    private static void backwardBlock(Workspace ws, Workspace.Lane lane, int b, Activation act, double[] gradW) {
        Tiling tiling = ws.tiling;
        int cs = tiling.colStart(b);
        int cols = tiling.cols(b);
        int hBase = ws.blockBase(b);
        int d = ws.d;
        double scale = 1.0 / Math.sqrt(ws.m);
        lane.loadBlock(ws, b);
        java.util.Arrays.fill(lane.gradW, 0, cols, 0.0);
        long gOff = (long) d * cs;
        boolean first = true;
        for (int q = tiling.chunks() - 1; q >= 0; q--) {
            int r0 = q * tiling.chunkRows;
            int r1 = Math.min(ws.rows, r0 + tiling.chunkRows);
            long mark = RnnProfile.mark();
            if (ws.float64) {
                RecurrenceF64.backwardTile(lane.tileView64, ws.h64, ws.z64, hBase, lane.w64, lane.c64, cols,
                        ws.adjoint, scale, act, ws.steps, r0, r1, lane.carry64, lane.row64, lane.prev64, lane.gradW);
                mark = RnnProfile.add(RnnProfile.Phase.BACKWARD_ADJOINT, mark);
                Blas.dgemm(true, false, d, cols, r1 - r0, lane.xv64, (long) r0 * d, d, lane.tile64, 0, cols,
                        first ? 0.0 : 1.0, lane.gv64, gOff, cols);
            } else {
                RecurrenceF32.backwardTile(lane.tileView32, ws.h32, ws.z32, hBase, lane.w32, lane.c32, cols,
                        ws.adjoint, scale, act, ws.steps, r0, r1, lane.carry32, lane.row32, lane.prev32, lane.gradW);
                mark = RnnProfile.add(RnnProfile.Phase.BACKWARD_ADJOINT, mark);
                Blas.sgemm(true, false, d, cols, r1 - r0, lane.xv32, (long) r0 * d, d, lane.tile32, 0, cols,
                        first ? 0f : 1f, lane.gv32, gOff, cols);
            }
            RnnProfile.add(RnnProfile.Phase.BACKWARD_GEMM, mark);
            first = false;
        }
        for (int k = 0; k < cols; k++) {
            gradW[tiling.neuron(cs + k)] = lane.gradW[k];
        }
    }

    /** gradU (m×d) from the per-block (∂R̂/∂U)ᵀ (gradU modified). */
    private static void gatherGradU(Workspace ws, double[] gradU) {
        Tiling tiling = ws.tiling;
        int d = ws.d;
        if (ws.float64) {
            ws.gradUT64.position(0).get(ws.gradUTHeap64, 0, ws.gradUTHeap64.length);
        } else {
            ws.gradUT32.position(0).get(ws.gradUTHeap32, 0, ws.gradUTHeap32.length);
        }
        for (int b = 0; b < tiling.blocks; b++) {
            int cs = tiling.colStart(b);
            int cols = tiling.cols(b);
            int base = d * cs;
            for (int k = 0; k < cols; k++) {
                int row = tiling.neuron(cs + k) * d;
                for (int j = 0; j < d; j++) {
                    int src = base + j * cols + k;
                    gradU[row + j] = ws.float64 ? ws.gradUTHeap64[src] : ws.gradUTHeap32[src];
                }
            }
        }
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

    private static void narrowInto(double[] v, float[] out) {
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
    }
}
