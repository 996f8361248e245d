package org.rnntk.kernels.internal;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.rnntk.core.Activation;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;

/**
 * The buffers of one problem size (n, T, d, m), one data set, one precision and one thread count,
 * allocated once and reused across calls: first-touch allocation costs more than the arithmetic a page
 * would hold (docs/design/tiles.md). Nothing here scales with n·T·m except the outputs' block partials
 * (n·T per block): Z and Δ live in per-thread tiles, H in per-thread chunk buffers ({@link Tiling}).
 *
 * <p>Three levels, each buffer in one place (docs/design/kernel-paths.md, "The workspace"):
 * <ul>
 *   <li>this object: the shape and the float64 heap arrays of a call (parameters, row partials,
 *       outputs, adjoints, loss and gradient parts), whatever the precision;</li>
 *   <li>the off-heap buffers the lanes share, in the workspace's precision: {@link Buffers64} or
 *       {@link Buffers32};</li>
 *   <li>one {@link Lane} per thread, holding a {@link Lane64} or a {@link Lane32}: its tile, its views
 *       on the shared buffers, the rows of H and the tile cursor the recurrences read.</li>
 * </ul>
 *
 * <p>Used by one thread at a time (its owner's lock), which hands the lanes to its pool's threads for
 * the tiled phases ({@link ChunkedPass}). Not API.
 */
public final class Workspace implements AutoCloseable {

    private final SequenceDataset data;
    private final int n;
    private final int steps;
    private final int d;
    private final int m;
    private final int rows;
    private final boolean float64;
    /** Whether the pre-activations are kept (activations whose σ' needs z). */
    private final boolean keepZ;
    private final Tiling tiling;

    /** The float64 off-heap buffers the lanes share, or null in a float32 workspace. */
    private final Buffers64 f64;
    /** The float32 buffers the lanes share, or null in a float64 workspace. */
    private final Buffers32 f32;

    /** Uᵀ with permuted columns, d×m row-major: heap staging of the call's U, float64. */
    private final double[] uPerm;
    /** w permuted, m, float64 (the float32 lanes load {@link Buffers32#wPerm}). */
    private final double[] wPerm;
    /** c permuted, m, float64 (the float32 lanes load {@link Buffers32#cPerm}). */
    private final double[] cPerm;
    /** Per group g: ∂R̂/∂w in permuted order at [g·m + q], groups·m. */
    private final double[] gradWParts;
    /** Per group g: Σ (F − y)² over the group's rows, groups. */
    private final double[] lossParts;
    /** Σ_{i in block b} c_i h_{r,i} at [b·rows + r], blocks·n·T: written by the forward tiles. */
    private final double[] partial;
    /** Outputs F, n·T. */
    private final double[] outputs;
    /** Loss adjoints e = ∂R̂/∂F, n·T: read by the backward tiles. */
    private final double[] adjoint;
    /** The data set's targets, n·T (the data set's array, never modified). */
    private final double[] targets;
    /** The groups' ∂Uᵀ added up, in float64, m·d (permuted and transposed, as one group's). */
    private final double[] gradUSum;
    /** One per thread. */
    private final Lane[] lanes;

    /**
     * The per-thread part of a workspace: one of {@link #f64} and {@link #f32} (by precision), and which
     * block's parameters its scratch holds. Used by the thread {@link ChunkedPass} hands it to.
     */
    static final class Lane {
        /** The lane's float64 buffers, or null in a float32 workspace. */
        final Lane64 f64;
        /** The lane's float32 buffers, or null in a float64 workspace. */
        final Lane32 f32;
        /**
         * The block whose parameters the scratch holds, or −1: a chunk loads its block twice (forward,
         * backward) and every chunk the same blocks, so a reload is skipped (the copies cost ≈ 3 µs per
         * load at the headline, w and c having left the cache); reset by {@link #beginPass}.
         */
        private int loadedBlock = -1;

        Lane(Workspace ws) {
            Tiling tiling = ws.tiling;
            int chunkRows = tiling.maxChunkRows();
            int[] rowLengths = new int[tiling.blocks * chunkRows];
            for (int b = 0; b < tiling.blocks; b++) {
                java.util.Arrays.fill(rowLengths, b * chunkRows, (b + 1) * chunkRows, tiling.cols(b));
            }
            f64 = ws.float64 ? new Lane64(tiling, ws.f64, rowLengths, ws.keepZ) : null;
            f32 = ws.float64 ? null : new Lane32(tiling, ws.f32, rowLengths, ws.keepZ);
        }

        /**
         * Starts a pass: the parameters may have changed, so the next {@link #loadBlock} copies them
         * again; the cursor reads this call's activation and the workspace's partials and adjoints.
         */
        void beginPass(Workspace ws, Activation act) {
            loadedBlock = -1;
            double scale = 1.0 / Math.sqrt(ws.m);
            if (f64 != null) {
                f64.cursor.call(act, ws.steps, ws.partial, ws.adjoint, scale);
            } else {
                f32.cursor.call(act, ws.steps, ws.partial, ws.adjoint, scale);
            }
        }

        /** Loads block b's parameters (from the permuted ones) into this lane's scratch, unless it holds them. */
        void loadBlock(Workspace ws, int b) {
            if (b == loadedBlock) {
                return;
            }
            loadedBlock = b;
            int cs = ws.tiling.colStart(b);
            int cols = ws.tiling.cols(b);
            int pairs = ws.tiling.pairs(b);
            if (f64 != null) {
                f64.scratch.load(ws.wPerm, ws.cPerm, cs, cols, pairs);
            } else {
                f32.scratch.load(ws.f32.wPerm, ws.f32.cPerm, cs, cols, pairs);
            }
        }

        /**
         * Points this lane's cursor at a block's rows of H, which {@code states} holds (this lane, or the
         * lane whose H the threads share when they split one chunk's blocks): row r at
         * {@code rowBase + r}, its output partial at {@code pBase + r}.
         */
        void block(Lane states, int rowBase, int pBase) {
            if (f64 != null) {
                f64.cursor.block(states.f64.h, states.f64.z, rowBase, pBase);
            } else {
                f32.cursor.block(states.f32.h, states.f32.z, rowBase, pBase);
            }
        }

        void close() {
            if (f64 != null) {
                f64.close();
            } else {
                f32.close();
            }
        }
    }

    public Workspace(SequenceDataset data, int m, boolean float64, boolean keepPreActivations, int threads) {
        this.data = data;
        this.n = data.size();
        this.steps = data.timeSteps();
        this.d = data.inputDim();
        this.m = m;
        this.float64 = float64;
        this.keepZ = keepPreActivations;
        long perSequence = (long) steps * m;
        if (perSequence > Integer.MAX_VALUE - 8) {
            // A chunk holds the hidden states of at least one whole sequence in one Java array.
            throw new IllegalArgumentException("T*m = " + steps + "*" + m + " = " + perSequence
                    + " hidden states of one sequence exceed the 2^31 elements a Java array can hold;"
                    + " use shorter sequences or a smaller width");
        }
        this.rows = n * steps;
        this.tiling = new Tiling(m, d, n, steps);
        if ((long) tiling.blocks * rows > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("n*T = " + rows + " rows times " + tiling.blocks
                    + " neuron blocks of output partial sums exceed the 2^31 elements a Java array can hold;"
                    + " split the data into batches");
        }
        long xElems = (long) rows * d;
        long md = (long) m * d;
        this.f64 = float64 ? new Buffers64(data.inputs(), xElems, md, tiling.groups) : null;
        this.f32 = float64 ? null : new Buffers32(data.inputs(), xElems, md, m, tiling.groups);
        this.uPerm = new double[(int) md];
        this.gradUSum = new double[(int) md];
        this.wPerm = new double[m];
        this.cPerm = new double[m];
        this.gradWParts = new double[tiling.groups * m];
        this.lossParts = new double[tiling.groups];
        this.partial = new double[tiling.blocks * rows];
        this.outputs = new double[rows];
        this.adjoint = new double[rows];
        this.targets = data.targets();
        this.lanes = new Lane[threads];
        for (int i = 0; i < threads; i++) {
            lanes[i] = new Lane(this);
        }
    }

    static <P extends Pointer> P zeroed(P p) {
        p.zero();
        return p;
    }

    /** Whether this workspace serves {@code other} with width {@code width}. */
    public boolean fits(SequenceDataset other, int width, boolean f64, boolean keepPreActivations, int threads) {
        return other == data && width == m && f64 == float64 && lanes.length == threads
                && keepPreActivations == keepZ;
    }

    /** Sequences n. */
    public int n() {
        return n;
    }

    /** Time steps T. */
    public int steps() {
        return steps;
    }

    /** Input dimension d. */
    public int d() {
        return d;
    }

    /** Width m. */
    public int m() {
        return m;
    }

    /** Rows n·T. */
    public int rows() {
        return rows;
    }

    /** Whether the buffers and GEMMs are float64 (else float32). */
    public boolean float64() {
        return float64;
    }

    /** Whether the pre-activations are kept (activations whose σ' needs z). */
    public boolean keepZ() {
        return keepZ;
    }

    public Tiling tiling() {
        return tiling;
    }

    /** The outputs F of the last pass, n·T (the workspace's array: copy before the next call). */
    public double[] outputs() {
        return outputs;
    }

    double[] partial() {
        return partial;
    }

    double[] adjoint() {
        return adjoint;
    }

    double[] targets() {
        return targets;
    }

    double[] lossParts() {
        return lossParts;
    }

    double[] gradWParts() {
        return gradWParts;
    }

    /**
     * Starts a pass of {@link ChunkedPass} on every lane: the parameters may have changed, and the
     * tile cursors read this call's activation.
     */
    void beginPass(Activation act) {
        for (Lane lane : lanes) {
            lane.beginPass(this, act);
        }
    }

    /** Lane i, i in [0, threads). */
    Lane lane(int i) {
        return lanes[i];
    }

    /**
     * Permutes this call's parameters into the workspace ({@link Tiling}) and uploads Uᵀ, narrowing
     * them first in a float32 workspace. The model is not modified.
     */
    public void loadParameters(DiagonalRnn model) {
        tiling.permuteTransposed(model.u(), d, uPerm);
        tiling.permute(model.w(), wPerm);
        tiling.permute(model.c(), cPerm);
        if (float64) {
            f64.uploadU(uPerm);
        } else {
            f32.upload(uPerm, wPerm, cPerm);
        }
    }

    /** The index such that row r (of chunk c) of block b is the lanes' {@code h[rowBase + r]}. */
    public int rowBase(int c, int b) {
        return b * tiling.maxChunkRows() - tiling.chunkStart(c);
    }

    /**
     * The base index such that row r (of chunk c) of block b is at base + r·cols(b), for a chunk
     * buffer that holds chunk c from {@code offset}.
     */
    public int blockBase(int c, int b, int offset) {
        int start = tiling.chunkStart(c);
        int chunkRows = tiling.chunkEnd(c) - start;
        return offset + chunkRows * tiling.colStart(b) - start * tiling.cols(b);
    }

    /**
     * A buffer in the chunked layout (chunk c from chunkStart(c)·m) into the natural one: row r,
     * neuron i at r·m + i (a new array). One of the two arguments is null (not modified).
     */
    public double[] natural(double[] chunked64, float[] chunked32) {
        double[] out = new double[rows * m];
        for (int c = 0; c < tiling.chunks; c++) {
            int offset = tiling.chunkStart(c) * m;
            for (int b = 0; b < tiling.blocks; b++) {
                int base = blockBase(c, b, offset);
                int cs = tiling.colStart(b);
                int cols = tiling.cols(b);
                for (int r = tiling.chunkStart(c); r < tiling.chunkEnd(c); r++) {
                    int src = base + r * cols;
                    int dst = r * m;
                    for (int k = 0; k < cols; k++) {
                        out[dst + tiling.neuron(cs + k)] = chunked64 != null ? chunked64[src + k] : chunked32[src + k];
                    }
                }
            }
        }
        return out;
    }

    /**
     * gradW and gradU (natural order) from the per-group, permuted parts a BPTT pass left here, groups
     * added in order (both modified), the ∂U sums split over the pool's threads.
     */
    public void gatherGradients(Parallel parallel, double[] gradW, double[] gradU) {
        int md = m * d;
        for (int q = 0; q < m; q++) {
            double s = gradWParts[q];
            for (int g = 1; g < tiling.groups; g++) {
                s += gradWParts[g * m + q];
            }
            gradW[tiling.neuron(q)] = s;
        }
        // The groups' ∂U added element by element in group order (the same bits whatever the split).
        double[] sum = gradUSum;
        int groups = tiling.groups;
        parallel.forRange(md, parallel.chunks(md, (long) md * groups, 1 << 12), (lane, from, to) ->
                addGroups(lane, from, to, sum));
        for (int b = 0; b < tiling.blocks; b++) {
            int cs = tiling.colStart(b);
            int cols = tiling.cols(b);
            int base = d * cs;
            for (int k = 0; k < cols; k++) {
                int row = tiling.neuron(cs + k) * d;
                for (int j = 0; j < d; j++) {
                    gradU[row + j] = sum[base + j * cols + k];
                }
            }
        }
    }

    /**
     * Elements [from, to) of the groups' ∂U added in group order into {@code sum}, through lane
     * {@code lane}'s views. float64: into group 0's native part by OpenBLAS (the same bits as the plain
     * loop, {@link Blas#addInto}), then copied out once; float32: copied out, then added up in float64.
     */
    private void addGroups(int lane, int from, int to, double[] sum) {
        int groups = tiling.groups;
        int md = m * d;
        int len = to - from;
        if (float64) {
            Lane64 l = lanes[lane].f64;
            for (int g = 1; g < groups; g++) {
                Blas.addInto(len, l.gradUT, (long) g * md + from, l.gradUTSum, from);
            }
            Blas.checkRange("gradUT (group 0)", l.gradUTSum, from, len);
            l.gradUTSum.position(from).get(sum, from, len);
            return;
        }
        FloatPointer view = lanes[lane].f32.gradUT;
        float[] heap = f32.gradUTHeap;
        for (int g = 0; g < groups; g++) {
            Blas.checkRange("gradUT (group " + g + ")", view, (long) g * md + from, len);
            view.position((long) g * md + from).get(heap, g * md + from, len);
        }
        for (int i = from; i < to; i++) {
            sum[i] = heap[i];
        }
        for (int g = 1; g < groups; g++) {
            int off = g * md;
            for (int i = from; i < to; i++) {
                sum[i] += heap[off + i];
            }
        }
    }

    /**
     * Frees the native buffers and nulls every view on them, so that a use after close meets a null
     * pointer ({@link Blas} refuses it) rather than freed memory. Idempotent.
     */
    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.close();
        }
        if (f64 != null) {
            f64.close();
        } else {
            f32.close();
        }
    }

    static void close(Pointer p) {
        if (p != null && !p.isNull()) {
            p.close();
        }
    }
}
