package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;

/** {@link Spectrum}: the two solvers agree, and singular Grams are reported as such. */
class SpectrumTest {

    private static final double SOLVER_TOL = 1e-10;

    @Test
    void solversAgree() {
        Random rng = new Random(1);
        SequenceDataset data = NtkInstances.data(rng, 30, 6, 4, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), 40, 4, 1.0);
        GramMatrix k = Ntk.gram(model, data, Loss.LAST_STEP);
        Spectrum a = Spectrum.of(k, true, EigenSolver.LAPACK);
        Spectrum b = Spectrum.of(k, true, EigenSolver.COMMONS_MATH);
        double[] ea = a.eigenvalues();
        double[] eb = b.eigenvalues();
        assertEquals(30, ea.length);
        for (int i = 0; i < ea.length; i++) {
            assertEquals(eb[i], ea[i], SOLVER_TOL * a.lambdaMax(), "eigenvalue " + i);
        }
        assertFalse(a.numericallySingular(), a.toString());
        assertEquals(30, a.numericalRank());
        assertEquals(a.lambdaMax() / a.lambdaMin(), a.conditionNumber(), 0.0);
        assertEquals(ea[0], a.lambdaMin(), 0.0);
        assertEquals(0, Spectrum.of(k).eigenvalues().length, "eigenvalues only when asked");
        double trace = 0;
        for (int i = 0; i < 30; i++) {
            trace += k.get(i, i);
        }
        double sum = 0;
        for (double v : ea) {
            sum += v;
        }
        assertEquals(trace, sum, 1e-11 * trace);
    }

    /** N = n·T = 12 outputs but only p = m(d + 1) = 4 parameters: rank 4, reported, not hidden. */
    @Test
    void moreOutputsThanParametersIsSingular() {
        Random rng = new Random(2);
        SequenceDataset data = NtkInstances.data(rng, 3, 4, 1, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), 2, 1, 0.9);
        GramMatrix k = Ntk.gram(model, data, Loss.ALL_STEPS);
        for (EigenSolver solver : EigenSolver.values()) {
            Spectrum s = Spectrum.of(k, true, solver);
            assertTrue(s.numericallySingular(), s.toString());
            assertEquals(4, s.numericalRank(), s.toString());
            assertEquals(s.eigenvalues()[0], s.lambdaMin(), 0.0, "the computed value, unclamped");
            assertTrue(Math.abs(s.lambdaMin()) <= s.tolerance(), s.toString());
            assertTrue(s.lambdaMin() > 0 ? s.conditionNumber() == s.lambdaMax() / s.lambdaMin()
                    : s.conditionNumber() == Double.POSITIVE_INFINITY);
        }
    }

    /** Two identical sequences give two identical Gram rows: rank n − 1. */
    @Test
    void repeatedInputsAreSingular() {
        Random rng = new Random(3);
        SequenceDataset base = NtkInstances.data(rng, 5, 4, 3, 1.0);
        double[] x = base.inputs();
        System.arraycopy(x, 0, x, 4 * 4 * 3, 4 * 3);
        SequenceDataset data = new SequenceDataset(5, 4, 3, x, base.targets());
        DiagonalRnn model = NtkInstances.model(rng, Activations.sigmoid(), 16, 3, 1.2);
        Spectrum s = Spectrum.of(Ntk.gram(model, data, Loss.LAST_STEP), true, EigenSolver.LAPACK);
        assertTrue(s.numericallySingular(), s.toString());
        assertEquals(4, s.numericalRank());
    }

    @Test
    void crossGramIsRejected() {
        Random rng = new Random(4);
        SequenceDataset a = NtkInstances.data(rng, 3, 4, 2, 1.0);
        SequenceDataset b = NtkInstances.data(rng, 4, 4, 2, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), 6, 2, 1.0);
        GramMatrix cross = Ntk.gram(model, a, b, Loss.LAST_STEP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spectrum.of(cross));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        // A square cross-Gram of a data set with an equal copy is symmetric within rounding and accepted.
        SequenceDataset copy = new SequenceDataset(3, 4, 2, a.inputs(), a.targets());
        Spectrum s = Spectrum.of(Ntk.gram(model, a, copy, Loss.LAST_STEP));
        assertEquals(3, s.size());
    }
}
