package org.rnntk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The divergence status of {@link Training#run}: on a quadratic R̂(Θ) = ½‖w − a‖² + ½‖U − b‖², GD
 * with step η multiplies the loss by (1 − η)² exactly per update, so where each rule fires is known
 * in closed form.
 */
class TrainingDivergenceTest {

    private static final int M = 4;
    private static final int D = 2;
    private static final double A = 0.5;
    private static final double B = -0.25;

    /** The quadratic above as an {@link RnnBackend}; it ignores the data. */
    static final class QuadraticBackend implements RnnBackend {
        @Override
        public double lossAndGradientInto(DiagonalRnn model, SequenceDataset data, Loss loss, double[] gradW,
                                          double[] gradU) {
            double[] w = model.w();
            double[] u = model.u();
            for (int i = 0; i < w.length; i++) {
                gradW[i] = w[i] - A;
            }
            for (int q = 0; q < u.length; q++) {
                gradU[q] = u[q] - B;
            }
            return loss(model, data, loss);
        }

        @Override
        public double loss(DiagonalRnn model, SequenceDataset data, Loss loss) {
            double s = 0;
            for (double x : model.w()) {
                s += (x - A) * (x - A);
            }
            for (double x : model.u()) {
                s += (x - B) * (x - B);
            }
            return 0.5 * s;
        }

        @Override
        public double[] outputs(DiagonalRnn model, SequenceDataset data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LossGradient lossAndGradient(DiagonalRnn model, SequenceDataset data, Loss loss) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sensitivities sensitivities(DiagonalRnn model, SequenceDataset data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    static final RnnBackend BACKEND = new QuadraticBackend();
    static final SequenceDataset DATA = new SequenceDataset(1, 1, D, new double[D], new double[1]);

    static DiagonalRnn start() {
        double[] w = {0.1, -0.2, 0.3, 0.0};
        double[] u = {0.2, 0.1, -0.1, 0.3, 0.0, 0.05, -0.2, 0.4};
        return new DiagonalRnn(Activations.tanh(), D, w, u, new double[]{1, 1, -1, -1});
    }

    private static double r0() {
        return BACKEND.loss(start(), DATA, Loss.ALL_STEPS);
    }

    @Test
    void aStableStepCompletes() {
        TrainingHistory h = Training.run(BACKEND, start(), DATA, Loss.ALL_STEPS, Optimizers.gradientDescent(0.5), 10);
        assertEquals(TrainingStatus.COMPLETED, h.status());
        assertFalse(h.diverged());
        assertTrue(h.divergence().isEmpty());
        assertEquals(10, h.iterations());
        assertEquals(r0() * Math.pow(0.25, 10), h.lastLoss(), 1e-15 * r0());
    }

    @Test
    void lossGrowthPastTheDefaultMultipleIsADivergenceAtTheFirstIterateAboveIt() {
        // η = 3: R(k) = 4^k R(0); 4^3 = 64 <= 100 < 256 = 4^4, so the default rule fires at k = 4.
        List<Integer> seen = new ArrayList<>();
        List<Divergence> reported = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onIteration(int iteration, int total, double loss) {
                seen.add(iteration);
            }

            @Override
            public void onDivergence(Divergence divergence) {
                reported.add(divergence);
            }
        };
        TrainingHistory h = Training.run(BACKEND, start(), DATA, Loss.ALL_STEPS, Optimizers.gradientDescent(3), 50,
                listener);
        assertEquals(TrainingStatus.DIVERGED, h.status());
        Divergence d = h.divergence().orElseThrow();
        assertEquals(Divergence.Reason.LOSS_GROWTH, d.reason());
        assertEquals(4, d.iteration());
        assertEquals(256 * r0(), d.loss(), 1e-12 * r0());
        assertEquals(d.loss(), d.lastFiniteLoss());
        assertEquals(100 * r0(), d.lossLimit(), 1e-12 * r0());
        assertEquals(5, h.losses().length);
        assertEquals(4, h.iterations());
        assertEquals(d.lastFiniteLoss(), h.lastLoss());
        assertEquals(List.of(0, 1, 2, 3, 4), seen);
        assertEquals(List.of(d), reported);
        assertEquals(h.last(), h.last().withParameters(h.last().w(), h.last().u()));
        assertEquals(h.lastLoss(), BACKEND.loss(h.last(), DATA, Loss.ALL_STEPS));
        assertTrue(d.describe().contains("iteration 4"), d.describe());
    }

    @Test
    void theMultipleIsConfigurable() {
        // factor 10: 4^2 = 16 > 10 fires at k = 2; non-finite only: all 6 updates complete.
        TrainingHistory h = Training.run(BACKEND, start(), DATA, Loss.ALL_STEPS, Optimizers.gradientDescent(3), 6,
                null, DivergenceRule.lossGrowth(10));
        assertEquals(2, h.divergence().orElseThrow().iteration());
        TrainingHistory free = Training.run(BACKEND, start(), DATA, Loss.ALL_STEPS, Optimizers.gradientDescent(3), 6,
                null, DivergenceRule.nonFiniteOnly());
        assertEquals(TrainingStatus.COMPLETED, free.status());
        assertEquals(Math.pow(4, 6) * r0(), free.lastLoss(), 1e-9 * r0());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DivergenceRule.lossGrowth(1));
        assertTrue(e.getMessage().contains("loss growth factor (1.0) must be > 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DivergenceRule.lossGrowth(Double.NaN));
    }

    @Test
    void anOverflowingLossIsANonFiniteLossWithTheLastFiniteOne() {
        // η = 1e200: Θ(1) − Θ* = (1 − η)(Θ(0) − Θ*) is finite but its square overflows.
        TrainingHistory h = Training.run(BACKEND, start(), DATA, Loss.ALL_STEPS, Optimizers.gradientDescent(1e200),
                5, null, DivergenceRule.nonFiniteOnly());
        Divergence d = h.divergence().orElseThrow();
        assertEquals(Divergence.Reason.NON_FINITE_LOSS, d.reason());
        assertEquals(1, d.iteration());
        assertEquals(Double.POSITIVE_INFINITY, d.loss());
        assertEquals(r0(), d.lastFiniteLoss());
        assertArrayEquals(new double[]{r0()}, h.losses());
        assertEquals(start(), h.last());
    }

    @Test
    void anOverflowingUpdateIsANonFiniteParameterDivergence() {
        // w_0 − η (w_0 − a) with w_0 − a = 2.5 and η = MAX_VALUE overflows to −∞.
        DiagonalRnn far = start().withParameters(new double[]{3, 0, 0, 0}, start().u());
        double r0 = BACKEND.loss(far, DATA, Loss.ALL_STEPS);
        TrainingHistory h = Training.run(BACKEND, far, DATA, Loss.ALL_STEPS,
                Optimizers.gradientDescent(Double.MAX_VALUE), 5);
        Divergence d = h.divergence().orElseThrow();
        assertEquals(Divergence.Reason.NON_FINITE_PARAMETERS, d.reason());
        assertEquals(1, d.iteration());
        assertTrue(Double.isNaN(d.loss()));
        assertEquals(r0, h.lastLoss());
        assertEquals(far, h.last());
        assertEquals(0, h.iterations());
    }

    @Test
    void pgdAtAnAbsurdStepStaysOnTheBoundaryAndDoesNotDiverge() {
        // Every neuron's step leaves Ω by ~1e300: PGD lands on the boundary (the loss stays bounded).
        double rho = 0.5;
        TrainingHistory h = Training.run(BACKEND, start(), DATA, Loss.ALL_STEPS,
                Optimizers.projected(1e300, rho, rho), 3);
        assertEquals(TrainingStatus.COMPLETED, h.status());
        assertEquals(rho, h.finalDrift().maxU(), 1e-12);
        assertEquals(rho, h.finalDrift().maxW(), 1e-12);
    }

    @Test
    void aNonFiniteInitialLossIsBadInputNotADivergence() {
        DiagonalRnn huge = new DiagonalRnn(Activations.tanh(), D, new double[]{1e300, 0, 0, 0}, new double[M * D],
                new double[]{1, 1, -1, -1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Training.run(BACKEND, huge,
                DATA, Loss.ALL_STEPS, Optimizers.gradientDescent(0.1), 3));
        assertTrue(e.getMessage().contains("loss at Theta(0) (Infinity) must be finite"), e.getMessage());
    }
}
