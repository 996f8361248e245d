package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;

/**
 * {@link CholeskyBounds} (docs/theory.md §9, "Certified λ_min without the full spectrum"): the
 * certified bounds enclose the spectrum — checked against matrices whose spectrum is known exactly,
 * against the dense eigensolver on constructed Q diag(λ) Qᵀ and on RNN Grams — and are tight; the
 * componentwise backward-error bound of Higham's Thm 10.3 holds for this build's dpotrf, checked
 * in double-double arithmetic; bad input is refused.
 */
class CholeskyBoundsTest {

    private static final double U = 0x1p-53;
    /** Tightness: a certified bound is within this fraction of ‖K‖₂ of the true extreme eigenvalue. */
    private static final double TIGHT_ABSOLUTE = 1e-9;
    /** Tightness when λ_min is far above the allowance: certified ≥ this × λ_min. */
    private static final double TIGHT_RELATIVE = 0.99;

    /**
     * The reference's own uncertainty: the dense symmetric eigensolver's computed eigenvalues are
     * exact for K + E with ‖E‖ ≤ 16·n·u·‖K‖_F (the allowance the full-spectrum route uses).
     */
    private static double denseError(double[][] k) {
        double fro = 0;
        for (double[] row : k) {
            for (double v : row) {
                fro += v * v;
            }
        }
        return 16 * k.length * U * Math.sqrt(fro);
    }

    private static Spectrum dense(double[][] k) {
        int n = k.length;
        double[] values = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(k[i], 0, values, i * n, n);
        }
        return Spectrum.of(new GramMatrix(Loss.LAST_STEP, n, 1, n, 1, false, values), false, EigenSolver.LAPACK);
    }

    /** fl(Q diag(λ) Qᵀ) with Q from the QR of a Gaussian matrix, made exactly symmetric. */
    private static double[][] construct(Random rng, double[] lambda) {
        int n = lambda.length;
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(g, false)).getQ();
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += q.getEntry(i, t) * lambda[t] * q.getEntry(j, t);
                }
                k[i][j] = s;
                k[j][i] = s;
            }
        }
        return k;
    }

    private static double[] spread(int n, double lo, double hi, double smallest) {
        double[] l = new double[n];
        l[0] = smallest;
        for (int i = 1; i < n; i++) {
            l[i] = lo + (hi - lo) * i / (n - 1);
        }
        return l;
    }

    @Test
    void enclosesTheSpectrumOfConstructedMatrices() {
        Random rng = new Random(11);
        double[][][] cases = {
                {spread(120, 0.1, 2.0, 0.1)},                  // well conditioned
                {spread(150, 1e-3, 1.0, 1e-13)},               // nearly singular: λ_min below the allowance
                {spread(100, -0.3, 1.5, -0.3)},                // indefinite
                {spread(200, 1e-4, 3.0, 1e-4)},                // condition 3e4
        };
        for (double[][] c : cases) {
            double[] lambda = c[0];
            double[][] k = construct(rng, lambda);
            Spectrum ref = dense(k);
            double e = denseError(k);
            CholeskyBounds b = CholeskyBounds.of(k);
            String where = b + " vs " + ref;
            // Rigour: against the reference (an interval of half-width e around the dense values).
            assertTrue(b.lowerBound() <= ref.lambdaMin() + e, where);
            assertTrue(b.upperBound() >= ref.lambdaMax() - e, where);
            // Tightness.
            double lMin = lambda[0];
            double lMax = lambda[lambda.length - 1];
            assertTrue(b.lowerBound() >= lMin - TIGHT_ABSOLUTE * lMax, where);
            assertTrue(b.upperBound() <= lMax + TIGHT_ABSOLUTE * lMax, where);
            assertEquals(CholeskyBounds.Method.CHOLESKY, b.lower().method(), where);
            assertEquals(CholeskyBounds.Method.CHOLESKY, b.upper().method(), where);
            assertEquals(1, b.lower().factorizations(), where);
            // The first shift sits two expected allowances below the estimate: about 3 allowances in all.
            assertTrue(b.lowerBound() >= ref.lambdaMin() - e - 4 * b.lower().allowance(), where);
            if (lMin > 1000 * b.lower().allowance()) {
                assertTrue(b.lowerBound() >= TIGHT_RELATIVE * lMin, where);
            }
            if (lMin <= 1e-13) {
                assertTrue(b.lowerBound() < lMin, "below the allowance nothing positive is claimed beyond λ_min: "
                        + where);
            }
            if (lMin < 0) {
                assertTrue(b.lowerBound() < 0, "an indefinite matrix must not get a positive bound: " + where);
            }
            System.out.println(b);
        }
    }

    /**
     * tridiag(−1, d, −1) has the eigenvalues d − 2cos(kπ/(n + 1)) exactly; permuted with random
     * signs (exact operations) it needs a dense factor. With d = fl(2 − s), d − 2 is exact
     * (Sterbenz) and λ_min = (d − 2) + 4 sin²(π/(2(n + 1))) is known to ≈ 1e−20.
     */
    @Test
    void exactSpectrumOfAPermutedShiftedSecondDifference() {
        int n = 300;
        double theta = Math.PI / (2.0 * (n + 1));
        double bottom = 4 * Math.sin(theta) * Math.sin(theta);
        Random rng = new Random(12);
        for (double target : new double[] {1e-9, 1e-6, -1e-9}) {
            double d = 2 - (bottom - target);
            double lambdaMin = (d - 2) + bottom;
            double lambdaMax = (d - 2) + 2 + 2 * Math.cos(2 * theta);
            double truthError = 1e-18;
            double[][] k = permutedSecondDifference(rng, n, d);
            CholeskyBounds b = CholeskyBounds.of(k);
            String where = b + " vs exact [" + lambdaMin + ", " + lambdaMax + "]";
            assertTrue(b.lowerBound() <= lambdaMin - truthError, where);
            assertTrue(b.upperBound() >= lambdaMax + truthError, where);
            assertTrue(b.upperBound() <= lambdaMax * (1 + TIGHT_ABSOLUTE), where);
            assertTrue(b.lowerBound() >= lambdaMin - 4 * b.lower().allowance(), where);
            if (target > 0) {
                assertTrue(b.lowerBound() > 0, "certifies a positive bound: " + where);
                if (lambdaMin > 1000 * b.lower().allowance()) {
                    assertTrue(b.lowerBound() >= TIGHT_RELATIVE * lambdaMin, where);
                }
            } else {
                assertTrue(b.lowerBound() < lambdaMin && b.lowerBound() >= lambdaMin - TIGHT_ABSOLUTE * lambdaMax,
                        where);
            }
            System.out.println(b);
        }
    }

    private static double[][] permutedSecondDifference(Random rng, int n, double d) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[] sign = new double[n];
        for (int i = 0; i < n; i++) {
            sign[i] = rng.nextBoolean() ? 1 : -1;
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            k[perm[i]][perm[i]] = d;
            if (i + 1 < n) {
                double v = -sign[i] * sign[i + 1];
                k[perm[i]][perm[i + 1]] = v;
                k[perm[i + 1]][perm[i]] = v;
            }
        }
        return k;
    }

    /**
     * Higham's hypothesis on this build's dpotrf (blocked, OpenBLAS): |L Lᵀ − A| ≤ γ_{n+1}|L||Lᵀ|
     * entrywise, with L Lᵀ evaluated in double-double (error ≈ n u² Σ|l||l|, far below the bound).
     */
    @Test
    void highamBackwardErrorBoundHoldsForThisDpotrf() {
        Random rng = new Random(13);
        for (int n : new int[] {64, 300, 517}) {
            double[] lambda = spread(n, 1e-3, 10.0, 1e-10);
            double[][] k = construct(rng, lambda);
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(k[i], 0, a, i * n, n);
                a[i * n + i] += 1e-8;
            }
            double[] l = CholeskyBounds.lowerFactor(a, n);
            assertNotNull(l, "n = " + n);
            double gamma = CholeskyBounds.gamma(n + 1L);
            double worst = 0;
            double largest = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    // (L Lᵀ)_ij = Σ_t l_it l_jt; l_it = l[t * n + i] (column-major).
                    double hi = -a[i * n + j];
                    double lo = 0;
                    double abs = 0;
                    for (int t = 0; t <= j; t++) {
                        double x = l[t * n + i];
                        double y = l[t * n + j];
                        double p = x * y;
                        double pErr = Math.fma(x, y, -p);
                        double s = hi + p;
                        double bb = s - hi;
                        lo += (hi - (s - bb)) + (p - bb) + pErr;
                        hi = s;
                        abs += Math.abs(p);
                    }
                    double diff = Math.abs(hi + lo);
                    double bound = gamma * abs * (1 + 1e-10);
                    assertTrue(diff <= bound, "n = " + n + ", entry (" + i + ", " + j + "): |LL^T - A| = " + diff
                            + " > gamma_{n+1}|L||L^T| = " + bound);
                    worst = Math.max(worst, diff / bound);
                    largest = Math.max(largest, diff);
                }
            }
            assertTrue(largest > 0, "the factorization rounds: the check is not vacuous");
            System.out.printf("n = %d: max |LL^T - A| / (gamma_{n+1}|L||L^T|) = %.3g%n", n, worst);
        }
    }

    @Test
    void rnnGramsAgreeWithTheDenseSpectrum() {
        Random rng = new Random(14);
        List<GramMatrix> grams = new ArrayList<>();
        SequenceDataset wide = NtkInstances.data(rng, 40, 5, 4, 1.0);
        grams.add(Ntk.gram(NtkInstances.model(rng, Activations.tanh(), 64, 4, 0.9), wide, Loss.LAST_STEP));
        SequenceDataset steps = NtkInstances.data(rng, 8, 6, 3, 1.0);
        grams.add(Ntk.gram(NtkInstances.model(rng, Activations.tanh(), 32, 3, 0.7), steps, Loss.ALL_STEPS));
        // N = 40 > p = 20: singular in exact arithmetic.
        grams.add(Ntk.gram(NtkInstances.model(rng, Activations.tanh(), 4, 4, 0.9), wide, Loss.LAST_STEP));
        for (GramMatrix g : grams) {
            double[][] k = g.toArray();
            Spectrum ref = dense(k);
            double e = denseError(k);
            CholeskyBounds b = CholeskyBounds.of(g);
            String where = b + " vs " + ref;
            assertTrue(b.lowerBound() <= ref.lambdaMin() + e, where);
            assertTrue(b.upperBound() >= ref.lambdaMax() - e, where);
            assertTrue(b.lowerBound() >= ref.lambdaMin() - TIGHT_ABSOLUTE * ref.lambdaMax(), where);
            assertTrue(b.upperBound() <= ref.lambdaMax() * (1 + TIGHT_ABSOLUTE), where);
            assertTrue(b.lowerBound() >= ref.lambdaMin() - e - 4 * b.lower().allowance(), where);
            if (ref.lambdaMin() > 1000 * b.lower().allowance()) {
                assertTrue(b.lowerBound() >= TIGHT_RELATIVE * ref.lambdaMin(), where);
            }
            if (ref.numericallySingular()) {
                assertTrue(b.lowerBound() < 0, "a singular Gram gets no positive bound: " + where);
            }
            assertEquals(b.toString(), CholeskyBounds.of(k).toString(), "GramMatrix and double[][] entries agree");
            System.out.println(b);
        }
    }

    @Test
    void concurrentCallsGiveTheSameBounds() throws Exception {
        double[][] k = construct(new Random(15), spread(160, 0.01, 1.0, 0.01));
        CholeskyBounds one = CholeskyBounds.of(k);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<CholeskyBounds>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> CholeskyBounds.of(k)));
            }
            for (Future<CholeskyBounds> f : runs) {
                CholeskyBounds b = f.get();
                assertArrayEquals(new double[] {one.lowerBound(), one.upperBound()},
                        new double[] {b.lowerBound(), b.upperBound()}, 1e-12 * one.upperBound());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void zeroMatrixHasTheExactEnclosure() {
        CholeskyBounds b = CholeskyBounds.of(new double[3][3]);
        assertEquals(0.0, b.lowerBound(), 0.0);
        assertEquals(0.0, b.upperBound(), 0.0);
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        throwsMentioning("matrix[1] has length 3 but a square 2x2 matrix requires 2",
                () -> CholeskyBounds.of(new double[][] {{1, 0}, {0, 1, 0}}));
        throwsMentioning("got 0 rows", () -> CholeskyBounds.of(new double[0][]));
        throwsMentioning("matrix[1][0] (NaN) must be finite",
                () -> CholeskyBounds.of(new double[][] {{1, 0}, {Double.NaN, 1}}));
        throwsMentioning("matrix[0][1] (Infinity) must be finite",
                () -> CholeskyBounds.of(new double[][] {{1, Double.POSITIVE_INFINITY}, {0, 1}}));
        throwsMentioning("need a symmetric matrix", () -> CholeskyBounds.of(new double[][] {{1, 2}, {0, 1}}));
        throwsMentioning("outside [2^-500, 2^500]", () -> CholeskyBounds.of(new double[][] {{1e200, 0}, {0, 1}}));
        throwsMentioning("outside [2^-500, 2^500]", () -> CholeskyBounds.of(new double[][] {{1e-200, 0}, {0, 0}}));
        GramMatrix cross = new GramMatrix(Loss.LAST_STEP, 2, 1, 3, 1, false, new double[6]);
        throwsMentioning("need a square Gram; got GramMatrix[LAST_STEP, 2 x 3", () -> CholeskyBounds.of(cross));
    }

    private static void throwsMentioning(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
