package org.rnntk.kernels.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentHistory;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.RecurrentModel;
import org.rnntk.core.RecurrentTraining;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.optim.ProjectedGradientDescent;
import org.rnntk.kernels.Instances;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/** GD and PGD on the dense network through the model-generic training loop (docs/theory.md §3, §11). */
class DenseTrainingTest {

    private static final int M = 32;
    private static final int D = 3;

    private static SequenceDataset data() {
        return Instances.data(new Random(8), 6, 8, D);
    }

    @Test
    void pgdKeepsEveryNeuronWithinRhoOverSqrtM() {
        double rho = 0.05;
        ProjectedGradientDescent pgd = Optimizers.projected(2.0, rho, rho);
        DenseRnn start = Initializers.mirroredDense(0.9, DenseLaw.ORTHOGONAL, 1).initialize(M, D, Activations.tanh());
        double[] w0 = start.w();
        double[] u0 = start.u();
        boolean[] inside = {true};
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            RecurrentHistory<DenseRnn> h = RecurrentTraining.run(backend, start, data(), Loss.ALL_STEPS, pgd, 40,
                    new TrainingListener() {
                        @Override
                        public void onIteration(int iteration, int total, double loss) {
                        }

                        @Override
                        public void onModel(int iteration, RecurrentModel<?> theta) {
                            DenseRnn net = (DenseRnn) theta;
                            inside[0] &= pgd.contains(net.w(), net.u(), w0, u0, D, 1e-12);
                        }
                    });
            assertTrue(inside[0], "a PGD iterate left Omega");
            for (int k = 0; k <= h.iterations(); k++) {
                assertTrue(h.maxDriftW()[k] <= rho * (1 + 1e-12), "W-row drift " + h.maxDriftW()[k]);
                assertTrue(h.maxDriftU()[k] <= rho * (1 + 1e-12), "u drift " + h.maxDriftU()[k]);
            }
            assertTrue(h.finalDrift().maxW() > 0.9 * rho, "the projection binds: " + h.finalDrift());
            assertTrue(h.lastLoss() < h.initialLoss());
            RecurrentHistory<DenseRnn> again = RecurrentTraining.run(backend, start, data(), Loss.ALL_STEPS, pgd, 40);
            assertEquals(h, again, "a run is reproducible bit for bit");
        }
    }

    @Test
    void gradientDescentLowersTheLoss() {
        DenseRnn start = Initializers.mirroredDense(0.5, DenseLaw.GAUSSIAN, 2).initialize(M, D, Activations.tanh());
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            RecurrentHistory<DenseRnn> h = RecurrentTraining.run(backend, start, data(), Loss.LAST_STEP,
                    Optimizers.gradientDescent(0.2), 30);
            double[] losses = h.losses();
            for (int k = 1; k < losses.length; k++) {
                assertTrue(losses[k] <= losses[k - 1], "loss rose at k=" + k);
            }
            assertTrue(h.lastLoss() < 0.9 * h.initialLoss(), h.toString());
            assertEquals(h.lastLoss(), backend.loss(h.last(), data(), Loss.LAST_STEP), 0.0);
        }
    }

    /** The generic loop on the diagonal network is the diagonal loop: same losses and parameters, bit for bit. */
    @Test
    void genericLoopOnTheDiagonalNetworkEqualsTraining() {
        DiagonalRnn start = Initializers.symmetric(0.8, RecurrentLaw.UNIFORM, 3).initialize(M, D, Activations.tanh());
        ProjectedGradientDescent pgd = Optimizers.projected(1.0, 0.2, 0.2);
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 1)) {
            TrainingHistory a = Training.run(backend, start, data(), Loss.ALL_STEPS, pgd, 15);
            RecurrentHistory<DiagonalRnn> b = RecurrentTraining.run(backend, start, data(), Loss.ALL_STEPS, pgd, 15);
            assertArrayEquals(a.losses(), b.losses(), 0.0);
            assertArrayEquals(a.maxDriftW(), b.maxDriftW(), 0.0);
            assertEquals(a.last(), b.last());
        }
    }
}
