package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;

/**
 * Problems with n·T ≥ 8192 rows, where the backend splits its GEMMs into row blocks: still
 * bit-identical across thread counts, and still the gradient of the reference loss.
 */
class BlockedGemmTest {

    private static final double FD_STEP = 1e-5;
    private static final double REL_TOL = 1e-6;
    private static final double ABS_FLOOR = 1e-9;

    @Test
    void blockedGemmsAreThreadIndependentAndCorrect() {
        Random rng = new Random(23);
        SequenceDataset data = Instances.data(rng, 130, 64, 3);   // 8320 rows: 2 GEMM blocks
        DiagonalRnn model = Instances.model(rng, Activations.tanh(), 48, 3, 0.9);
        try (Nd4jBackend one = Nd4jBackend.create(Precision.FLOAT64, 1);
             Nd4jBackend three = Nd4jBackend.create(Precision.FLOAT64, 3)) {
            for (Loss loss : Loss.values()) {
                LossGradient a = one.lossAndGradient(model, data, loss);
                LossGradient b = three.lossAndGradient(model, data, loss);
                assertEquals(a.loss(), b.loss(), 0.0);
                assertArrayEquals(a.outputs(), b.outputs());
                assertArrayEquals(a.gradW(), b.gradW());
                assertArrayEquals(a.gradU(), b.gradU());
                double[] u = model.u();
                double[] w = model.w();
                for (int q : new int[]{0, 7, 71, 143}) {
                    double[] up = u.clone();
                    double[] um = u.clone();
                    up[q] += FD_STEP;
                    um[q] -= FD_STEP;
                    double fd = (ReferenceRnn.loss(model.withParameters(w, up), data, loss)
                            - ReferenceRnn.loss(model.withParameters(w, um), data, loss)) / (2 * FD_STEP);
                    double err = Math.abs(fd - a.gradU()[q]);
                    assertTrue(err <= REL_TOL * Math.abs(fd) + ABS_FLOOR,
                            loss + " dR/dU[" + q + "]: finite difference " + fd + " vs " + a.gradU()[q]);
                }
            }
        }
    }
}
