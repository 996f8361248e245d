package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnntk.core.Loss;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/**
 * The matrix-free NTK product and the Lanczos extremes (docs/theory.md §4–§5): K·v against the formed
 * Gram times v, Jᵀv and Jv against the naive per-output gradients, and λ_min/λ_max against the dense
 * LAPACK spectrum within the stated tolerance.
 */
class MatrixFreeTest {

    /** Agreement of two float64 evaluations of the same product, relative to max|K v|. */
    private static final double PRODUCT_TOLERANCE = 1e-12;

    @ParameterizedTest
    @EnumSource(Loss.class)
    void productEqualsTheFormedGramTimesV(Loss mode) {
        Random rng = new Random(31);
        SequenceDataset data = NtkInstances.data(rng, 7, 5, 3, 1.0);
        for (DiagonalRnn model : new DiagonalRnn[] {
                NtkInstances.model(rng, Activations.tanh(), 40, 3, 1.2),
                NtkInstances.model(rng, Activations.sigmoid(), 24, 3, 0.9),
                NtkInstances.model(rng, NtkInstances.customTanh(), 16, 3, 1.0)}) {
            GramMatrix k = Ntk.gram(model, data, mode);
            try (NtkOperator op = NtkOperator.of(model, data, mode, 2)) {
                assertEquals(k.rows(), op.size());
                for (int trial = 0; trial < 3; trial++) {
                    double[] v = new double[op.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = rng.nextGaussian();
                    }
                    double[] expected = SymmetricOperator.of(k).apply(v);
                    assertClose(expected, op.apply(v), PRODUCT_TOLERANCE, mode + " " + model + " trial " + trial);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void jacobianProductsMatchNaiveGradients(Loss mode) {
        Random rng = new Random(32);
        SequenceDataset data = NtkInstances.data(rng, 4, 6, 2, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.sigmoid(), 10, 2, 1.1);
        double[][] jac = NaiveNtk.jacobian(model, data, mode);
        int p = jac[0].length;
        double[] v = new double[jac.length];
        double[] dir = new double[p];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        for (int i = 0; i < p; i++) {
            dir[i] = rng.nextGaussian();
        }
        double[] jtv = new double[p];
        double[] jd = new double[jac.length];
        for (int q = 0; q < jac.length; q++) {
            for (int e = 0; e < p; e++) {
                jtv[e] += jac[q][e] * v[q];
                jd[q] += jac[q][e] * dir[e];
            }
        }
        try (NtkOperator op = NtkOperator.of(model, data, mode, 1)) {
            assertClose(jtv, op.transposeJacobianTimes(v), PRODUCT_TOLERANCE, "J^T v");
            assertClose(jd, op.jacobianTimes(dir), PRODUCT_TOLERANCE, "J v");
        }
    }

    /** Lanczos on the operator and on the formed Gram against LAPACK's full spectrum. */
    @ParameterizedTest
    @EnumSource(Loss.class)
    void lanczosExtremesEqualTheDenseSpectrumWithinTheStatedTolerance(Loss mode) {
        Random rng = new Random(33);
        SequenceDataset data = mode == Loss.LAST_STEP ? NtkInstances.data(rng, 60, 6, 4, 1.0)
                : NtkInstances.data(rng, 12, 6, 4, 1.0);
        DiagonalRnn model = Initializers.symmetric(0.6, RecurrentLaw.UNIFORM, 5).initialize(64, 4,
                Activations.tanh());
        GramMatrix k = Ntk.gram(model, data, mode);
        Spectrum dense = Spectrum.of(k);
        double rounding = 100 * k.rows() * Math.ulp(1.0) * dense.lambdaMax();
        try (NtkOperator op = NtkOperator.of(model, data, mode, 2)) {
            for (SymmetricOperator operator : new SymmetricOperator[] {op, SymmetricOperator.of(k)}) {
                ExtremeEigenvalues e = ExtremeEigenvalues.lanczos(operator, 1e-10, k.rows(), 7);
                double bound = 1e-10 * Math.max(Math.abs(e.lambdaMin()), Math.abs(e.lambdaMax()));
                assertTrue(e.residualMin() <= bound && e.residualMax() <= bound, e.toString());
                assertEquals(dense.lambdaMin(), e.lambdaMin(), e.residualMin() + rounding, e + " vs " + dense);
                assertEquals(dense.lambdaMax(), e.lambdaMax(), e.residualMax() + rounding, e + " vs " + dense);
                assertTrue(e.iterations() <= k.rows(), e.toString());
            }
        }
    }

    /** N > p: the Krylov space closes after few steps and the zero cluster is found. */
    @Test
    void lanczosOnASingularGram() {
        Random rng = new Random(34);
        SequenceDataset data = NtkInstances.data(rng, 30, 4, 2, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), 4, 2, 0.8); // p = 12 < N = 30
        GramMatrix k = Ntk.gram(model, data, Loss.LAST_STEP);
        Spectrum dense = Spectrum.of(k);
        assertTrue(dense.numericallySingular());
        ExtremeEigenvalues e = ExtremeEigenvalues.lanczos(SymmetricOperator.of(k));
        double rounding = 100 * k.rows() * Math.ulp(1.0) * dense.lambdaMax();
        assertEquals(dense.lambdaMax(), e.lambdaMax(), e.residualMax() + rounding);
        assertEquals(dense.lambdaMin(), e.lambdaMin(), e.residualMin() + rounding);
    }

    /** Shift-invert on a formed Gram: positive definite, rank-deficient, and indefinite. */
    @Test
    void shiftInvertExtremesOfFormedGrams() {
        Random rng = new Random(36);
        SequenceDataset wide = NtkInstances.data(rng, 50, 5, 4, 1.0);
        GramMatrix definite = Ntk.gram(NtkInstances.model(rng, Activations.tanh(), 64, 4, 0.9), wide,
                Loss.LAST_STEP);
        GramMatrix singular = Ntk.gram(NtkInstances.model(rng, Activations.tanh(), 4, 4, 0.9), wide,
                Loss.LAST_STEP); // p = 20 < N = 50
        int n = 30;
        double[] values = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                values[i * n + j] = 1.0 / (1 + i + j); // Hilbert-like, then shifted to be indefinite
            }
            values[i * n + i] -= 0.05;
        }
        GramMatrix indefinite = new GramMatrix(Loss.LAST_STEP, n, 1, n, 1, true, values);
        for (GramMatrix k : new GramMatrix[] {definite, singular, indefinite}) {
            Spectrum dense = Spectrum.of(k);
            ExtremeEigenvalues e = ExtremeEigenvalues.ofGram(k);
            double rounding = 100 * k.rows() * Math.ulp(1.0) * Math.abs(dense.lambdaMax());
            double bound = 1e-10 * Math.max(Math.abs(e.lambdaMin()), Math.abs(e.lambdaMax()));
            assertTrue(e.residualMin() <= 1.01 * bound + rounding && e.residualMax() <= bound, e.toString());
            assertEquals(dense.lambdaMin(), e.lambdaMin(), e.residualMin() + rounding, e + " vs " + dense);
            assertEquals(dense.lambdaMax(), e.lambdaMax(), e.residualMax() + rounding, e + " vs " + dense);
        }
    }

    @Test
    void badInputAndClosedOperator() {
        Random rng = new Random(35);
        SequenceDataset data = NtkInstances.data(rng, 3, 4, 2, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), 6, 2, 0.8);
        NtkOperator op = NtkOperator.of(model, data, Loss.ALL_STEPS, 1);
        assertThrows(IllegalArgumentException.class, () -> op.apply(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> op.jacobianTimes(new double[5]));
        assertThrows(IllegalArgumentException.class, () -> ExtremeEigenvalues.lanczos(op, 0.0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> ExtremeEigenvalues.lanczos(op, 1e-8, 0, 1));
        IllegalStateException notConverged = assertThrows(IllegalStateException.class,
                () -> ExtremeEigenvalues.lanczos(op, 1e-12, 2, 1));
        assertTrue(notConverged.getMessage().contains("maxIterations"), notConverged.getMessage());
        op.close();
        op.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> op.apply(new double[12]));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        SequenceDataset other = NtkInstances.data(rng, 3, 4, 3, 1.0);
        assertThrows(IllegalArgumentException.class, () -> NtkOperator.of(model, other, Loss.LAST_STEP, 1));
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(err <= tolerance * scale, what + ": max error " + err + " at scale " + scale);
    }
}
