package org.rnntk.kernels.ntk;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnntk.kernels.internal.BlasThreads;
import org.rnntk.kernels.internal.NdBuffers;

/**
 * The spectrum of a symmetric Gram matrix K (N×N), reported honestly: the computed λ_min is given
 * as is, even when it is zero or slightly negative through rounding, together with a numerical
 * rank relative to the tolerance {@code N · eps · λ_max} (the convention of LAPACK and NumPy's
 * {@code matrix_rank}). A Gram is singular in exact arithmetic when N &gt; p = m(d + 1) or when
 * inputs repeat; the flag says so instead of hiding λ_min behind an ε.
 *
 * @param size                N
 * @param lambdaMin           the smallest computed eigenvalue, unclamped
 * @param lambdaMax           the largest computed eigenvalue
 * @param conditionNumber     λ_max/λ_min when λ_min &gt; 0, else +∞
 * @param tolerance           N · eps · max(λ_max, 0), the rank threshold
 * @param numericalRank       the number of eigenvalues &gt; tolerance
 * @param numericallySingular numericalRank &lt; N, i.e. λ_min ≤ tolerance
 * @param solver              the eigensolver used
 * @param eigenvalues         every eigenvalue in ascending order when requested, else an empty array
 */
public record Spectrum(int size, double lambdaMin, double lambdaMax, double conditionNumber, double tolerance,
                       int numericalRank, boolean numericallySingular, EigenSolver solver, double[] eigenvalues) {

    /** Relative asymmetry max|K − Kᵀ| / max|K| accepted for a Gram not flagged symmetric. */
    public static final double SYMMETRY_TOLERANCE = 1e-12;

    public Spectrum {
        Objects.requireNonNull(solver, "solver");
        eigenvalues = eigenvalues.clone();
    }

    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** Extremes, condition number and rank with {@link EigenSolver#LAPACK}; no eigenvalue array. */
    public static Spectrum of(GramMatrix gram) {
        return of(gram, false, EigenSolver.LAPACK);
    }

    /**
     * The spectrum of {@code gram}. The whole spectrum is computed in every case (O(N³), see
     * {@link EigenSolver} for measured times); {@code keepEigenvalues} only decides whether it is
     * returned.
     *
     * @throws IllegalArgumentException when the Gram is not square, or is a cross-Gram that is not
     *                                  symmetric within {@link #SYMMETRY_TOLERANCE}
     */
    public static Spectrum of(GramMatrix gram, boolean keepEigenvalues, EigenSolver solver) {
        Objects.requireNonNull(gram, "gram");
        Objects.requireNonNull(solver, "solver");
        int n = gram.rows();
        if (gram.cols() != n) {
            throw new IllegalArgumentException("the spectrum needs a square Gram; got " + gram);
        }
        double[] k = gram.raw();
        if (!gram.symmetric()) {
            double asym = 0;
            for (int r = 0; r < n; r++) {
                for (int c = r + 1; c < n; c++) {
                    asym = Math.max(asym, Math.abs(k[r * n + c] - k[c * n + r]));
                }
            }
            double scale = gram.maxAbs();
            if (asym > SYMMETRY_TOLERANCE * scale) {
                throw new IllegalArgumentException("the spectrum needs a symmetric Gram; " + gram
                        + " has max|K - K^T| = " + asym + " > " + SYMMETRY_TOLERANCE + " * max|K| = " + scale);
            }
        }
        double[] ev = solver == EigenSolver.LAPACK ? lapack(k, n) : commonsMath(k, n);
        Arrays.sort(ev);
        double lambdaMin = ev[0];
        double lambdaMax = ev[n - 1];
        double tolerance = n * Math.ulp(1.0) * Math.max(lambdaMax, 0.0);
        int rank = 0;
        for (double v : ev) {
            if (v > tolerance) {
                rank++;
            }
        }
        double condition = lambdaMin > 0 ? lambdaMax / lambdaMin : Double.POSITIVE_INFINITY;
        return new Spectrum(n, lambdaMin, lambdaMax, condition, tolerance, rank, rank < n, solver,
                keepEigenvalues ? ev : new double[0]);
    }

    /** Symmetrized copy (K + Kᵀ)/2, so both solvers see the same matrix. */
    private static double[] symmetrized(double[] k, int n) {
        double[] s = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                s[r * n + c] = 0.5 * (k[r * n + c] + k[c * n + r]);
            }
        }
        return s;
    }

    private static double[] lapack(double[] k, int n) {
        NdBuffers.started();
        // One LAPACK call on this thread: OpenBLAS on the process's own count, not one lowered by a call just ended.
        try (BlasThreads.Scope blas = BlasThreads.processDefault()) {
            return lapackOpen(k, n);
        }
    }

    private static double[] lapackOpen(double[] k, int n) {
        INDArray a = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
        INDArray values = Nd4j.create(DataType.DOUBLE, n);
        try {
            // Symmetric, so the C-order entries are also the Fortran-order entries.
            BlockedNtk.upload(symmetrized(k, n), a, (long) n * n);
            int info = Nd4j.getBlasWrapper().lapack().syev('N', 'U', a, values);
            if (info != 0) {
                throw new IllegalStateException("LAPACK dsyev failed with info = " + info + " on an " + n + "x" + n
                        + " Gram; try EigenSolver.COMMONS_MATH");
            }
            double[] ev = new double[n];
            BlockedNtk.download(values, ev, n);
            return ev;
        } finally {
            NdBuffers.release(a);
            NdBuffers.release(values);
        }
    }

    private static double[] commonsMath(double[] k, int n) {
        double[] s = symmetrized(k, n);
        double[][] rows = new double[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(s, r * n, rows[r], 0, n);
        }
        return new EigenDecomposition(new Array2DRowRealMatrix(rows, false)).getRealEigenvalues();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "Spectrum[N=%d, lambdaMin=%.6g, lambdaMax=%.6g, cond=%.4g, rank=%d (tol %.3g)%s]", size, lambdaMin,
                lambdaMax, conditionNumber, numericalRank, tolerance, numericallySingular ? ", numerically singular" : "");
    }
}
