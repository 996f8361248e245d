package org.rnntk.kernels.pl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnntk.bounds.RnnPl;
import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.pl.objective.RnnObjective;

/**
 * The RNN certificate (docs/theory.md §9) on a small problem: tanh, n = 3, T = 3, d = 3, last
 * step, |y| = 0.05, α = 0.2. Not certified at m = 8 and 64 (width too small), certified at m = 512,
 * where GD with the certified step stays in the ball and contracts at the certified rate.
 */
class RnnCertificateTest {

    private static final double TARGET = 0.05;
    private static final double INIT_ALPHA = 0.2;
    private static Nd4jBackend backend;

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static SequenceDataset data() {
        return PlFixtures.sequences(3, 3, 3, 3, TARGET);
    }

    private static DiagonalRnn model(int m) {
        return Initializers.symmetric(INIT_ALPHA, RecurrentLaw.CONSTANT, 7).initialize(m, 3, Activations.tanh());
    }

    @Test
    void becomesCertifiedAsTheWidthGrows() {
        List<RnnCertificate> scan = RnnCertificates.scan(backend,
                Initializers.symmetric(INIT_ALPHA, RecurrentLaw.CONSTANT, 7), Activations.tanh(),
                new int[] {8, 64, 512}, data(), Loss.LAST_STEP);
        for (int i = 0; i < 2; i++) {
            RnnCertificate c = scan.get(i);
            assertFalse(c.certifiedConvergence());
            assertTrue(c.reasons().get(0).startsWith("width too small"), c.reasons().toString());
            assertTrue(c.widthToPass() > c.verdict().problem().width());
            System.out.println("m = " + c.verdict().problem().width() + ": not certified: " + c.reasons().get(0));
        }
        RnnCertificate ok = scan.get(2);
        assertTrue(ok.certifiedConvergence(), ok.toString());
        assertTrue(ok.widthToPass() <= 512);
        // m = 64 predicted a passing width (with lambda_min held fixed) that m = 512 exceeds.
        assertTrue(scan.get(1).widthToPass() <= 512);
        System.out.println(ok);
    }

    /**
     * tanh's functions with false declared constants: (1, 0.01, 0.001) once gave CERTIFIED with
     * η = 316 and a per-step factor q = −20 (GD then took the loss from 5.9e−4 to 9.25), and
     * (1, 0.15, 0.001) a plausible q = 0.42 with GD leaving the promised ball. Both are now "not
     * certified", with the violated constant and its value as the reason.
     */
    @Test
    void falseDeclaredConstantsAreNotCertifiedAndSayWhich() {
        for (double sigma1 : new double[] {0.01, 0.15}) {
            Activation lying = Activations.custom("tanh-declared-" + sigma1, Math::tanh,
                    z -> 1 - Math.tanh(z) * Math.tanh(z), z -> -2 * Math.tanh(z) * (1 - Math.tanh(z) * Math.tanh(z)),
                    new ActivationConstants(1, sigma1, 0.001));
            DiagonalRnn m0 = Initializers.symmetric(INIT_ALPHA, RecurrentLaw.CONSTANT, 7).initialize(64, 3, lying);
            RnnCertificate c = RnnCertificates.certify(backend, m0, data(), Loss.LAST_STEP);
            assertFalse(c.certifiedConvergence(), c.toString());
            String expected = "declared sigma1 = sup|sigma'| (" + sigma1 + ") is violated";
            assertTrue(c.reasons().stream().anyMatch(s -> s.contains(expected)), c.reasons().toString());
            assertTrue(c.reasons().stream().anyMatch(s -> s.contains("declared sigma2 = sup|sigma''| (0.001)")),
                    c.reasons().toString());
            assertTrue(c.toString().contains("not certified"));
            System.out.println("declared sigma1 = " + sigma1 + ": not certified: " + c.reasons());
        }
    }

    @Test
    void aCustomActivationWithTrueConstantsIsCertifiedLikeTheBuiltIn() {
        Activation copy = Activations.custom("tanh-copy", Math::tanh, z -> 1 - Math.tanh(z) * Math.tanh(z),
                z -> -2 * Math.tanh(z) * (1 - Math.tanh(z) * Math.tanh(z)), ActivationConstants.TANH);
        DiagonalRnn m0 = Initializers.symmetric(INIT_ALPHA, RecurrentLaw.CONSTANT, 7).initialize(512, 3, copy);
        RnnCertificate c = RnnCertificates.certify(backend, m0, data(), Loss.LAST_STEP);
        assertTrue(c.certifiedConvergence(), c.toString());
        assertTrue(c.verdict().activationCheck().orElseThrow().zMax() > 0);
        RnnCertificate builtIn = RnnCertificates.certify(backend, model(512), data(), Loss.LAST_STEP);
        assertEquals(builtIn.contraction(), c.contraction(), 1e-5);
    }

    @Test
    void certifiedSpectrumAllowsForFormingTheJacobianAndTheGram() {
        RnnCertificate c = RnnCertificates.certify(backend, model(64), data(), Loss.LAST_STEP);
        var s = c.spectrum();
        assertTrue(s.jacobianError() > 0 && s.roundingMargin() > 0);
        assertTrue(s.certifiedLambdaMin() < s.lambdaMin() - s.roundingMargin());
        assertTrue(s.certifiedLambdaMax() > s.lambdaMax() + s.roundingMargin());
        // (p + cT) u n max K_qq: the forming allowance is at least n p u max_q K_qq
        double maxDiag = 0;
        double[][] g = Ntk.gram(model(64), data(), Loss.LAST_STEP).toArray();
        for (int q = 0; q < g.length; q++) {
            maxDiag = Math.max(maxDiag, g[q][q]);
        }
        assertTrue(s.roundingMargin() >= g.length * 64 * 4 * 0x1p-53 * maxDiag);
    }

    @Test
    void gdWithTheCertifiedStepStaysInTheBallAndContractsAtTheCertifiedRate() {
        DiagonalRnn m0 = model(512);
        RnnCertificate c = RnnCertificates.certify(backend, m0, data(), Loss.LAST_STEP);
        assertTrue(c.certifiedConvergence(), c.toString());
        Objective f = Objectives.rnn(backend, m0, data(), Loss.LAST_STEP);
        DescentTrace t = CertifiedDescent.run(f, c.x0(), c.verdict().verdict(), 400, 0.0);
        assertTrue(t.promisesHeld(), t.toString());
        double[] loss = t.losses();
        for (int k = 1; k < loss.length; k++) {
            assertTrue(t.distances()[k] <= c.gdRadius());
            assertTrue(loss[k] <= c.contraction() * loss[k - 1] * (1 + 1e-9), "iteration " + k);
        }
        assertTrue(t.finalLoss() <= Math.pow(c.contraction(), 400) * loss[0] * (1 + 1e-6));
    }

    @Test
    void alphaEstimateIsNeverBelowTheCertifiedRnnBound() {
        DiagonalRnn m0 = model(64);
        RnnCertificate c = RnnCertificates.certify(backend, m0, data(), Loss.LAST_STEP);
        Objective f = Objectives.rnn(backend, m0, data(), Loss.LAST_STEP);
        for (double r : new double[] {0.02, 0.1, c.verdict().radius()}) {
            double bound = RnnPl.alphaLowerBound(c.verdict().problem(), r);
            double est = PlEstimator.alpha(f, c.x0(), r,
                    new EstimationSettings(3, 10, 10, 0, EstimationSettings.DEFAULT_HVP_STEP, 3)).value();
            assertTrue(est >= bound, "r = " + r + ": estimate " + est + " < certified " + bound);
        }
    }

    @Test
    void certificateGramIsTheNaiveJacobianGram() {
        for (Loss loss : Loss.values()) {
            DiagonalRnn m0 = model(64);
            double[][] naive = JacobianGram.gram(backend, m0, data(), loss);
            double[][] used = Ntk.gram(m0, data(), loss).toArray();
            assertEquals(naive.length, used.length);
            for (int a = 0; a < naive.length; a++) {
                for (int b = 0; b < naive.length; b++) {
                    assertEquals(naive[a][b], used[a][b], 1e-12 * Math.max(1, Math.abs(naive[a][b])));
                }
            }
        }
    }

    @Test
    void jacobianRowsMatchFiniteDifferencesOfTheOutputs() {
        DiagonalRnn m0 = model(6);
        SequenceDataset d = data();
        double[] jac = JacobianGram.jacobian(backend, m0, d, Loss.ALL_STEPS);
        RnnObjective obj = Objectives.rnn(backend, m0, d, Loss.ALL_STEPS);
        double[] x0 = RnnObjective.parameters(m0);
        int p = x0.length;
        double h = 1e-6;
        for (int k = 0; k < p; k++) {
            double[] plus = x0.clone();
            double[] minus = x0.clone();
            plus[k] += h;
            minus[k] -= h;
            double[] fp = backend.outputs(obj.model(plus), d);
            double[] fm = backend.outputs(obj.model(minus), d);
            for (int q = 0; q < fp.length; q++) {
                double fd = (fp[q] - fm[q]) / (2 * h);
                assertEquals(fd, jac[q * p + k], 1e-7 * Math.max(1, Math.abs(fd)), "J[" + q + "][" + k + "]");
            }
        }
    }

    @Test
    void moreOutputsThanParametersIsNotCertifiedAndSaysWhy() {
        SequenceDataset d = PlFixtures.sequences(4, 8, 3, 1, TARGET); // N = 24 outputs, p = m(d+1) = 8
        DiagonalRnn m0 = Initializers.symmetric(INIT_ALPHA, RecurrentLaw.CONSTANT, 1).initialize(4, 1,
                Activations.tanh());
        RnnCertificate c = RnnCertificates.certify(backend, m0, d, Loss.ALL_STEPS);
        assertFalse(c.certifiedConvergence());
        assertTrue(c.reasons().get(0).startsWith("N > p"), c.reasons().toString());
        assertTrue(c.reasons().stream().anyMatch(s -> s.startsWith("Gram singular")), c.reasons().toString());
        assertEquals(Double.POSITIVE_INFINITY, c.widthToPass());
    }
}
