package org.rnntk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Optimizer} promises, checked on every implementation: its step size, arguments
 * documented "not modified" left alone, Θ − η∇R̂ exactly where no constraint is active, a zero
 * gradient a fixed point, one step on ½‖Θ − Θ*‖² (Θ* feasible) never farther from Θ*, a description
 * that names the step, and a non-positive step refused by name. A new optimizer is added to
 * {@link #optimizers()} as a function of its step size; its constraint set must contain the ball of
 * radius {@link #FEASIBLE} (per coordinate, units 1/√m) around Θ(0).
 */
class OptimizerContractTest {

    static final int WIDTH = 8;
    static final int INPUT_DIM = 3;
    /** How far from Θ(0), in units 1/√m per coordinate, every optimizer below leaves points unconstrained. */
    static final double FEASIBLE = 0.1;
    static final int INSTANCES = 50;

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("GD", (DoubleFunction<Optimizer>) Optimizers::gradientDescent),
                Arguments.of("PGD, radii 1", (DoubleFunction<Optimizer>) eta -> Optimizers.projected(eta, 1, 1)),
                Arguments.of("PGD, radii 2 and 0.5", (DoubleFunction<Optimizer>) eta -> Optimizers.projected(eta, 2, 0.5)));
    }

    /** A random Θ(0), a Θ near it (|Δ| ≤ FEASIBLE/(2√m·√d) per entry), and a gradient. */
    private record Instance(double[] w0, double[] u0, double[] w, double[] u, double[] gw, double[] gu) {
    }

    private static Instance instance(Random rng, double gradScale) {
        int m = WIDTH;
        double r = FEASIBLE / (2 * Math.sqrt(m) * Math.sqrt(INPUT_DIM));
        double[] w0 = new double[m];
        double[] u0 = new double[m * INPUT_DIM];
        double[] w = new double[m];
        double[] u = new double[m * INPUT_DIM];
        double[] gw = new double[m];
        double[] gu = new double[m * INPUT_DIM];
        for (int i = 0; i < m; i++) {
            w0[i] = rng.nextGaussian();
            w[i] = w0[i] + r * (2 * rng.nextDouble() - 1);
            gw[i] = gradScale * rng.nextGaussian();
        }
        for (int i = 0; i < u0.length; i++) {
            u0[i] = rng.nextGaussian();
            u[i] = u0[i] + r * (2 * rng.nextDouble() - 1);
            gu[i] = gradScale * rng.nextGaussian();
        }
        return new Instance(w0, u0, w, u, gw, gu);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stepSizeIsTheOneConfiguredAndTheDescriptionNamesIt(String label, DoubleFunction<Optimizer> make) {
        Optimizer o = make.apply(0.375);
        assertEquals(0.375, o.stepSize());
        assertFalse(o.describe().isBlank());
        assertTrue(o.describe().contains("0.375"), o.describe());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void argumentsDocumentedAsNotModifiedAreLeftAlone(String label, DoubleFunction<Optimizer> make) {
        Random rng = new Random(1);
        for (int k = 0; k < INSTANCES; k++) {
            Instance in = instance(rng, 10);   // large gradients: every constraint active
            double[] gw = in.gw().clone();
            double[] gu = in.gu().clone();
            double[] w0 = in.w0().clone();
            double[] u0 = in.u0().clone();
            make.apply(0.5).updateInPlace(in.w(), in.u(), in.gw(), in.gu(), in.w0(), in.u0(), INPUT_DIM);
            assertArrayEquals(gw, in.gw(), label);
            assertArrayEquals(gu, in.gu(), label);
            assertArrayEquals(w0, in.w0(), label);
            assertArrayEquals(u0, in.u0(), label);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void whereNoConstraintIsActiveTheUpdateIsExactlyThetaMinusEtaGradient(String label,
                                                                         DoubleFunction<Optimizer> make) {
        Random rng = new Random(2);
        double eta = 0.25;
        for (int k = 0; k < INSTANCES; k++) {
            // |η g| ≤ ~1e-3 / √m per entry keeps Θ − η∇ inside the FEASIBLE ball.
            Instance in = instance(rng, 1e-3 / Math.sqrt(WIDTH) / 4 / eta / 4);
            double[] ew = in.w().clone();
            double[] eu = in.u().clone();
            for (int i = 0; i < ew.length; i++) {
                ew[i] -= eta * in.gw()[i];
            }
            for (int i = 0; i < eu.length; i++) {
                eu[i] -= eta * in.gu()[i];
            }
            make.apply(eta).updateInPlace(in.w(), in.u(), in.gw(), in.gu(), in.w0(), in.u0(), INPUT_DIM);
            assertArrayEquals(ew, in.w(), 0.0, label);
            assertArrayEquals(eu, in.u(), 0.0, label);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aZeroGradientIsAFixedPoint(String label, DoubleFunction<Optimizer> make) {
        Random rng = new Random(3);
        for (int k = 0; k < INSTANCES; k++) {
            Instance in = instance(rng, 0);
            double[] w = in.w().clone();
            double[] u = in.u().clone();
            make.apply(1.0).updateInPlace(in.w(), in.u(), in.gw(), in.gu(), in.w0(), in.u0(), INPUT_DIM);
            assertArrayEquals(w, in.w(), 0.0, label);
            assertArrayEquals(u, in.u(), 0.0, label);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void oneStepOnAQuadraticNeverMovesAwayFromAFeasibleMinimizer(String label, DoubleFunction<Optimizer> make) {
        Random rng = new Random(4);
        for (int k = 0; k < INSTANCES; k++) {
            // Θ* feasible (near Θ(0)); Θ anywhere; ∇ = Θ − Θ*; any η in (0, 2) contracts toward Θ*.
            Instance star = instance(rng, 0);
            double[] w = new double[WIDTH];
            double[] u = new double[WIDTH * INPUT_DIM];
            for (int i = 0; i < w.length; i++) {
                w[i] = star.w0()[i] + rng.nextGaussian();
            }
            for (int i = 0; i < u.length; i++) {
                u[i] = star.u0()[i] + rng.nextGaussian();
            }
            double[] gw = new double[w.length];
            double[] gu = new double[u.length];
            for (int i = 0; i < w.length; i++) {
                gw[i] = w[i] - star.w()[i];
            }
            for (int i = 0; i < u.length; i++) {
                gu[i] = u[i] - star.u()[i];
            }
            double before = distance(w, u, star.w(), star.u());
            double eta = 0.1 + 1.8 * rng.nextDouble();
            make.apply(eta).updateInPlace(w, u, gw, gu, star.w0(), star.u0(), INPUT_DIM);
            double after = distance(w, u, star.w(), star.u());
            assertTrue(after <= before * (1 + 1e-12), label + ": distance " + before + " -> " + after + " at eta " + eta);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aNonPositiveStepIsRefusedByName(String label, DoubleFunction<Optimizer> make) {
        for (double eta : new double[] {0.0, -0.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> make.apply(eta));
            assertTrue(e.getMessage().contains("eta"), e.getMessage());
        }
    }

    private static double distance(double[] w, double[] u, double[] ws, double[] us) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (w[i] - ws[i]) * (w[i] - ws[i]);
        }
        for (int i = 0; i < u.length; i++) {
            s += (u[i] - us[i]) * (u[i] - us[i]);
        }
        return Math.sqrt(s);
    }
}
