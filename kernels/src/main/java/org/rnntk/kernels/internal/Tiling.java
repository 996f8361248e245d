package org.rnntk.kernels.internal;

/**
 * How forward+BPTT is cut into cache-sized pieces. The sequences are split into chunks of whole
 * sequences (rows r = j·T + t, consecutive), small enough that a chunk's hidden states H fit in a
 * core's cache; the neurons into blocks. A chunk is run to the end before the next: for each block,
 * tile by tile (a tile = up to {@link #tileRows} rows of the chunk × the block), Z = X Uᵀ by one
 * small GEMM into a cached buffer, consumed at once by the recurrence, which also adds up the outputs;
 * then the chunk's outputs, loss and adjoints e (they depend on the chunk's rows only); then,
 * backwards, each tile's Δ by the adjoint recursion, consumed at once by the ∂U GEMM. Z, H and Δ never
 * travel through main memory (docs/design/tiles.md).
 *
 * <p>Chunks are gathered into contiguous groups (their number and sizes a function of the shape,
 * {@link #groupStart}), each with its own ∂w, ∂U and loss accumulators, added in group order at the
 * end; threads claim whole groups one at a time, or (a single group) split the blocks of each chunk.
 * Either way every accumulator sees the same operations in the same order.
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

    /**
     * Mirrored pairs per block, at most: the elementwise loops run over a block row (2·pairs long),
     * and C2's vector loops lose their start-up cost only over several hundred elements; 512 pairs
     * measured best (docs/design/tiles.md).
     */
    static final int MAX_PAIRS_PER_BLOCK = 512;
    /** Pairs per block, at least, and the granularity of the block width (whole SIMD vectors). */
    static final int PAIR_GRANULE = 8;
    /** Target elements of one tile: 64 Ki (512 KiB float64; docs/design/tiles.md). */
    static final int TILE_ELEMENTS = 1 << 16;
    /** Target elements of a chunk's H: 64 Ki (512 KiB float64; with a tile, about a core's 1 MiB L2). */
    static final int CHUNK_ELEMENTS = 1 << 16;
    /**
     * Accumulator groups, at most. Threads claim whole groups as they finish the previous one, so
     * that a slower core takes fewer (a static split in halves ran at the pace of the slower core,
     * docs/design/threads.md); the groups shrink
     * towards the end ({@link #groupStarts}) so that the last claims are small. A function of the
     * shape only, so that results never depend on the thread count.
     */
    static final int MAX_GROUPS = 16;
    /** Groups, at least, when there are as many chunks: the budget below never cuts below this. */
    static final int MIN_GROUPS = 4;
    /** Elements of the groups' ∂U accumulators (groups·m·d), at most, above MIN_GROUPS: 32 MiB float64. */
    static final long GROUP_ELEMENTS = 1L << 22;

    public final int m;
    public final int half;
    public final int n;
    public final int steps;
    public final int rows;
    /** Sequences per chunk (the last chunk may hold fewer). */
    public final int seqPerChunk;
    /** Number of chunks. */
    public final int chunks;
    /** Number of accumulator groups: group g holds chunks [groupStart(g), groupStart(g + 1)). */
    public final int groups;
    /** Number of neuron blocks. */
    public final int blocks;
    /** Rows per tile, at most (a chunk's last tile may be shorter). */
    public final int tileRows;
    /** Widest block, in neurons. */
    public final int maxCols;
    /** perm[q] = the neuron at permuted position q. */
    private final int[] perm;
    private final int[] groupStarts;
    private final int[] colStart;
    private final int[] pairs;
    private final int[] cols;

    /**
     * @param d the input dimension: the groups' ∂U accumulators hold groups·m·d elements
     */
    public Tiling(int m, int d, int n, int steps) {
        this.m = m;
        this.n = n;
        this.steps = steps;
        this.rows = n * steps;
        this.half = m / 2;
        long perSequence = (long) steps * m;
        this.seqPerChunk = (int) Math.max(1, Math.min(n, CHUNK_ELEMENTS / perSequence));
        this.chunks = (n + seqPerChunk - 1) / seqPerChunk;
        this.groups = Math.min(chunks, groupsFor((long) m * d));
        this.groupStarts = groupStarts(chunks, groups);
        int pairsPerBlock = pairsPerBlock(half, chunks == 1);
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
        this.tileRows = Math.max(1, Math.min(seqPerChunk * steps, TILE_ELEMENTS / widest));
    }

    /** MAX_GROUPS, fewer when their ∂U accumulators (m·d elements each) would pass GROUP_ELEMENTS, never below MIN_GROUPS. */
    static int groupsFor(long md) {
        long fit = GROUP_ELEMENTS / Math.max(1, md);
        return (int) Math.max(MIN_GROUPS, Math.min(MAX_GROUPS, fit));
    }

    /** First row of chunk c. */
    public int chunkStart(int c) {
        return c * seqPerChunk * steps;
    }

    /** One past the last row of chunk c. */
    public int chunkEnd(int c) {
        return Math.min(rows, (c + 1) * seqPerChunk * steps);
    }

    /** The rows of the largest chunk. */
    public int maxChunkRows() {
        return Math.min(rows, seqPerChunk * steps);
    }

    /** First chunk of group g (groups are contiguous ranges of chunks, see {@link #groupStarts}). */
    public int groupStart(int g) {
        return groupStarts[g];
    }

    /**
     * Group sizes that let the threads finish together: a tail of k groups whose sizes, from the
     * end, are 1, 1, 2, 4, …, 2^(k−2) (each as large as all after it together), and a head whose
     * groups share the other chunks equally (the first ones one more), each at least as large as the
     * tail's largest; k as large as that allows. A thread that claims a tail group while the other
     * one still runs leaves it at most that group's work to wait for, and the last claims are one
     * chunk each (on 256 chunks and 16 groups: 23 ×4, 22 ×6, 16, 8, 4, 2, 1, 1).
     */
    static int[] groupStarts(int chunks, int groups) {
        int tail = 0;
        for (int k = Math.min(groups - 1, 32); k >= 1; k--) {
            long tailChunks = 1L << (k - 1);
            long largest = k == 1 ? 1 : 1L << (k - 2);
            if (chunks - tailChunks >= (groups - k) * largest) {
                tail = k;
                break;
            }
        }
        int head = groups - tail;
        int headChunks = chunks - (tail == 0 ? 0 : 1 << (tail - 1));
        int[] starts = new int[groups + 1];
        int at = 0;
        for (int g = 0; g < groups; g++) {
            starts[g] = at;
            if (g < head) {
                at += headChunks / head + (g < headChunks % head ? 1 : 0);
            } else {
                int fromEnd = groups - 1 - g;
                at += fromEnd == 0 ? 1 : 1 << (fromEnd - 1);
            }
        }
        starts[groups] = at;
        return starts;
    }

    /**
     * Blocks as wide as the cap allows when threads take whole groups of chunks; for a single chunk,
     * whose blocks are what the threads share, about four blocks (in whole granules) so that two to
     * four threads have work.
     */
    static int pairsPerBlock(int half, boolean singleChunk) {
        if (!singleChunk || half <= PAIR_GRANULE) {
            return Math.max(1, Math.min(MAX_PAIRS_PER_BLOCK, half));
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

    /** v permuted: out[q] = v[perm[q]] (out modified). */
    public void permute(double[] v, double[] out) {
        for (int q = 0; q < m; q++) {
            out[q] = v[perm[q]];
        }
    }

    /**
     * An m×d row-major matrix transposed, its columns permuted: out[k·m + q] = v[perm[q]·d + k], d×m
     * row-major (out modified).
     */
    public void permuteTransposed(double[] v, int d, double[] out) {
        for (int q = 0; q < m; q++) {
            int src = perm[q] * d;
            for (int k = 0; k < d; k++) {
                out[k * m + q] = v[src + k];
            }
        }
    }
}
