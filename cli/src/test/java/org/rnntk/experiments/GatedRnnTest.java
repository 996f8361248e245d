package org.rnntk.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.core.data.SyntheticTasks;

/** The gated network's gradient against central differences; its plain mode against the library. */
class GatedRnnTest {

    private static GatedRnn randomGated(Activation act, int m, int d, long seed) {
        Random r = new Random(seed);
        double[] w = new double[m];
        double[] u = new double[m * d];
        double[] g = new double[m * d];
        double[] b = new double[m];
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = 2.4 * r.nextDouble() - 1.2;
            b[i] = 2 * r.nextGaussian();
            c[i] = r.nextBoolean() ? 1 : -1;
            for (int k = 0; k < d; k++) {
                u[i * d + k] = r.nextGaussian();
                g[i * d + k] = 1.5 * r.nextGaussian();
            }
        }
        return GatedRnn.of(act, d, w, u, g, b, c);
    }

    @Test
    void gatedGradientMatchesCentralDifferences() {
        SequenceDataset data = SyntheticTasks.filter(3, 6, 3, 0.8, 0.7, 5).generate();
        for (Activation act : new Activation[]{Activations.tanh(), Activations.sigmoid()}) {
            for (Loss loss : Loss.values()) {
                GatedRnn net = randomGated(act, 4, 3, 11);
                double[] p = net.parameters();
                assertEquals(4 * (1 + 3) + 4 * (3 + 1), p.length);
                double[] grad = net.evaluate(data, loss).gradient();
                double worst = 0;
                for (int a = 0; a < p.length; a++) {
                    double h = 1e-6;
                    double[] plus = p.clone();
                    double[] minus = p.clone();
                    plus[a] += h;
                    minus[a] -= h;
                    double fd = (net.withParameters(plus).evaluate(data, loss).loss()
                            - net.withParameters(minus).evaluate(data, loss).loss()) / (2 * h);
                    double err = Math.abs(fd - grad[a]) / Math.max(1e-3, Math.abs(fd));
                    worst = Math.max(worst, err);
                    assertEquals(fd, grad[a], 1e-7 * Math.max(1e-3, Math.abs(fd)) + 1e-10,
                            act.name() + " " + loss + " parameter " + a);
                }
                assertTrue(worst < 1e-6, "worst relative error " + worst);
            }
        }
    }

    @Test
    void plainModeIsTheLibrarysDiagonalRnn() {
        SequenceDataset data = SyntheticTasks.filter(5, 7, 3, 0.9, 0.5, 2).generate();
        DiagonalRnn model = Initializers.symmetric(0.9, RecurrentLaw.UNIFORM, 3).initialize(8, 3, Activations.tanh());
        // Move off the symmetric point so F != 0.
        double[] w = model.w();
        double[] u = model.u();
        for (int i = 0; i < w.length; i++) {
            w[i] += 0.01 * i;
            u[i] -= 0.02 * i;
        }
        model = model.withParameters(w, u);
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            for (Loss loss : Loss.values()) {
                LossGradient ref = backend.lossAndGradient(model, data, loss);
                GatedRnn.Evaluation mine = GatedRnn.plain(model).evaluate(data, loss);
                assertEquals(ref.loss(), mine.loss(), 1e-12 * ref.loss());
                double[] gw = ref.gradW();
                double[] gu = ref.gradU();
                for (int i = 0; i < gw.length; i++) {
                    assertEquals(gw[i], mine.gradient()[i], 1e-12 + 1e-9 * Math.abs(gw[i]), "w " + i);
                }
                for (int i = 0; i < gu.length; i++) {
                    assertEquals(gu[i], mine.gradient()[gw.length + i], 1e-12 + 1e-9 * Math.abs(gu[i]), "u " + i);
                }
                assertEquals(1.0, mine.meanGate());
            }
        }
    }

    @Test
    void aClosedGateForgetsAndTheInitialGatedOutputIsZero() {
        SequenceDataset data = SyntheticTasks.filter(4, 5, 2, 1.0, 0.5, 1).generate();
        DiagonalRnn model = Initializers.symmetric(1.5, RecurrentLaw.CONSTANT, 4).initialize(6, 2, Activations.tanh());
        GatedRnn open = GatedRnn.gated(model, 4.0);
        GatedRnn.Evaluation e = open.evaluate(data, Loss.LAST_STEP);
        // Symmetric pairs: F(Theta0) = 0, so R(Theta0) = mean y_T^2 / 2.
        double r0 = 0;
        for (int j = 0; j < data.size(); j++) {
            r0 += 0.5 * data.target(j, data.timeSteps() - 1) * data.target(j, data.timeSteps() - 1) / data.size();
        }
        assertEquals(r0, e.loss(), 1e-15);
        assertEquals(1 / (1 + Math.exp(-4.0)), e.meanGate(), 1e-12);
    }
}
