package org.rnntk.kernels.pl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.rnntk.bounds.Certification;
import org.rnntk.bounds.LocalPl;
import org.rnntk.bounds.PlVerdict;

/**
 * The α and β estimates on the functions with exact answers of docs/theory.md §9, and the estimate
 * never below a certified lower bound.
 */
class TextbookAlphaTest {

    /** Relative agreement between the α estimate and the exact α. */
    private static final double ALPHA_REL_TOL = 1e-6;
    /** Relative agreement between the β estimate and an exactly known constant Hessian norm. */
    private static final double BETA_REL_TOL = 1e-6;

    private static final EstimationSettings SETTINGS = EstimationSettings.defaults(42);

    private static Objective square() {
        return Objectives.of(1, x -> x[0] * x[0], x -> new double[] {2 * x[0]});
    }

    private static Objective doubleWell() {
        return Objectives.of(1, x -> (x[0] * x[0] - 1) * (x[0] * x[0] - 1),
                x -> new double[] {4 * x[0] * (x[0] * x[0] - 1)});
    }

    private static Objective productMinusOne() {
        return Objectives.of(2, x -> (x[0] * x[1] - 1) * (x[0] * x[1] - 1),
                x -> new double[] {2 * (x[0] * x[1] - 1) * x[1], 2 * (x[0] * x[1] - 1) * x[0]});
    }

    private static void assertRel(double expected, double actual, double tol, String what) {
        assertEquals(expected, actual, tol * Math.abs(expected), what);
    }

    @Test
    void squareHasAlphaFourEverywhere() {
        for (double[] c : new double[][] {{1.0, 0.5}, {0.3, 2.0}, {-2.0, 1.0}}) {
            AlphaEstimate a = PlEstimator.alpha(square(), new double[] {c[0]}, c[1], SETTINGS);
            assertRel(4.0, a.value(), ALPHA_REL_TOL, "x^2 at x0 = " + c[0]);
            assertEquals(Certification.ESTIMATE, a.certification());
        }
        assertRel(2.0, PlEstimator.hessianNorm(square(), new double[] {0.7}, SETTINGS), BETA_REL_TOL, "beta of x^2");
    }

    @Test
    void doubleWellMatchesSixteenTimesTheSquaredNearEnd() {
        for (double[] c : new double[][] {{1.3, 0.65}, {1.5, 0.4}, {2.0, 1.2}}) {
            double exact = 16 * (c[0] - c[1]) * (c[0] - c[1]);
            AlphaEstimate a = PlEstimator.alpha(doubleWell(), new double[] {c[0]}, c[1], SETTINGS);
            assertRel(exact, a.value(), ALPHA_REL_TOL, "(x^2-1)^2 at x0 = " + c[0] + ", r = " + c[1]);
        }
    }

    @Test
    void doubleWellCriterionHoldsAtOnePointThreeAndFailsForEveryRadiusAtOnePointFive() {
        PlVerdict holds = LocalPl.checkFlow(doubleWell().value(new double[] {1.3}), 0.65,
                PlEstimator.alpha(doubleWell(), new double[] {1.3}, 0.65, SETTINGS).value(), Certification.ESTIMATE);
        assertTrue(holds.flowHolds(), holds.describe());
        assertEquals(Certification.ESTIMATE, holds.certification());
        assertTrue(holds.reasons().get(0).contains("estimate"), holds.reasons().toString());
        double f0 = doubleWell().value(new double[] {1.5});
        for (double r = 0.05; r < 3.0; r += 0.05) {
            double alpha = PlEstimator.alpha(doubleWell(), new double[] {1.5}, r, SETTINGS).value();
            assertFalse(LocalPl.checkFlow(f0, r, alpha, Certification.ESTIMATE).flowHolds(), "r = " + r);
        }
    }

    @Test
    void productMinusOneMatchesFourTimesTheSquaredDistanceToTheOrigin() {
        double[][] cases = {{2.0, 1.5, 1.0}, {-1.0, 3.0, 0.5}, {0.5, 0.5, 2.0}};
        for (double[] c : cases) {
            double norm = Math.hypot(c[0], c[1]);
            double exact = 4 * Math.pow(Math.max(norm - c[2], 0), 2);
            AlphaEstimate a = PlEstimator.alpha(productMinusOne(), new double[] {c[0], c[1]}, c[2], SETTINGS);
            if (exact == 0) {
                assertEquals(0.0, a.value(), 1e-10, "ball contains the origin");
            } else {
                assertRel(exact, a.value(), ALPHA_REL_TOL, "(xy-1)^2 at " + c[0] + ", " + c[1]);
            }
        }
    }

    @Test
    void leastSquaresMatchesFourLambdaMinWhereTheResidualIsTheBottomEigenvector() {
        Well19937c rng = new Well19937c(7);
        double[][] a = randomMatrix(rng, 3, 5);
        RealMatrix aat = new Array2DRowRealMatrix(a).multiply(new Array2DRowRealMatrix(a).transpose());
        EigenDecomposition eig = new EigenDecomposition(aat);
        double[] ev = eig.getRealEigenvalues();
        int min = 0;
        int max = 0;
        for (int i = 1; i < ev.length; i++) {
            min = ev[i] < ev[min] ? i : min;
            max = ev[i] > ev[max] ? i : max;
        }
        double[] v = eig.getEigenvector(min).toArray();
        double[] x0 = {0.3, -0.2, 0.5, 0.1, -0.4};
        double[] b = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                b[i] += a[i][j] * x0[j];
            }
            b[i] -= 0.8 * v[i];
        }
        Objective f = Objectives.leastSquares(a, b);
        assertRel(4 * ev[min], PlEstimator.alpha(f, x0, 1.0, SETTINGS).value(), ALPHA_REL_TOL, "least squares alpha");
        assertRel(2 * ev[max], PlEstimator.beta(f, x0, 1.0, SETTINGS, List.of()).value(), BETA_REL_TOL,
                "least squares beta = 2 lambda_max(A^T A)");
    }

    @Test
    void estimateIsNeverBelowTheCertifiedLeastSquaresBound() {
        Well19937c rng = new Well19937c(99);
        for (int trial = 0; trial < 10; trial++) {
            int k = 2 + trial % 3;
            int p = k + 1 + trial % 4;
            double[][] a = randomMatrix(rng, k, p);
            double[] b = new double[k];
            double[] x0 = new double[p];
            for (int i = 0; i < k; i++) {
                b[i] = rng.nextGaussian();
            }
            for (int j = 0; j < p; j++) {
                x0[j] = rng.nextGaussian();
            }
            double r = 0.1 + 2 * rng.nextDouble();
            PlVerdict certified = LocalPl.leastSquares(a, b, x0, r, 1e-3);
            assertEquals(Certification.CERTIFIED, certified.certification());
            double estimate = PlEstimator.alpha(Objectives.leastSquares(a, b), x0, r, EstimationSettings.defaults(trial))
                    .value();
            assertTrue(estimate >= certified.alpha(), "trial " + trial + ": estimate " + estimate
                    + " < certified lower bound " + certified.alpha());
        }
    }

    static double[][] randomMatrix(Well19937c rng, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = rng.nextGaussian();
            }
        }
        return a;
    }
}
