package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.internal.KernelPath;

/**
 * The backend on each path it takes in this JVM (precision × form of σ' × loss; the Vector API and
 * tile access as the JVM decides, each run at tile level by {@code internal.KernelPathTest})
 * against the naive reference: outputs, loss, and the gradient against central differences of the
 * reference loss (docs/theory.md §3–§4).
 */
class KernelPathBackendTest {

    private static final double FD_STEP = 1e-5;

    static Stream<Arguments> paths() {
        Activation[] acts = {Activations.tanh(), Activations.sigmoid(), Instances.customTanh()};
        Stream.Builder<Arguments> b = Stream.builder();
        for (Precision p : Precision.values()) {
            for (Activation act : acts) {
                for (Loss loss : Loss.values()) {
                    b.add(Arguments.of(KernelPath.active(p == Precision.FLOAT64, act), p, act, loss));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} ({1}, {2}, {3})")
    @MethodSource("paths")
    void thePathMatchesTheReference(KernelPath path, Precision precision, Activation act, Loss loss) {
        assertEquals(precision == Precision.FLOAT64, path.float64(), path.name());
        assertEquals(KernelPath.formOf(act), path.form(), path.name());
        Random rng = new Random(path.ordinal() * 7L + loss.ordinal());
        int n = 3;
        int steps = 5;
        int d = 2;
        int m = 6;
        SequenceDataset data = Instances.data(rng, n, steps, d);
        DiagonalRnn model = Instances.model(rng, act, m, d, 1.1);
        // float32: one rounding per step and per parameter.
        double tol = path.float64() ? 1e-7 : 1e-3;
        try (Nd4jBackend backend = Nd4jBackend.create(precision, 2)) {
            LossGradient g = backend.lossAndGradient(model, data, loss);
            for (int j = 0; j < n; j++) {
                double[] ref = ReferenceRnn.outputs(model, data, j);
                for (int t = 0; t < steps; t++) {
                    assertEquals(ref[t], g.outputs()[j * steps + t], tol, "F at j=" + j + " t=" + t);
                }
            }
            double refLoss = ReferenceRnn.loss(model, data, loss);
            assertEquals(refLoss, g.loss(), tol * Math.max(1, refLoss), "loss");
            double[] w = model.w();
            double[] u = model.u();
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < m + m * d; i++) {
                double[] wp = w.clone();
                double[] wm = w.clone();
                double[] up = u.clone();
                double[] um = u.clone();
                if (i < m) {
                    wp[i] += FD_STEP;
                    wm[i] -= FD_STEP;
                } else {
                    up[i - m] += FD_STEP;
                    um[i - m] -= FD_STEP;
                }
                double fd = (ReferenceRnn.loss(model.withParameters(wp, up), data, loss)
                        - ReferenceRnn.loss(model.withParameters(wm, um), data, loss)) / (2 * FD_STEP);
                double got = i < m ? g.gradW()[i] : g.gradU()[i - m];
                diff += (got - fd) * (got - fd);
                norm += fd * fd;
            }
            assertTrue(norm > 0, "a non-zero gradient");
            assertTrue(Math.sqrt(diff) <= tol * Math.sqrt(norm), path + " " + loss + ": |∇ − fd| = "
                    + Math.sqrt(diff) + " > " + tol + " |fd| = " + tol * Math.sqrt(norm));
        }
    }
}
