package org.rnntk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagonal network's {@link TrainingHistory} is the general {@link RecurrentHistory} of a
 * {@link DiagonalRnn}: for the same run, {@link Training} and {@link RecurrentTraining} report the
 * same status, divergence, losses, drifts and summaries, and their histories are equal. The loss
 * summaries are checked against the closed form of {@link TrainingDivergenceTest}'s quadratic
 * (GD with step η multiplies R̂ by (1 − η)² per update).
 */
class RecurrentHistoryContractTest {

    private static final double TOL = 1e-14;
    private static final RnnBackend BACKEND = TrainingDivergenceTest.BACKEND;
    private static final SequenceDataset DATA = TrainingDivergenceTest.DATA;

    /** One run per way a run ends: completed, each divergence reason, and a step absurd enough to be projected. */
    static Stream<Arguments> runs() {
        DiagonalRnn far = start().withParameters(new double[]{3, 0, 0, 0}, start().u());
        return Stream.of(
                Arguments.of("completed", start(), Optimizers.gradientDescent(0.5), 10, DivergenceRule.defaults()),
                Arguments.of("loss growth", start(), Optimizers.gradientDescent(3), 50, DivergenceRule.defaults()),
                Arguments.of("non-finite loss", start(), Optimizers.gradientDescent(1e200), 5,
                        DivergenceRule.nonFiniteOnly()),
                Arguments.of("non-finite parameters", far, Optimizers.gradientDescent(Double.MAX_VALUE), 5,
                        DivergenceRule.defaults()),
                Arguments.of("projected", start(), Optimizers.projected(1e300, 0.5, 0.5), 3,
                        DivergenceRule.defaults()),
                Arguments.of("no update", start(), Optimizers.gradientDescent(0.5), 0, DivergenceRule.defaults()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void theDiagonalAndTheGeneralHistoryOfOneRunAgree(String name, DiagonalRnn theta0, Optimizer optimizer,
                                                      int iterations, DivergenceRule rule) {
        TrainingHistory diagonal = Training.run(BACKEND, theta0, DATA, Loss.ALL_STEPS, optimizer, iterations, null,
                rule);
        RecurrentHistory<DiagonalRnn> general = RecurrentTraining.run(BACKEND, theta0, DATA, Loss.ALL_STEPS,
                optimizer, iterations, null, rule);
        RecurrentHistory<DiagonalRnn> asGeneral = diagonal;

        assertEquals(general.status(), diagonal.status());
        assertEquals(general.diverged(), diagonal.diverged());
        assertEquals(general.divergence(), diagonal.divergence());
        assertEquals(general.iterations(), diagonal.iterations());
        assertArrayEquals(general.losses(), diagonal.losses());
        assertArrayEquals(general.maxDriftW(), diagonal.maxDriftW());
        assertArrayEquals(general.maxDriftU(), diagonal.maxDriftU());
        assertEquals(general.finalDrift(), diagonal.finalDrift());
        assertEquals(general.initial(), diagonal.initial());
        assertEquals(general.last(), diagonal.last());
        assertEquals(general.minLoss(), diagonal.minLoss());
        assertEquals(general.averageLoss(), diagonal.averageLoss());
        assertEquals(general.maxDriftWOverRun(), diagonal.maxDriftWOverRun());
        assertEquals(general.maxDriftUOverRun(), diagonal.maxDriftUOverRun());
        assertEquals(general, asGeneral);
        assertEquals(asGeneral, general);
        assertEquals(general.hashCode(), diagonal.hashCode());
        assertEquals(general.toString().replaceFirst("^RecurrentHistory", "TrainingHistory"), diagonal.toString());
        assertEquals(diagonal.status() == TrainingStatus.DIVERGED, diagonal.divergence().isPresent(), name);
    }

    @Test
    void lossSummariesMatchTheClosedForm() {
        // η = 0.5: R(k) = r0 / 4^k, so min = R(τ) and the average of R(0..τ−1) is r0 (1 − 4^−τ) / (τ · 3/4).
        int tau = 10;
        TrainingHistory h = Training.run(BACKEND, start(), DATA, Loss.ALL_STEPS, Optimizers.gradientDescent(0.5),
                tau);
        double r0 = BACKEND.loss(start(), DATA, Loss.ALL_STEPS);
        assertEquals(r0, h.initialLoss(), TOL * r0);
        assertEquals(r0 * Math.pow(0.25, 3), h.loss(3), TOL * r0);
        assertEquals(r0 * Math.pow(0.25, tau), h.minLoss(), TOL * r0);
        assertEquals(h.lastLoss(), h.minLoss());
        assertEquals(r0 * (1 - Math.pow(0.25, tau)) / (tau * 0.75), h.averageLoss(), TOL * r0);
        // The drift only grows toward the minimizer: its largest value over the run is the last one.
        assertEquals(h.finalDrift().maxW(), h.maxDriftWOverRun(), TOL);
        assertEquals(h.finalDrift().maxU(), h.maxDriftUOverRun(), TOL);
    }

    @Test
    void bothTypesValidateAlikeAndCopyTheirArrays() {
        DiagonalRnn t = start();
        Drift none = Drift.between(t, t);
        for (HistoryFactory make : new HistoryFactory[]{TrainingHistory::new, RecurrentHistory<DiagonalRnn>::new}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> make.of(
                    new double[]{1, 2}, new double[]{0}, new double[]{0, 0}, t, Optional.empty()));
            assertTrue(e.getMessage().contains("losses (2), maxDriftW (1) and maxDriftU (2)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> make.of(
                    new double[]{1, Double.NaN}, new double[2], new double[2], t, Optional.empty()));
            assertTrue(e.getMessage().contains("losses[1] (NaN) must be finite"), e.getMessage());
            Divergence d = new Divergence(Divergence.Reason.NON_FINITE_LOSS, 2, Double.NaN, 3.0, 100.0);
            e = assertThrows(IllegalArgumentException.class, () -> make.of(
                    new double[]{1, 2}, new double[2], new double[2], t, Optional.of(d)));
            assertTrue(e.getMessage().contains("last finite loss (3.0) must equal the last recorded loss (2.0)"),
                    e.getMessage());

            double[] losses = {1, 0.5};
            RecurrentHistory<DiagonalRnn> h = make.of(losses, new double[2], new double[2], t, Optional.empty());
            losses[1] = 7;
            assertEquals(0.5, h.lastLoss(), "the constructor copies");
            h.losses()[1] = 7;
            assertEquals(0.5, h.lastLoss(), "the accessor copies");
            assertEquals(TrainingStatus.COMPLETED, h.status());
            assertNotEquals(h, make.of(new double[]{1, 0.25}, new double[2], new double[2], t, Optional.empty()));
        }
        assertThrows(NullPointerException.class, () -> new TrainingHistory("gd", Loss.ALL_STEPS, new double[1],
                new double[1], new double[1], none, t, t, null));
    }

    @FunctionalInterface
    private interface HistoryFactory {
        RecurrentHistory<DiagonalRnn> make(String optimizer, Loss lossMode, double[] losses, double[] maxDriftW,
                                           double[] maxDriftU, Drift finalDrift, DiagonalRnn initial,
                                           DiagonalRnn last, Optional<Divergence> divergence);

        default RecurrentHistory<DiagonalRnn> of(double[] losses, double[] driftW, double[] driftU, DiagonalRnn t,
                                                 Optional<Divergence> divergence) {
            return make("gd", Loss.ALL_STEPS, losses, driftW, driftU, Drift.between(t, t), t, t, divergence);
        }
    }

    private static DiagonalRnn start() {
        return TrainingDivergenceTest.start();
    }
}
