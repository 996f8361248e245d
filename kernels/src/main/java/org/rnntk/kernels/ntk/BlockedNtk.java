package org.rnntk.kernels.ntk;

import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.DoubleBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Loss;
import org.rnntk.kernels.KernelProfiler.Phase;
import org.rnntk.kernels.internal.BlasThreads;
import org.rnntk.kernels.internal.NdBuffers;
import org.rnntk.kernels.internal.Parallel;
import org.rnntk.kernels.internal.PhaseTimer;

/**
 * Both {@link NtkImplementation}s over row blocks (docs/theory.md §5). The output Gram is filled
 * tile by tile: a panel of rows of the row operand is built once, then the column operand is
 * streamed past it in blocks; for the Gram of one data set only tiles on or above the diagonal are
 * computed and mirrored, so the result is exactly symmetric.
 *
 * <p>Buffers are kept between calls and grown on demand; ND4J buffers are flat and used through
 * zero-offset prefix views, so a smaller last block needs no new allocation.
 *
 * <p>Threads: see {@link EmpiricalNtk}; every public method holds this object's monitor for the whole
 * call. A call spreads its GEMMs over the pool's Java threads, so it asks OpenBLAS for one thread
 * ({@code internal.BlasThreads}) for its length.
 *
 * <p>Profiling: the phases of {@link NtkOptions#profiler()} are timed for JACOBIAN_CONTRACTION; a
 * PER_NEURON_FACTORIZED call reports its SETUP and RESULT only.
 */
final class BlockedNtk implements EmpiricalNtk {

    /** Neurons per parallel chunk, at least; smaller chunks lose to task hand-off. */
    private static final int MIN_NEURONS_PER_CHUNK = 16;
    /** Rows per side of a contraction sub-tile: 64×64 outputs per GEMM pair keep OpenBLAS efficient. */
    private static final int SUB_TILE = 64;
    /**
     * Sub-tile rows of a contraction with at least {@link #LARGE_TILE_TASKS} such sub-tiles: each GEMM packs its
     * two operands (rows × p) again, so larger sub-tiles spend less of the time packing (docs/design/tiles.md).
     */
    private static final int LARGE_SUB_TILE = 256;
    /** Sub-tiles a contraction needs at {@link #LARGE_SUB_TILE} rows before it uses them (balance across threads). */
    private static final int LARGE_TILE_TASKS = 16;
    /** Largest Java array we allocate. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /**
     * Largest ND4J buffer, in doubles, that this class reaches through a {@code java.nio} view (uploads,
     * downloads, the contraction's tile buffer): a view addresses at most 2^31 − 1 bytes.
     */
    static final long MAX_NIO_DOUBLES = Integer.MAX_VALUE / Double.BYTES;

    private final NtkOptions options;
    private final Parallel parallel;
    /** The options' profiler as the loops see it. */
    private final PhaseTimer timer;
    private final Map<String, INDArray> flats = new HashMap<>();
    private final Map<String, double[]> scratch = new HashMap<>();
    /** The NTK loops' scratch rows, kept between calls (thread rule: {@link NtkLoops.Scratch}). */
    private final NtkLoops.Scratch loopScratch = new NtkLoops.Scratch();
    /** The data set whose inputs are in the "x" + role buffer, and their Java copy; by identity. */
    private final Map<String, SequenceDataset> uploadedData = new HashMap<>();
    private final Map<String, double[]> uploadedX = new HashMap<>();
    private boolean closed;

    BlockedNtk(NtkOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.timer = PhaseTimer.of(options.profiler());
        // ND4J sets OpenBLAS's thread count when it starts: before any call's request, not inside one.
        NdBuffers.started();
        this.parallel = new Parallel(options.threads());
    }

    @Override
    public NtkOptions options() {
        return options;
    }

    @Override
    public GramMatrix gram(DiagonalRnn model, SequenceDataset data, Loss mode) {
        return compute(model, data, data, mode);
    }

    @Override
    public GramMatrix gram(DiagonalRnn model, SequenceDataset rows, SequenceDataset cols, Loss mode) {
        return compute(model, rows, cols, mode);
    }

    /** Waits for a call in progress, then frees the buffers and stops the pool. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            for (INDArray a : flats.values()) {
                NdBuffers.release(a);
            }
            flats.clear();
            scratch.clear();
            loopScratch.release();
            uploadedData.clear();
            uploadedX.clear();
            parallel.close();
            closed = true;
        }
    }

    // --- shared setup -----------------------------------------------------------------------

    /** The model's parameters in the form the loops use; {@link #block} hands them to {@link NtkLoops}. */
    private final class Model {
        final Activation act;
        final int m;
        final int d;
        final double[] w;
        final double[] scale;
        final INDArray u;

        Model(DiagonalRnn model) {
            act = model.activation();
            m = model.width();
            d = model.inputDim();
            w = model.w();
            scale = model.c();
            double s = 1.0 / Math.sqrt(m);
            for (int i = 0; i < m; i++) {
                scale[i] *= s;
            }
            u = view("u", m, d);
            upload(model.u(), u, (long) m * d);
        }

        /** What the loops over {@code seqs} sequences of {@code steps} steps share (validated here). */
        NtkLoops.Block block(int seqs, int steps) {
            return new NtkLoops.Block(w, scale, act, seqs, steps, m, d);
        }
    }

    /** One data set: its inputs in Java and on the ND4J side, (n·T)×d and n×T×d. */
    private final class Operand {
        final int n;
        final int steps;
        final double[] x;
        final INDArray x2;
        final INDArray x3;

        Operand(SequenceDataset data, int d, String role) {
            n = data.size();
            steps = data.timeSteps();
            x2 = view("x" + role, (long) n * steps, d);
            x3 = view("x" + role, n, steps, d);
            // A SequenceDataset is immutable: the same object has the same inputs, already uploaded
            // into this role's buffer (only Operand writes it). Skips a fresh n·T·d copy and its upload.
            if (uploadedData.get(role) == data) {
                x = uploadedX.get(role);
            } else {
                x = data.inputs();
                upload(x, x2, x.length);
                uploadedData.put(role, data);
                uploadedX.put(role, x);
            }
        }
    }

    private synchronized GramMatrix compute(DiagonalRnn model, SequenceDataset a, SequenceDataset b, Loss mode) {
        if (closed) {
            throw new IllegalStateException("this EmpiricalNtk (" + options + ") has been closed");
        }
        try (BlasThreads.Scope blas = BlasThreads.single()) {
            return computeOpen(model, a, b, mode);
        }
    }

    private GramMatrix computeOpen(DiagonalRnn model, SequenceDataset a, SequenceDataset b, Loss mode) {
        long mark = timer.mark();
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(a, "rows");
        Objects.requireNonNull(b, "cols");
        Objects.requireNonNull(mode, "mode");
        a.requireInputDim(model.inputDim(), "the model " + model);
        if (b.inputDim() != a.inputDim()) {
            throw new IllegalArgumentException("column data set " + b + " has input dimension d = " + b.inputDim()
                    + " but the row data set " + a + " and the model " + model + " expect d = " + a.inputDim());
        }
        boolean symmetric = a == b;
        long rowsA = mode.outputCount(a.size(), a.timeSteps());
        long rowsB = mode.outputCount(b.size(), b.timeSteps());
        if (rowsA * rowsB > MAX_ARRAY) {
            throw new IllegalArgumentException("a " + mode + " Gram of shape " + Checks.shape(rowsA, rowsB)
                    + " exceeds the 2^31 entries a Java array can hold; use fewer sequences per call");
        }
        double[] out = new double[(int) (rowsA * rowsB)];
        Model mdl = new Model(model);
        Operand opA = new Operand(a, mdl.d, "A");
        Operand opB = symmetric ? opA : new Operand(b, mdl.d, "B");
        timer.add(Phase.SETUP, mark);
        if (options.implementation() == NtkImplementation.JACOBIAN_CONTRACTION) {
            contraction(mdl, opA, opB, mode, symmetric, (int) rowsA, (int) rowsB, out);
        } else {
            if (mode != Loss.LAST_STEP) {
                throw new IllegalArgumentException("implementation PER_NEURON_FACTORIZED computes the LAST_STEP Gram"
                        + " only (docs/theory.md §5 (3)); got mode " + mode + ": use JACOBIAN_CONTRACTION");
            }
            factorized(mdl, opA, opB, symmetric, out);
        }
        mark = timer.mark();
        GramMatrix result = new GramMatrix(mode, a.size(), a.timeSteps(), b.size(), b.timeSteps(), symmetric, out);
        timer.add(Phase.RESULT, mark);
        return result;
    }

    // --- Jacobian contraction -----------------------------------------------------------------

    /** Rows [r0, r0 + rows) of the Jacobian: ∂F/∂w (rows×m) and ∂F/∂U (rows×m·d) on the ND4J side. */
    private record JacobianBlock(int r0, int rows, INDArray jw, INDArray ju) {
    }

    private void contraction(Model mdl, Operand opA, Operand opB, Loss mode, boolean symmetric, int rowsA,
                             int rowsB, double[] out) {
        long p = (long) mdl.m * (mdl.d + 1);
        long rowBytes = 8L * p;
        long budget = options.blockBudgetBytes();
        if (budget < 2 * rowBytes) {
            throw new IllegalArgumentException("block budget blockBudgetBytes (" + budget + " bytes) cannot hold one"
                    + " Jacobian row of each operand: expected >= 2 * 8 * p = " + 2 * rowBytes + " bytes with p = m(d+1) = "
                    + mdl.m + "*(" + mdl.d + "+1) = " + p);
        }
        long rowCap = jacobianRowCap(mdl.m, mdl.d);
        long fit = budget / rowBytes;
        int panel;
        int stream;
        if (symmetric && rowsA <= Math.min(fit, rowCap)) {
            panel = rowsA;
            stream = rowsA;
        } else if (!symmetric && rowsA + rowsB <= fit && Math.max(rowsA, rowsB) <= rowCap) {
            panel = rowsA;
            stream = rowsB;
        } else {
            // Every panel streams the column operand once, recomputing its Jacobian blocks (a forward
            // pass each), so the panel gets most of the budget and the streamed block a quarter.
            int streamRows = (int) Math.min(Math.max(1, fit / 4), rowCap);
            panel = (int) Math.min(Math.min(fit - streamRows, rowCap), rowsA);
            stream = Math.min(streamRows, rowsB);
        }
        for (int r0 = 0; r0 < rowsA; r0 += panel) {
            JacobianBlock blockA = jacobian(mdl, opA, mode, r0, Math.min(rowsA, r0 + panel), "A");
            for (int c0 = symmetric ? r0 : 0; c0 < rowsB; c0 += stream) {
                int c1 = Math.min(rowsB, c0 + stream);
                JacobianBlock blockB = symmetric && c0 == r0 && c1 == blockA.r0 + blockA.rows ? blockA
                        : jacobian(mdl, opB, mode, c0, c1, "B");
                long mark = timer.mark();
                contractTile(blockA, blockB, symmetric && blockB == blockA, rowsB, symmetric, out);
                timer.add(Phase.CONTRACTION, mark);
            }
        }
    }

    /**
     * The most Jacobian rows one block may hold: its ∂F/∂U (rows × m·d) and ∂F/∂w (rows × m) must each
     * fit one {@code java.nio} view, and a contraction's tile buffer (at most rows² outputs) too.
     */
    static long jacobianRowCap(int m, int d) {
        long cap = Math.min(MAX_NIO_DOUBLES / ((long) m * d), MAX_NIO_DOUBLES / m);
        return Math.min(cap, (long) Math.sqrt((double) MAX_NIO_DOUBLES));
    }

    /**
     * out[a][b] = ⟨J_a, J_b⟩ for the rows of two Jacobian blocks, as sub-tiles of at most
     * {@link #SUB_TILE} rows ({@link #LARGE_SUB_TILE} for large blocks, {@link #subTile}) spread over the
     * threads (each a single-threaded OpenBLAS GEMM pair into its
     * own region of one native buffer, then written back by the thread that computed it). On a
     * diagonal tile (a block with itself) only the sub-tiles on or above the diagonal are computed:
     * ≈ (1 + 1/q)/2 of the GEMM flops for q sub-tiles per side, SYRK's saving without its single thread.
     */
    private void contractTile(JacobianBlock a, JacobianBlock b, boolean diagonal, int outCols, boolean symmetric,
                              double[] out) {
        int sub = subTile(a.rows, b.rows, diagonal);
        int qa = (a.rows + sub - 1) / sub;
        int qb = (b.rows + sub - 1) / sub;
        int count = 0;
        for (int ia = 0; ia < qa; ia++) {
            count += diagonal ? qb - ia : qb;
        }
        int tasks = count;
        int[] taskA = new int[tasks];
        int[] taskB = new int[tasks];
        long[] offset = new long[tasks + 1];
        int k = 0;
        for (int ia = 0; ia < qa; ia++) {
            for (int ib = diagonal ? ia : 0; ib < qb; ib++) {
                taskA[k] = ia;
                taskB[k] = ib;
                offset[k + 1] = offset[k] + (long) subRows(a.rows, ia, sub) * subRows(b.rows, ib, sub);
                k++;
            }
        }
        INDArray flat = flat("tiles", offset[tasks]);
        INDArray[] c = new INDArray[tasks];
        for (int q = 0; q < tasks; q++) {
            INDArray region = offset[q] == 0 && offset[q + 1] == flat.length() ? flat
                    : flat.get(NDArrayIndex.interval(offset[q], offset[q + 1]));
            c[q] = region.reshape('c', subRows(a.rows, taskA[q], sub), subRows(b.rows, taskB[q], sub));
        }
        INDArray[] aw = subBlocks(a.jw, a.rows, qa, sub);
        INDArray[] au = subBlocks(a.ju, a.rows, qa, sub);
        INDArray[] bw = diagonal ? aw : subBlocks(b.jw, b.rows, qb, sub);
        INDArray[] bu = diagonal ? au : subBlocks(b.ju, b.rows, qb, sub);
        int workers = Math.min(parallel.threads(), tasks);
        double[][] buf = new double[workers][];
        for (int wk = 0; wk < workers; wk++) {
            buf[wk] = scratch("tile" + wk, (long) sub * sub);
        }
        DoubleBuffer tiles = NdBuffers.doubles(flat);
        AtomicInteger next = new AtomicInteger();
        parallel.forRange(workers, workers, (wk, from, to) -> {
            double[] t = buf[wk];
            for (int q = next.getAndIncrement(); q < tasks; q = next.getAndIncrement()) {
                int ia = taskA[q];
                int ib = taskB[q];
                Nd4j.gemm(aw[ia], bw[ib], c[q], false, true, 1.0, 0.0);
                Nd4j.gemm(au[ia], bu[ib], c[q], false, true, 1.0, 1.0);
                int ra = subRows(a.rows, ia, sub);
                int rb = subRows(b.rows, ib, sub);
                tiles.get((int) offset[q], t, 0, ra * rb);
                scatter(t, a.r0 + ia * sub, ra, b.r0 + ib * sub, rb, outCols, symmetric, out);
            }
        });
    }

    /**
     * The sub-tile rows of a contraction of blocks of {@code rowsA} and {@code rowsB} rows: a function of
     * the shapes only, never of the thread count, so a Gram's bits do not depend on the threads.
     */
    static int subTile(int rowsA, int rowsB, boolean diagonal) {
        long qa = (rowsA + LARGE_SUB_TILE - 1) / LARGE_SUB_TILE;
        long qb = (rowsB + LARGE_SUB_TILE - 1) / LARGE_SUB_TILE;
        long tasks = diagonal ? qa * (qa + 1) / 2 : qa * qb;
        return tasks >= LARGE_TILE_TASKS ? LARGE_SUB_TILE : SUB_TILE;
    }

    private static int subRows(int rows, int index, int sub) {
        return Math.min(sub, rows - index * sub);
    }

    /** Row-interval views of a rows×cols matrix, q sub-blocks of {@code sub} rows. */
    private static INDArray[] subBlocks(INDArray m, int rows, int q, int sub) {
        INDArray[] v = new INDArray[q];
        for (int i = 0; i < q; i++) {
            v[i] = q == 1 ? m : m.get(NDArrayIndex.interval((long) i * sub, (long) i * sub + subRows(rows, i, sub)),
                    NDArrayIndex.all());
        }
        return v;
    }

    private JacobianBlock jacobian(Model mdl, Operand op, Loss mode, int r0, int r1, String role) {
        int m = mdl.m;
        int d = mdl.d;
        int rows = r1 - r0;
        int steps = op.steps;
        INDArray jw = view("jw" + role, rows, m);
        INDArray ju = view("ju" + role, rows, (long) m * d);
        long rowWork = (long) rows * steps * m;
        int chunks = parallel.chunks(m, rowWork, MIN_NEURONS_PER_CHUNK);
        if (mode == Loss.LAST_STEP) {
            lastStepJacobian(mdl, op, r0, rows, jw, role);
            return new JacobianBlock(r0, rows, jw, ju);
        } else {
            long mark = timer.mark();
            double[] jwJ = scratch("jw", (long) rows * m);
            int jA = r0 / steps;
            int jB = (r1 - 1) / steps;
            int seqs = jB - jA + 1;
            forwardBlock(mdl, op, jA, seqs);
            double[] h = scratch("hz", 0);
            double[] deriv = scratch("deriv", 0);
            double[] juJ = scratch("ju", (long) rows * m * d);
            NtkLoops.Block block = mdl.block(seqs, steps);
            NtkLoops.StoredRows stored = new NtkLoops.StoredRows(op.x, jA * steps, r0 - jA * steps, r1 - jA * steps,
                    jwJ, juJ);
            NtkLoops.Scratch loops = loopScratch.sizedForAllStepsRows(block);
            parallel.forRange(m, chunks, (c, from, to) -> NtkLoops.allStepsRows(block, h, deriv, stored, loops, from,
                    to));
            upload(juJ, ju, (long) rows * m * d);
            upload(jwJ, jw, (long) rows * m);
            timer.add(Phase.SENSITIVITIES, mark);
        }
        return new JacobianBlock(r0, rows, jw, ju);
    }

    /**
     * The last-step Jacobian of sequences [j0, j0 + seqs): Z = X Uᵀ in row blocks over the threads,
     * the fused forward/γ recursion per neuron block ({@link NtkLoops#lastStepJacobian}) writing Γ over
     * Z and ∂F/∂w into {@code jw}, then (into the "ju" buffer of {@code role}) ∂F/∂U_j = Γ_jᵀ X_j (m×d) per sequence, sequences split over the
     * threads. No Java copy of Z, H or Γ exists; H lives one sequence at a time in a T×m scratch.
     */
    private void lastStepJacobian(Model mdl, Operand op, int j0, int seqs, INDArray jw, String role) {
        int m = mdl.m;
        int d = mdl.d;
        int steps = op.steps;
        long rows = (long) seqs * steps;
        if (rows * m > MAX_NIO_DOUBLES) {
            throw new IllegalArgumentException("the forward state of " + seqs + " sequences (T = " + steps + ", m = "
                    + m + ") exceeds the 2^31 bytes a buffer view can address; lower blockBudgetBytes");
        }
        long mark = timer.mark();
        INDArray z = view("z", rows, m);
        int threads = parallel.threads();
        int gemmBlocks = rows * m < Parallel.SEQUENTIAL_THRESHOLD ? 1 : (int) Math.min(threads, seqs);
        INDArray[] xs = new INDArray[gemmBlocks];
        INDArray[] zs = new INDArray[gemmBlocks];
        for (int b = 0; b < gemmBlocks; b++) {
            long s0 = (long) seqs * b / gemmBlocks * steps;
            long s1 = (long) seqs * (b + 1) / gemmBlocks * steps;
            xs[b] = op.x2.get(NDArrayIndex.interval((long) j0 * steps + s0, (long) j0 * steps + s1), NDArrayIndex.all());
            zs[b] = gemmBlocks == 1 ? z : z.get(NDArrayIndex.interval(s0, s1), NDArrayIndex.all());
        }
        parallel.forRange(gemmBlocks, gemmBlocks, (b, from, to) -> NdBuffers.gemm(xs[b], false, mdl.u, true, zs[b]));
        timer.add(Phase.PROJECTION, mark);

        mark = timer.mark();
        NtkLoops.Block block = mdl.block(seqs, steps);
        NtkLoops.Scratch loops = loopScratch.sizedForLastStepJacobian(block);
        DoubleBuffer zg = NdBuffers.doubles(z);
        DoubleBuffer jwb = NdBuffers.doubles(jw);
        int chunks = parallel.chunks(m, rows * m, MIN_NEURONS_PER_CHUNK);
        parallel.forRange(m, chunks, (c, from, to) -> NtkLoops.lastStepJacobian(block, zg, jwb, 0, m, loops, from,
                to));
        timer.add(Phase.RECURRENCES, mark);

        mark = timer.mark();
        INDArray g3 = view("z", seqs, steps, m);
        INDArray x3 = op.x3;
        INDArray u3 = view("ju" + role, seqs, m, d);
        int blocks = (int) Math.min(threads, seqs);
        INDArray[] gs = new INDArray[blocks];
        INDArray[] xb = new INDArray[blocks];
        INDArray[] us = new INDArray[blocks];
        for (int b = 0; b < blocks; b++) {
            long s0 = (long) seqs * b / blocks;
            long s1 = (long) seqs * (b + 1) / blocks;
            gs[b] = blocks == 1 ? g3 : g3.get(NDArrayIndex.interval(s0, s1), NDArrayIndex.all(), NDArrayIndex.all());
            xb[b] = x3.get(NDArrayIndex.interval(j0 + s0, j0 + s1), NDArrayIndex.all(), NDArrayIndex.all());
            us[b] = blocks == 1 ? u3 : u3.get(NDArrayIndex.interval(s0, s1), NDArrayIndex.all(), NDArrayIndex.all());
        }
        parallel.forRange(blocks, blocks, (b, from, to) -> Nd4j.matmul(gs[b], xb[b], us[b], true, false, false));
        timer.add(Phase.GAMMA_X, mark);
    }

    /** H and D of sequences [j0, j0 + seqs) into the scratch arrays "hz" and "deriv". */
    private void forwardBlock(Model mdl, Operand op, int j0, int seqs) {
        int m = mdl.m;
        int steps = op.steps;
        long rows = (long) seqs * steps;
        if (rows * m > MAX_NIO_DOUBLES) {
            throw new IllegalArgumentException("the forward state of " + seqs + " sequences (T = " + steps + ", m = "
                    + m + ") exceeds the 2^31 bytes a buffer view can address; lower blockBudgetBytes");
        }
        INDArray z = view("z", rows, m);
        INDArray xv = op.x2.get(NDArrayIndex.interval((long) j0 * steps, (long) (j0 + seqs) * steps), NDArrayIndex.all());
        NdBuffers.gemm(xv, false, mdl.u, true, z);
        double[] hz = scratch("hz", rows * m);
        double[] deriv = scratch("deriv", rows * m);
        download(z, hz, rows * m);
        int chunks = parallel.chunks(m, rows * m, MIN_NEURONS_PER_CHUNK);
        NtkLoops.Block block = mdl.block(seqs, steps);
        parallel.forRange(m, chunks, (c, from, to) -> NtkLoops.forward(block, hz, deriv, from, to));
    }

    // --- per-neuron factorization (last step) ------------------------------------------------

    /** Sequences [j0, j0 + seqs): Γ on the ND4J side, (seqs·T)×m, and ∂F_T/∂w in Java, seqs×m. */
    private record CoefficientBlock(int j0, int seqs, INDArray gamma, double[] jw) {
    }

    private void factorized(Model mdl, Operand opA, Operand opB, boolean symmetric, double[] out) {
        int m = mdl.m;
        long budget = options.blockBudgetBytes();
        long stepsMax = Math.max(opA.steps, opB.steps);
        long one = factorizedBytes(1, stepsMax, m);
        if (budget < one) {
            throw new IllegalArgumentException("block budget blockBudgetBytes (" + budget + " bytes) cannot hold one"
                    + " sequence of each operand for PER_NEURON_FACTORIZED: expected >= 8 * (2*T*m + 3*T^2) = " + one
                    + " bytes with T = " + stepsMax + ", m = " + m);
        }
        int nMax = Math.max(opA.n, opB.n);
        int block = 1;
        while (block < nMax && factorizedBytes(block + 1L, stepsMax, m) <= budget
                && (block + 1L) * stepsMax * m <= MAX_NIO_DOUBLES) {
            block++;
        }
        int panel = Math.min(block, opA.n);
        int stream = symmetric ? panel : Math.min(block, opB.n);
        int cols = opB.n;
        for (int a0 = 0; a0 < opA.n; a0 += panel) {
            CoefficientBlock blockA = coefficients(mdl, opA, a0, Math.min(opA.n, a0 + panel), "A");
            for (int b0 = symmetric ? a0 : 0; b0 < opB.n; b0 += stream) {
                int b1 = Math.min(opB.n, b0 + stream);
                CoefficientBlock blockB = symmetric && b0 == a0 ? blockA : coefficients(mdl, opB, b0, b1, "B");
                long rowsT = (long) blockA.seqs * opA.steps;
                long colsT = (long) blockB.seqs * opB.steps;
                INDArray g = view("gtile", rowsT, colsT);
                INDArray xa = opA.x2.get(NDArrayIndex.interval((long) blockA.j0 * opA.steps,
                        (long) (blockA.j0 + blockA.seqs) * opA.steps), NDArrayIndex.all());
                INDArray xb = opB.x2.get(NDArrayIndex.interval((long) blockB.j0 * opB.steps,
                        (long) (blockB.j0 + blockB.seqs) * opB.steps), NDArrayIndex.all());
                NdBuffers.gemm(xa, false, xb, true, g);
                INDArray prod = view("ctile", rowsT, colsT);
                NdBuffers.gemm(blockA.gamma, false, blockB.gamma, true, prod);
                prod.muli(g);
                double[] t = scratch("tile", rowsT * colsT);
                download(prod, t, rowsT * colsT);
                double[] k = scratch("ktile", (long) blockA.seqs * blockB.seqs);
                blockSums(t, blockA, opA.steps, blockB, opB.steps, m, k);
                scatter(k, blockA.j0, blockA.seqs, blockB.j0, blockB.seqs, cols, symmetric, out);
            }
        }
    }

    /** Bytes of two Γ blocks of b sequences plus the three (b·T)² tiles (two native, one Java). */
    private static long factorizedBytes(long b, long steps, long m) {
        double bytes = 8.0 * (2.0 * b * steps * m + 3.0 * (b * steps) * (b * steps));
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /** K_ab = Σ_{t,t'} (G ∘ ΓΓᵀ)[(a,t),(b,t')] + ⟨Jw_a, Jw_b⟩ (docs/theory.md §5 (3)). */
    private static void blockSums(double[] prod, CoefficientBlock a, int stepsA, CoefficientBlock b, int stepsB,
                                  int m, double[] k) {
        int colsT = b.seqs * stepsB;
        for (int ja = 0; ja < a.seqs; ja++) {
            for (int jb = 0; jb < b.seqs; jb++) {
                double s = 0;
                for (int ta = 0; ta < stepsA; ta++) {
                    int base = (ja * stepsA + ta) * colsT + jb * stepsB;
                    for (int tb = 0; tb < stepsB; tb++) {
                        s += prod[base + tb];
                    }
                }
                double sw = 0;
                for (int i = 0; i < m; i++) {
                    sw += a.jw[ja * m + i] * b.jw[jb * m + i];
                }
                k[ja * b.seqs + jb] = s + sw;
            }
        }
    }

    private CoefficientBlock coefficients(Model mdl, Operand op, int j0, int j1, String role) {
        int m = mdl.m;
        int seqs = j1 - j0;
        int steps = op.steps;
        forwardBlock(mdl, op, j0, seqs);
        double[] h = scratch("hz", 0);
        double[] deriv = scratch("deriv", 0);
        double[] gamma = scratch("gamma", (long) seqs * steps * m);
        double[] jw = scratch("jwF" + role, (long) seqs * m);
        NtkLoops.Block block = mdl.block(seqs, steps);
        NtkLoops.Scratch loops = loopScratch.sizedForLastStepCoefficients(block);
        int chunks = parallel.chunks(m, (long) seqs * steps * m, MIN_NEURONS_PER_CHUNK);
        parallel.forRange(m, chunks, (c, from, to) -> NtkLoops.lastStepCoefficients(block, h, deriv, gamma, jw,
                loops, from, to));
        INDArray g = view("gamma" + role, (long) seqs * steps, m);
        upload(gamma, g, (long) seqs * steps * m);
        return new CoefficientBlock(j0, seqs, g, jw);
    }

    // --- buffers -------------------------------------------------------------------------------

    /**
     * Writes tile t (rows×cols, row-major) at (r0, c0) of the output (row length outCols). For the
     * Gram of one data set only entries on or above the diagonal are taken, each written to both
     * (a, b) and (b, a), so the result is exactly symmetric; the tiles visited (column blocks
     * starting at the panel's first row) cover the upper triangle.
     */
    private static void scatter(double[] t, int r0, int rows, int c0, int cols, int outCols, boolean symmetric,
                                double[] out) {
        for (int r = 0; r < rows; r++) {
            int a = r0 + r;
            for (int c = symmetric ? Math.max(0, a - c0) : 0; c < cols; c++) {
                double v = t[r * cols + c];
                out[a * outCols + c0 + c] = v;
                if (symmetric) {
                    out[(c0 + c) * outCols + a] = v;
                }
            }
        }
    }

    /** The flat native buffer of {@code role}, at least len long. */
    private INDArray flat(String role, long len) {
        INDArray flat = flats.get(role);
        if (flat == null || flat.length() < len) {
            NdBuffers.release(flat);
            flat = Nd4j.create(DataType.DOUBLE, Math.max(len, 1));
            flats.put(role, flat);
        }
        return flat;
    }

    /** A zero-offset C-order view of the given shape on the flat native buffer of {@code role}. */
    private INDArray view(String role, long... shape) {
        long len = 1;
        for (long s : shape) {
            len *= s;
        }
        INDArray flat = flats.get(role);
        if (flat == null || flat.length() < len) {
            NdBuffers.release(flat);
            flat = Nd4j.create(DataType.DOUBLE, Math.max(len, 1));
            flats.put(role, flat);
        }
        INDArray prefix = flat.length() == len ? flat : flat.get(NDArrayIndex.interval(0, len));
        return prefix.reshape('c', shape);
    }

    /** A Java array of length ≥ len for {@code key}, kept between calls; len 0 returns the current one. */
    private double[] scratch(String key, long len) {
        if (len > MAX_ARRAY) {
            throw new IllegalArgumentException("a scratch buffer of " + len + " doubles exceeds the 2^31 elements a"
                    + " Java array can hold; lower blockBudgetBytes or use fewer sequences per call");
        }
        double[] a = scratch.get(key);
        if (a == null || a.length < len) {
            a = new double[(int) Math.max(len, 1)];
            scratch.put(key, a);
        }
        return a;
    }

    /** Copies src[0, len) to the start of dst's (zero-offset) buffer; dst modified. */
    static void upload(double[] src, INDArray dst, long len) {
        dst.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().put(src, 0, (int) len);
    }

    /** Copies the first len elements of src's (zero-offset) buffer to dst; dst modified. */
    static void download(INDArray src, double[] dst, long len) {
        src.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().get(dst, 0, (int) len);
    }
}
