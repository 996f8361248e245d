package org.rnntk.kernels.pl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnntk.bounds.LocalPl;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.Ntk;

/**
 * The two routes to the certified Gram spectrum ({@link GramRoute}) on the same Grams: the
 * Cholesky route's certified λ_min lies below the full spectrum's computed λ_min and within a
 * stated relative distance of the full route's certified value, and the RNN verdicts agree.
 */
class GramRouteTest {

    /** Both certified λ_min values are ≈ λ_min − allowances of order 1e−12 relative: they agree to this. */
    private static final double ROUTES_AGREE = 1e-6;
    private static Nd4jBackend backend;

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static DiagonalRnn model(int m, int d) {
        return Initializers.symmetric(0.2, RecurrentLaw.CONSTANT, 7).initialize(m, d, Activations.tanh());
    }

    @Test
    void bothRoutesGiveTheSameVerdictOnAnRnn() {
        SequenceDataset small = PlFixtures.sequences(3, 3, 3, 3, 0.05);
        SequenceDataset steps = PlFixtures.sequences(5, 6, 4, 3, 0.05);
        Object[][] cases = {
                {model(512, 3), small, Loss.LAST_STEP},  // certified
                {model(64, 3), small, Loss.LAST_STEP},   // width too small
                {model(64, 3), steps, Loss.ALL_STEPS},   // N = 24
        };
        for (Object[] c : cases) {
            DiagonalRnn m = (DiagonalRnn) c[0];
            SequenceDataset data = (SequenceDataset) c[1];
            Loss loss = (Loss) c[2];
            RnnCertificate full = RnnCertificates.certify(backend, m, data, loss, Double.NaN, GramRoute.FULL_SPECTRUM);
            RnnCertificate chol = RnnCertificates.certify(backend, m, data, loss, Double.NaN, GramRoute.CHOLESKY);
            LocalPl.GramSpectrum f = full.spectrum();
            LocalPl.GramSpectrum s = chol.spectrum();
            String where = "full " + f + " vs cholesky " + s;
            assertTrue(s.certifiedLambdaMin() <= f.lambdaMin(), where);
            assertTrue(s.certifiedLambdaMax() >= f.lambdaMax(), where);
            assertEquals(f.certifiedLambdaMin(), s.certifiedLambdaMin(), ROUTES_AGREE * f.lambdaMin(), where);
            assertEquals(f.certifiedLambdaMax(), s.certifiedLambdaMax(), ROUTES_AGREE * f.lambdaMax(), where);
            assertEquals(f.jacobianError(), s.jacobianError(), 0.0);
            assertEquals(full.certifiedConvergence(), chol.certifiedConvergence(), full + " vs " + chol);
            assertEquals(full.reasons().size(), chol.reasons().size(), full.reasons() + " vs " + chol.reasons());
            if (!full.reasons().isEmpty()) {
                String head = full.reasons().get(0);
                String kind = head.substring(0, Math.min(head.length(), 16));
                assertTrue(chol.reasons().get(0).startsWith(kind), full.reasons() + " vs " + chol.reasons());
            } else {
                assertEquals(full.contraction(), chol.contraction(), ROUTES_AGREE);
                assertEquals(full.step(), chol.step(), ROUTES_AGREE * full.step());
            }
            // AUTO takes the full spectrum at these sizes.
            RnnCertificate auto = RnnCertificates.certify(backend, m, data, loss);
            assertEquals(f.certifiedLambdaMin(), auto.spectrum().certifiedLambdaMin(), 0.0);
        }
    }

    @Test
    void routesOnTheSameGramMatrix() {
        SequenceDataset data = PlFixtures.sequences(9, 30, 3, 3, 0.05);
        GramMatrix g = Ntk.gram(model(32, 3), data, Loss.LAST_STEP);
        double p = 32 * 4.0;
        LocalPl.GramSpectrum f = GramRoute.FULL_SPECTRUM.spectrum(g, p, 1e-12);
        LocalPl.GramSpectrum s = GramRoute.CHOLESKY.spectrum(g, p, 1e-12);
        LocalPl.GramSpectrum fromArray = GramRoute.CHOLESKY.spectrum(g.toArray(), p, 1e-12);
        assertTrue(f.certifiedLambdaMin() > 0, f.toString());
        assertTrue(s.certifiedLambdaMin() <= f.lambdaMin() && s.certifiedLambdaMin() > 0, s + " vs " + f);
        assertEquals(f.certifiedLambdaMin(), s.certifiedLambdaMin(), ROUTES_AGREE * f.lambdaMin());
        assertEquals(s.certifiedLambdaMin(), fromArray.certifiedLambdaMin(), 1e-12 * s.lambdaMax());
        assertEquals(s.certifiedLambdaMax(), fromArray.certifiedLambdaMax(), 1e-12 * s.lambdaMax());
        // The Cholesky route reports the Lanczos estimates, which match the dense eigenvalues.
        assertEquals(f.lambdaMin(), s.lambdaMin(), 1e-9 * f.lambdaMax());
        assertEquals(f.lambdaMax(), s.lambdaMax(), 1e-9 * f.lambdaMax());
        // Its rounding margin contains E_form, as the full route's does.
        double gammaP = p * 0x1p-53 / (1 - p * 0x1p-53);
        double maxDiag = 0;
        for (int q = 0; q < g.rows(); q++) {
            maxDiag = Math.max(maxDiag, g.get(q, q));
        }
        assertTrue(s.roundingMargin() >= g.rows() * gammaP * maxDiag, s.toString());
    }

    @Test
    void autoSwitchesAboveTheThreshold() {
        assertEquals(GramRoute.FULL_SPECTRUM, GramRoute.AUTO.resolve(GramRoute.AUTO_THRESHOLD));
        assertEquals(GramRoute.CHOLESKY, GramRoute.AUTO.resolve(GramRoute.AUTO_THRESHOLD + 1));
        assertEquals(GramRoute.FULL_SPECTRUM, GramRoute.FULL_SPECTRUM.resolve(1 << 20));
        assertEquals(GramRoute.CHOLESKY, GramRoute.CHOLESKY.resolve(1));
    }

    @Test
    void badInputIsRefused() {
        double[][] ok = {{2, 1}, {1, 2}};
        for (GramRoute r : GramRoute.values()) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> r.spectrum(ok, 0.5, 0.0))
                    .getMessage().contains("innerDimension p (0.5) must be finite and >= 1"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> r.spectrum(ok, 4, -1.0))
                    .getMessage().contains("jacobianError"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> r.spectrum(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}, 4, 0.0))
                    .getMessage().contains("(NaN)"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> r.spectrum(new double[][] {{1, 0}, {0, 1}, {0, 0}}, 4, 0.0))
                    .getMessage().contains("has length 2 but"));
        }
        assertThrows(NullPointerException.class,
                () -> RnnCertificates.certify(backend, model(8, 3), PlFixtures.sequences(3, 3, 3, 3, 0.05),
                        Loss.LAST_STEP, Double.NaN, null));
    }
}
