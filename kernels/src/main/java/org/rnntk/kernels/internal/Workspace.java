package org.rnntk.kernels.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.rnntk.core.SequenceDataset;

/**
 * The buffers of one problem size (n, T, d, m), one data set and one thread count, allocated once
 * and reused across calls: first-touch allocation costs more than the arithmetic a page would hold
 * (docs/design/tiles.md). Nothing here scales with n·T·m except
 * the outputs' block partials (n·T per block): Z and Δ live in per-thread tiles, H in per-thread
 * chunk buffers ({@link Tiling}). Used by one thread at a time (its owner's lock). Not API.
 */
public final class Workspace implements AutoCloseable {

    public final SequenceDataset data;
    public final int n;
    public final int steps;
    public final int d;
    public final int m;
    public final int rows;
    public final boolean float64;
    public final Tiling tiling;

    /** Inputs, (n·T)×d, off-heap, uploaded once (one of the two is null, by precision). */
    public final DoublePointer x64;
    public final FloatPointer x32;
    /**
     * Uᵀ with permuted columns, d×m row-major, off-heap, uploaded per call: the forward GEMM takes
     * it untransposed, which OpenBLAS packs faster than U transposed (docs/design/tiles.md).
     */
    public final DoublePointer u64;
    public final FloatPointer u32;
    /** (∂R̂/∂U)ᵀ per group and block: group g, block b is d×cols(b) at g·m·d + d·colStart(b), off-heap. */
    public final DoublePointer gradUT64;
    public final FloatPointer gradUT32;
    /** Heap copy of gradUT (float32 workspaces: the groups are added up in float64 on the heap). */
    public final float[] gradUTHeap32;
    /** The groups' gradUT added up, in float64, m·d (permuted and transposed, as one group's). */
    public final double[] gradUSum;
    /** Heap staging of the permuted Uᵀ (and its float32 copy in float32 workspaces). */
    public final double[] uPerm;
    public final float[] uPerm32;
    /** w and c permuted, as doubles and (float32 workspaces) as floats. */
    public final double[] wPerm;
    public final double[] cPerm;
    public final float[] wPerm32;
    public final float[] cPerm32;

    /** Whether the pre-activations are kept (activations whose σ' needs z). */
    public final boolean keepZ;
    /** Per group: ∂R̂/∂w in permuted order at [g·m + q], and Σ (F − y)² over the group's rows. */
    public final double[] gradWParts;
    public final double[] lossParts;
    /** Σ_{i in block b} c_i h_{r,i} at [b·rows + r]. */
    public final double[] partial;
    /** Outputs F and loss adjoints e = ∂R̂/∂F, length n·T. */
    public final double[] outputs;
    public final double[] adjoint;
    /** The data set's targets, copied once. */
    public final double[] targets;
    /** One per thread: tile buffer, pointer views and scratch rows. */
    public final Lane[] lanes;

    /** The per-thread part of a workspace. */
    public static final class Lane {
        /** The tile (tileRows × maxCols): Z on the way forward, Δ on the way back. */
        public final DoublePointer tile64;
        public final FloatPointer tile32;
        public final DoubleBuffer tileView64;
        /** The float64 tile for the Vector API rows' loads and stores in place, or null (VectorKernels#zeroCopy). */
        public final DirectTile tileDirect64;
        public final FloatBuffer tileView32;
        /** Views on the shared buffers, positioned by {@link Blas} for this lane only. */
        public final DoublePointer xv64;
        public final DoublePointer uv64;
        public final DoublePointer gv64;
        /** A second view on gradUT64: group 0's part, into which the groups are added (float64). */
        public final DoublePointer sv64;
        public final FloatPointer xv32;
        public final FloatPointer uv32;
        public final FloatPointer gv32;
        /** The block being processed: its parameters and scratch rows (one of the two, by precision). */
        public final RecurrenceF64.Scratch s64;
        public final RecurrenceF32.Scratch s32;
        /**
         * H (and the kept pre-activations) of one chunk, one array per block row: row r (of chunk c)
         * of block b, cols(b) long, at [{@link Workspace#rowBase}(c, b) + r]. Separate arrays let the
         * recurrence write h_t and read h_{t−1} in one vectorized loop without copies (RecurrenceF64).
         */
        public final double[][] h64;
        public final double[][] z64;
        public final float[][] h32;
        public final float[][] z32;
        /**
         * The block whose parameters the scratch holds, or −1: a chunk loads its block twice (forward,
         * backward) and every chunk the same blocks, so a reload is skipped (the copies cost ≈ 3 µs per
         * load at the headline, w and c having left the cache). {@link #forgetBlock} at each pass.
         */
        private int loadedBlock = -1;

        Lane(Workspace ws) {
            Tiling tiling = ws.tiling;
            int tileElems = tiling.tileRows * tiling.maxCols;
            int chunkRows = tiling.maxChunkRows();
            int[] rowCols = new int[tiling.blocks * chunkRows];
            for (int b = 0; b < tiling.blocks; b++) {
                java.util.Arrays.fill(rowCols, b * chunkRows, (b + 1) * chunkRows, tiling.cols(b));
            }
            h64 = ws.float64 ? rows64(rowCols) : null;
            z64 = ws.float64 && ws.keepZ ? rows64(rowCols) : null;
            h32 = ws.float64 ? null : rows32(rowCols);
            z32 = !ws.float64 && ws.keepZ ? rows32(rowCols) : null;
            int cols = tiling.maxCols;
            if (ws.float64) {
                tile64 = zeroed(new DoublePointer(tileElems));
                tileView64 = tile64.asBuffer();
                // VectorRecurrenceF64 is only loaded when the Vector API module is there.
                tileDirect64 = VectorKernels.zeroCopy()
                        ? VectorRecurrenceF64.direct(tile64.asByteBuffer().order(ByteOrder.nativeOrder())) : null;
                xv64 = new DoublePointer(ws.x64);
                uv64 = new DoublePointer(ws.u64);
                gv64 = new DoublePointer(ws.gradUT64);
                sv64 = new DoublePointer(ws.gradUT64);
                tile32 = null;
                tileView32 = null;
                xv32 = null;
                uv32 = null;
                gv32 = null;
            } else {
                tile32 = zeroed(new FloatPointer(tileElems));
                tileView32 = tile32.asBuffer();
                xv32 = new FloatPointer(ws.x32);
                uv32 = new FloatPointer(ws.u32);
                gv32 = new FloatPointer(ws.gradUT32);
                tile64 = null;
                tileView64 = null;
                tileDirect64 = null;
                xv64 = null;
                uv64 = null;
                gv64 = null;
                sv64 = null;
            }
            s64 = ws.float64 ? new RecurrenceF64.Scratch(cols) : null;
            s32 = ws.float64 ? null : new RecurrenceF32.Scratch(cols);
        }

        private static double[][] rows64(int[] lengths) {
            double[][] rows = new double[lengths.length][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new double[lengths[i]];
            }
            return rows;
        }

        private static float[][] rows32(int[] lengths) {
            float[][] rows = new float[lengths.length][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new float[lengths[i]];
            }
            return rows;
        }

        /** Makes the next {@link #loadBlock} copy the parameters again (they may have changed). */
        public void forgetBlock() {
            loadedBlock = -1;
        }

        /** Loads block b's parameters (from the permuted ones) into this lane's scratch, unless it holds them. */
        public void loadBlock(Workspace ws, int b) {
            if (b == loadedBlock) {
                return;
            }
            loadedBlock = b;
            int cs = ws.tiling.colStart(b);
            int cols = ws.tiling.cols(b);
            int pairs = ws.tiling.pairs(b);
            if (ws.float64) {
                s64.load(ws.wPerm, ws.cPerm, cs, cols, pairs);
            } else {
                s32.load(ws.wPerm32, ws.cPerm32, cs, cols, pairs);
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
        long gmd = md * tiling.groups;
        if (float64) {
            x64 = new DoublePointer(xElems);
            x64.put(data.inputs(), 0, (int) xElems);
            u64 = zeroed(new DoublePointer(md));
            gradUT64 = zeroed(new DoublePointer(gmd));
            x32 = null;
            u32 = null;
            gradUT32 = null;
            gradUTHeap32 = null;
        } else {
            double[] inputs = data.inputs();
            float[] xf = new float[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                xf[i] = (float) inputs[i];
            }
            x32 = new FloatPointer(xElems);
            x32.put(xf, 0, xf.length);
            u32 = zeroed(new FloatPointer(md));
            gradUT32 = zeroed(new FloatPointer(gmd));
            gradUTHeap32 = new float[(int) gmd];
            x64 = null;
            u64 = null;
            gradUT64 = null;
        }
        this.uPerm = new double[(int) md];
        this.gradUSum = new double[(int) md];
        this.uPerm32 = float64 ? null : new float[(int) md];
        this.wPerm = new double[m];
        this.cPerm = new double[m];
        this.wPerm32 = float64 ? null : new float[m];
        this.cPerm32 = float64 ? null : new float[m];
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

    private static <P extends Pointer> P zeroed(P p) {
        p.zero();
        return p;
    }

    /** Whether this workspace serves {@code other} with width {@code width}. */
    public boolean fits(SequenceDataset other, int width, boolean f64, boolean keepPreActivations, int threads) {
        return other == data && width == m && f64 == float64 && lanes.length == threads
                && keepPreActivations == keepZ;
    }

    /** The index such that row r (of chunk c) of block b is the lanes' {@code h64[rowBase + r]}. */
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
     * neuron i at r·m + i (a new array).
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
     * Frees the native buffers and nulls every view on them, so that a use after close meets a null
     * pointer ({@link Blas} refuses it) rather than freed memory. Idempotent.
     */
    @Override
    public void close() {
        for (Lane lane : lanes) {
            for (Pointer view : new Pointer[] {lane.xv64, lane.uv64, lane.gv64, lane.sv64, lane.xv32, lane.uv32,
                    lane.gv32}) {
                if (view != null) {
                    view.setNull();
                }
            }
            close(lane.tile64);
            close(lane.tile32);
        }
        close(x64);
        close(u64);
        close(gradUT64);
        close(x32);
        close(u32);
        close(gradUT32);
    }

    private static void close(Pointer p) {
        if (p != null && !p.isNull()) {
            p.close();
        }
    }
}
