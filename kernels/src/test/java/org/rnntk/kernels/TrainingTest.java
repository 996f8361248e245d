package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Divergence;
import org.rnntk.core.Drift;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingStatus;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.optim.ProjectedGradientDescent;

/** GD and PGD runs (docs/theory.md §3): PGD stays in Ω, runs are reproducible, losses decrease. */
class TrainingTest {

    private static final int M = 64;
    private static final int D = 3;
    private static Nd4jBackend backend;

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create(Precision.FLOAT64, 2);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static SequenceDataset data() {
        return Instances.data(new Random(8), 6, 10, D);
    }

    private static DiagonalRnn init(long seed) {
        return Initializers.symmetric(0.8, RecurrentLaw.UNIFORM, seed).initialize(M, D, Activations.tanh());
    }

    @Test
    void pgdIteratesNeverLeaveOmegaAndTheProjectionBinds() {
        ProjectedGradientDescent pgd = Optimizers.projected(2.0, 0.05, 0.05);
        DiagonalRnn start = init(1);
        double[] w0 = start.w();
        double[] u0 = start.u();
        boolean[] everInside = {true};
        TrainingHistory h = Training.run(backend, start, data(), Loss.ALL_STEPS, pgd, 60, new TrainingListener() {
            @Override
            public void onIteration(int iteration, int total, double loss) {
            }

            @Override
            public void onParameters(int iteration, DiagonalRnn theta) {
                everInside[0] &= pgd.contains(theta.w(), theta.u(), w0, u0, D, 1e-12);
            }
        });
        assertTrue(everInside[0], "a PGD iterate left Omega");
        for (int k = 0; k <= h.iterations(); k++) {
            assertTrue(h.maxDriftW()[k] <= 0.05 * (1 + 1e-12), "w drift " + h.maxDriftW()[k] + " at k=" + k);
            assertTrue(h.maxDriftU()[k] <= 0.05 * (1 + 1e-12), "u drift " + h.maxDriftU()[k] + " at k=" + k);
        }
        // The radius is small enough that the projection is active: some neuron sits on the boundary.
        assertEquals(0.05, h.finalDrift().maxU(), 1e-9);
        assertTrue(h.lastLoss() < h.initialLoss());
    }

    @Test
    void gdDecreasesTheLossAndReportsItsDrift() {
        TrainingHistory h = Training.run(backend, init(2), data(), Loss.ALL_STEPS, Optimizers.gradientDescent(1.0), 40);
        for (int k = 1; k <= h.iterations(); k++) {
            assertTrue(h.loss(k) <= h.loss(k - 1), "loss rose at k=" + k);
        }
        Drift direct = Drift.between(h.last(), h.initial());
        assertEquals(direct, h.finalDrift());
        assertTrue(direct.maxW() > 0 && direct.maxU() > 0);
        assertEquals(h.loss(0), backend.loss(h.initial(), data(), Loss.ALL_STEPS), 0.0);
        assertEquals(h.lastLoss(), backend.loss(h.last(), data(), Loss.ALL_STEPS), 0.0);
        assertTrue(h.minLoss() <= h.averageLoss());
    }

    @Test
    void sameSeedGivesABitIdenticalHistory() {
        for (Loss loss : Loss.values()) {
            TrainingHistory a = Training.run(backend, init(3), data(), loss, Optimizers.projected(1.0, 1, 1), 25);
            TrainingHistory b = Training.run(backend, init(3), data(), loss, Optimizers.projected(1.0, 1, 1), 25);
            assertArrayEquals(a.losses(), b.losses());
            assertArrayEquals(a.maxDriftW(), b.maxDriftW());
            assertArrayEquals(a.maxDriftU(), b.maxDriftU());
            assertEquals(a.last(), b.last());
        }
    }

    @Test
    void divergenceIsAStatusWithTheIterationAndTheLastFiniteLoss() {
        TrainingHistory h = Training.run(backend, Instances.model(new Random(4), Activations.tanh(), M, D, 3.0),
                data().withTargets(big()), Loss.ALL_STEPS, Optimizers.gradientDescent(1e300), 5);
        assertEquals(TrainingStatus.DIVERGED, h.status());
        Divergence d = h.divergence().orElseThrow();
        assertTrue(d.iteration() >= 1 && d.iteration() <= 5, d.toString());
        assertTrue(Double.isFinite(d.lastFiniteLoss()), d.toString());
        assertEquals(d.lastFiniteLoss(), h.lastLoss());
        assertEquals(h.lastLoss(), backend.loss(h.last(), data().withTargets(big()), Loss.ALL_STEPS));
    }

    private static double[] big() {
        double[] y = new double[60];
        java.util.Arrays.fill(y, 1e100);
        return y;
    }
}
