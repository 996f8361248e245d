package org.rnntk.kernels.internal;

/**
 * How forward+BPTT is cut into cache-sized tiles: a tile is a chunk of consecutive rows r = j·T + t
 * times a block of neurons. Each tile's Z = X Uᵀ is made by one small GEMM into a buffer that stays
 * in the core's L2 cache and is consumed by the recurrence right away (and, backwards, each tile's
 * Δ is consumed by the ∂U GEMM the same way), so Z and Δ never travel through main memory; only H
 * does, once out and once back (docs/benchmarks.md, "Where the time goes").
 *
 * <p>Neurons are permuted so that each block holds whole mirrored pairs (i, i + m/2) of the
 * symmetric initialization: block b's columns are neurons [p0, p1), then [p0 + m/2, p1 + m/2), then,
 * for the last block of an odd m, neuron m − 1. Each block's output partial sum Σ c_i h_i then adds
 * the two members of every pair first, and F(Θ(0)) = 0 exactly (docs/theory.md §2).
 *
 * <p>The geometry depends on (m, T) only, never on the thread count: every block is computed whole by
 * one thread, and partial results are added in block order, so results are bit-identical for every
 * thread count. Not API.
 */
public final class Tiling {

    /** Mirrored pairs per block, at most: 256 neurons × 256 rows of float64 = 512 KiB, half an L2. */
    static final int MAX_PAIRS_PER_BLOCK = 128;
    /** Pairs per block, at least, and the granularity of the block width (whole SIMD vectors). */
    static final int PAIR_GRANULE = 8;
    /** Target elements of one tile: 64 Ki (512 KiB float64), measured flat between 128 and 512 rows. */
    static final int TILE_ELEMENTS = 1 << 16;

    public final int m;
    public final int half;
    public final int rows;
    /** Number of neuron blocks. */
    public final int blocks;
    /** Rows per tile (the last chunk may be shorter). */
    public final int chunkRows;
    /** Widest block, in neurons. */
    public final int maxCols;
    /** perm[q] = the neuron at permuted position q. */
    private final int[] perm;
    private final int[] colStart;
    private final int[] pairs;
    private final int[] cols;

    public Tiling(int m, int rows) {
        this.m = m;
        this.rows = rows;
        this.half = m / 2;
        int pairsPerBlock = pairsPerBlock(half);
        this.blocks = half == 0 ? 1 : (half + pairsPerBlock - 1) / pairsPerBlock;
        this.colStart = new int[blocks];
        this.pairs = new int[blocks];
        this.cols = new int[blocks];
        this.perm = new int[m];
        int widest = 0;
        for (int b = 0; b < blocks; b++) {
            int p0 = b * pairsPerBlock;
            int p1 = Math.min(half, p0 + pairsPerBlock);
            pairs[b] = p1 - p0;
            colStart[b] = 2 * p0;
            cols[b] = 2 * pairs[b] + ((b == blocks - 1 && (m & 1) != 0) ? 1 : 0);
            for (int k = 0; k < pairs[b]; k++) {
                perm[colStart[b] + k] = p0 + k;
                perm[colStart[b] + pairs[b] + k] = half + p0 + k;
            }
            if (cols[b] > 2 * pairs[b]) {
                perm[m - 1] = m - 1;
            }
            widest = Math.max(widest, cols[b]);
        }
        this.maxCols = widest;
        this.chunkRows = Math.max(1, Math.min(rows, TILE_ELEMENTS / widest));
    }

    /** About four blocks (so that two to four threads have work), whole granules, at most the cap. */
    static int pairsPerBlock(int half) {
        if (half <= PAIR_GRANULE) {
            return Math.max(1, half);
        }
        int quarter = (half + 3) / 4;
        int rounded = (quarter + PAIR_GRANULE - 1) / PAIR_GRANULE * PAIR_GRANULE;
        return Math.min(MAX_PAIRS_PER_BLOCK, rounded);
    }

    /** First permuted column of block b. */
    public int colStart(int b) {
        return colStart[b];
    }

    /** Mirrored pairs in block b (its first 2·pairs columns). */
    public int pairs(int b) {
        return pairs[b];
    }

    /** Columns (neurons) of block b. */
    public int cols(int b) {
        return cols[b];
    }

    /** The neuron at permuted position q. */
    public int neuron(int q) {
        return perm[q];
    }

    /** Number of row chunks. */
    public int chunks() {
        return (rows + chunkRows - 1) / chunkRows;
    }

    /** v permuted: out[q] = v[perm[q]] (out modified). */
    public void permute(double[] v, double[] out) {
        for (int q = 0; q < m; q++) {
            out[q] = v[perm[q]];
        }
    }

    /** The rows of an m×d matrix permuted: out row q = v row perm[q] (out modified). */
    public void permuteRows(double[] v, int d, double[] out) {
        for (int q = 0; q < m; q++) {
            System.arraycopy(v, perm[q] * d, out, q * d, d);
        }
    }
}
