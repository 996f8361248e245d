package org.rnntk.kernels.dense;

import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Precision;
import org.rnntk.core.Loss;
import org.rnntk.kernels.internal.BlasThreads;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.NtkOptions;

/**
 * The empirical NTK of the dense network (docs/theory.md §11):
 * <pre>
 *   K((X,t),(X',s)) = ⟨∇_Θ F_t(X), ∇_Θ F_s(X')⟩,   Θ = (W, U),  p = m² + m·d
 * </pre>
 * as last-step (n×n), all-steps (nT×nT, row j·T + t) and cross Grams, in float64.
 *
 * <p>Method: Jacobian contraction by row blocks. For the outputs at step τ of a block of b
 * sequences, one adjoint sweep batched over the b sequences gives Δ_s^{(τ)} (b×m per step s ≤ τ:
 * G_τ = c/√m, Δ_s = G_s ⊙ σ'(z_s), G_{s−1} = Δ_s W, one GEMM per step); then each output's Jacobian row
 * is ∇_W F = Σ_{s≤τ} Δ_s h_{s−1}ᵀ and ∇_U F = Σ_{s≤τ} Δ_s x_sᵀ, two GEMMs with inner dimension τ+1;
 * the Gram is J_a J_bᵀ over row blocks. Cost: last step ≈ 2·n·T·m² (adjoints) + 2·n·T·m(m + d)
 * (Jacobian) + 2·n²·p (Gram) flops; all steps ≈ T/2 times the first two terms and N² p for the
 * third. The alternative without J for W, K = Σ_{s,s'} (Δ Δᵀ ∘ (H Hᵀ + X Xᵀ)) summed over blocks,
 * costs 2·(n T)²·m for the last step: cheaper only when T² is well below m, which the library's
 * benchmark sizes are not (docs/theory.md §11).
 *
 * <p>A symmetric Gram computes the upper triangle of blocks and mirrors it, so it is exactly
 * symmetric. The block budget ({@link NtkOptions#blockBudgetBytes()}) bounds the two Jacobian
 * blocks held at once; when the rows of one data set do not fit one block, the column blocks are
 * recomputed for each row block.
 *
 * <p>Thread rule: every call takes this object's lock, so concurrent calls are serialized; a call
 * after {@link #close()} throws {@link IllegalStateException}.
 *
 * <p>Threads: a kernel made by {@link #create(long, int)} runs its GEMMs on that many OpenBLAS
 * threads (at most: fewer while a concurrent library call asked for fewer, {@code internal.BlasThreads});
 * the other factories on the process's own count.
 */
public final class DenseNtk implements AutoCloseable {

    private final long budget;
    private final int threads;
    private final Object lock = new Object();
    private DenseWorkspace rowsWs;
    private DenseWorkspace colsWs;
    private boolean closed;

    private DenseNtk(long budget, int threads) {
        this.budget = budget;
        this.threads = threads;
    }

    /** A kernel function with the default block budget (256 MiB). */
    public static DenseNtk create() {
        return create(NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES);
    }

    /**
     * @param blockBudgetBytes the most memory the two Jacobian blocks may hold at once, &gt; 0
     */
    public static DenseNtk create(long blockBudgetBytes) {
        return make(blockBudgetBytes, 0);
    }

    /**
     * @param blockBudgetBytes the most memory the two Jacobian blocks may hold at once, &gt; 0
     * @param threads          OpenBLAS threads of the GEMMs, &gt;= 1
     */
    public static DenseNtk create(long blockBudgetBytes, int threads) {
        return make(blockBudgetBytes, Checks.positive("threads", threads));
    }

    private static DenseNtk make(long blockBudgetBytes, int threads) {
        if (blockBudgetBytes <= 0) {
            throw new IllegalArgumentException("block budget blockBudgetBytes (" + blockBudgetBytes
                    + ") must be > 0 bytes");
        }
        return new DenseNtk(blockBudgetBytes, threads);
    }

    /** The OpenBLAS threads of the GEMMs; 0 for the process's own count. */
    public int threads() {
        return threads;
    }

    /**
     * The Gram of {@code data} with itself, exactly symmetric.
     *
     * @throws IllegalArgumentException when the data's d differs from the model's, or the budget
     *                                  cannot hold one sequence's Jacobian rows twice
     */
    public GramMatrix gram(DenseRnn model, SequenceDataset data, Loss mode) {
        return gram(model, data, data, mode);
    }

    /**
     * The cross-Gram K(rows, cols); when both are the same object, the symmetric Gram.
     *
     * @throws IllegalArgumentException as {@link #gram(DenseRnn, SequenceDataset, Loss)}
     */
    public GramMatrix gram(DenseRnn model, SequenceDataset rows, SequenceDataset cols, Loss mode) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(cols, "cols");
        Objects.requireNonNull(mode, "mode");
        rows.requireInputDim(model.inputDim(), "the model " + model);
        cols.requireInputDim(model.inputDim(), "the model " + model);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("this DenseNtk has been closed");
            }
            try (BlasThreads.Scope scope = threads == 0 ? BlasThreads.processDefault() : BlasThreads.request(threads)) {
                boolean symmetric = rows == cols;
                rowsWs = DenseWorkspaces.prepare(() -> rowsWs, w -> rowsWs = w, model, rows, Precision.FLOAT64);
                DenseWorkspace cw = rowsWs;
                if (!symmetric) {
                    colsWs = DenseWorkspaces.prepare(() -> colsWs, w -> colsWs = w, model, cols, Precision.FLOAT64);
                    cw = colsWs;
                }
                Activation act = model.activation();
                rowsWs.forward(act, null);
                if (!symmetric) {
                    cw.forward(act, null);
                }
                return contract(act, rowsWs, cw, mode, symmetric);
            }
        }
    }

    private GramMatrix contract(Activation act, DenseWorkspace a, DenseWorkspace b, Loss mode, boolean symmetric) {
        int m = a.m;
        long p = (long) m * m + (long) m * a.d;
        int perSeqA = mode == Loss.LAST_STEP ? 1 : a.steps;
        int perSeqB = mode == Loss.LAST_STEP ? 1 : b.steps;
        long half = budget / 2;
        long seqBytes = Math.max(perSeqA, perSeqB) * p * Double.BYTES;
        if (seqBytes > half) {
            throw new IllegalArgumentException("block budget blockBudgetBytes (" + budget + ") cannot hold two blocks of "
                    + "one sequence's Jacobian rows (" + seqBytes + " bytes each); raise it to at least " + 2 * seqBytes);
        }
        int seqA = (int) Math.min(a.n, half / (perSeqA * p * Double.BYTES));
        int seqB = (int) Math.min(b.n, half / (perSeqB * p * Double.BYTES));
        if (symmetric) {
            seqB = seqA;
        }
        long entries = (long) a.n * perSeqA * b.n * perSeqB;
        if (entries > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + mode + " Gram of " + a.n * (long) perSeqA + " x "
                    + b.n * (long) perSeqB + " entries exceeds the 2^31 elements a Java array can hold");
        }
        int rowsA = a.n * perSeqA;
        int colsB = b.n * perSeqB;
        double[] values = new double[rowsA * colsB];
        try (DenseBuffer ja = new DenseBuffer(true, (long) seqA * perSeqA * p);
             DenseBuffer jb = symmetric && seqA >= a.n ? null : new DenseBuffer(true, (long) seqB * perSeqB * p);
             DenseBuffer k = new DenseBuffer(true, (long) seqA * perSeqA * seqB * perSeqB);
             Adjoints adjA = new Adjoints(a, seqA);
             Adjoints adjCols = symmetric ? null : new Adjoints(b, seqB)) {
            Adjoints adjB = symmetric ? adjA : adjCols;
            double[] kRow = new double[seqB * perSeqB];
            for (int a0 = 0; a0 < a.n; a0 += seqA) {
                int a1 = Math.min(a.n, a0 + seqA);
                adjA.jacobian(act, mode, a0, a1, ja);
                int ra = (a1 - a0) * perSeqA;
                for (int b0 = symmetric ? a0 : 0; b0 < b.n; b0 += seqB) {
                    int b1 = Math.min(b.n, b0 + seqB);
                    int rb = (b1 - b0) * perSeqB;
                    DenseBuffer right = ja;
                    if (!(symmetric && b0 == a0)) {
                        adjB.jacobian(act, mode, b0, b1, jb);
                        right = jb;
                    }
                    DenseBuffer.gemm(false, true, ra, rb, (int) p, ja, 0, (int) p, right, 0, (int) p, 0.0, k, 0, rb);
                    for (int r = 0; r < ra; r++) {
                        k.get((long) r * rb, kRow, 0, rb);
                        System.arraycopy(kRow, 0, values, (a0 * perSeqA + r) * colsB + b0 * perSeqB, rb);
                    }
                }
            }
        }
        if (symmetric) {
            for (int r = 0; r < rowsA; r++) {
                for (int col = 0; col < r; col++) {
                    values[r * colsB + col] = values[col * colsB + r];
                }
            }
        }
        return new GramMatrix(mode, a.n, a.steps, b.n, b.steps, symmetric, values);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (rowsWs != null) {
                rowsWs.close();
                rowsWs = null;
            }
            if (colsWs != null) {
                colsWs.close();
                colsWs = null;
            }
            closed = true;
        }
    }

    /** The batched adjoint sweeps and Jacobian rows of one workspace, for blocks of up to {@code maxSeq} sequences. */
    private static final class Adjoints implements AutoCloseable {
        private final DenseWorkspace ws;
        /** Δ_s of a block: step s, sequence jj at row s·b + jj (b the block's size), m wide. */
        private final DenseBuffer deltas;
        private final DenseBuffer g;
        private final double[] row;
        private final double[] deriv;

        Adjoints(DenseWorkspace ws, int maxSeq) {
            this.ws = ws;
            this.deltas = new DenseBuffer(true, (long) ws.steps * maxSeq * ws.m);
            this.g = new DenseBuffer(true, (long) maxSeq * ws.m);
            this.row = new double[maxSeq * ws.m];
            this.deriv = new double[maxSeq * ws.m];
        }

        /** The Jacobian rows of sequences [j0, j1) into {@code out} (modified), row-major, p wide. */
        void jacobian(Activation act, Loss mode, int j0, int j1, DenseBuffer out) {
            int m = ws.m;
            int d = ws.d;
            int n = ws.n;
            int steps = ws.steps;
            int b = j1 - j0;
            int bm = b * m;
            long p = (long) m * m + (long) m * d;
            double scale = 1.0 / Math.sqrt(m);
            int first = mode == Loss.LAST_STEP ? steps - 1 : 0;
            for (int tau = first; tau < steps; tau++) {
                for (int s = tau; s >= 0; s--) {
                    if (s == tau) {
                        for (int jj = 0; jj < b; jj++) {
                            for (int i = 0; i < m; i++) {
                                row[jj * m + i] = ws.c[i] * scale;
                            }
                        }
                    } else {
                        DenseBuffer.gemm(false, false, b, m, m, deltas, (long) (s + 1) * bm, m, ws.w, 0, m, 0.0, g, 0, m);
                        g.get(0, row, 0, bm);
                    }
                    ws.derivativeRows(act, s, j0, j1, deriv);
                    for (int k = 0; k < bm; k++) {
                        row[k] *= deriv[k];
                    }
                    deltas.put((long) s * bm, row, 0, bm);
                }
                for (int jj = 0; jj < b; jj++) {
                    int j = j0 + jj;
                    long r = mode == Loss.LAST_STEP ? jj : (long) jj * steps + tau;
                    // ∇_W F = Σ_{s≤τ} Δ_s h_{s−1}ᵀ: Δ rows of sequence jj have stride b·m; h_{s−1} is hs block s.
                    DenseBuffer.gemm(true, false, m, m, tau + 1, deltas, (long) jj * m, bm,
                            ws.hs, (long) j * ws.ld, n * ws.ld, 0.0, out, r * p, m);
                    DenseBuffer.gemm(true, false, m, d, tau + 1, deltas, (long) jj * m, bm,
                            ws.x, (long) j * d, n * d, 0.0, out, r * p + (long) m * m, d);
                }
            }
        }

        @Override
        public void close() {
            deltas.close();
            g.close();
        }
    }
}
