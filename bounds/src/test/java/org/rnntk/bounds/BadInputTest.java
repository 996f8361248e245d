package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Loss;

/** Every violated hypothesis throws with a message naming it; nothing returns NaN. */
class BadInputTest {

    static final PgdProblem P = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(0.5)
            .timeSteps(10).samples(100).build();

    static void throwsMentioning(String fragment, Executable call) {
        String msg = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(msg.contains(fragment), "message '" + msg + "' should mention '" + fragment + "'");
    }

    /** The residual bound Ymax is refused, with 1/β, for a step above 1/β; a null variant is refused by name. */
    @Test
    void residualBoundYmaxNeedsAStepBelowOneOverBeta() {
        double maxStep = Bounds.widthTerms(P, 1e6, 0.05).maxStep();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bounds.pgdBound(P, 1e6, 100, 2 * maxStep, 0.05, ResidualBound.DESCENT));
        assertTrue(e.getMessage().contains("exceeds 1/beta") && e.getMessage().contains("REGION"), e.getMessage());
        PgdBound auto = Bounds.pgdBound(P, 1e6, 100, 2 * maxStep, 0.05);
        assertTrue(auto.residualBound() == ResidualBound.REGION, auto.describe());
        assertTrue(Bounds.pgdBound(P, 1e6, 100, maxStep, 0.05).residualBound() == ResidualBound.DESCENT);
        NullPointerException n = assertThrows(NullPointerException.class,
                () -> Bounds.pgdBound(P, 1e6, 100, maxStep, 0.05, null));
        assertTrue(n.getMessage().contains("residualBound"), n.getMessage());
        assertThrows(NullPointerException.class, () -> Bounds.requiredWidth(P, 0.1, 0.05, null));
    }

    @Test
    void problemDomain() {
        throwsMentioning("alpha (NaN)", () -> P.withAlpha(Double.NaN));
        throwsMentioning("alpha (-1.0)", () -> P.withAlpha(-1));
        throwsMentioning("time steps T (0)", () -> P.withTimeSteps(0));
        throwsMentioning("samples n (0)", () -> P.withSamples(0));
        throwsMentioning("nuBarW (NaN)", () -> P.withNuBar(Double.NaN, 1));
        throwsMentioning("nuBar = sqrt(nuBarW^2 + nuBarU^2) (0.0) must be > 0", () -> P.withNuBar(0, 0));
        throwsMentioning("rhoU (Infinity)", () -> P.withRho(1, Double.POSITIVE_INFINITY));
        throwsMentioning("projection radius rhoW (0.0) must be", () -> P.withRho(0, 1));
        throwsMentioning("projection radius rhoU (0.0) must be", () -> P.withRho(1, 0));
        throwsMentioning("yMax (-1.0)", () -> P.withYMax(-1));
        throwsMentioning("inputNormBound (NaN)", () -> P.withInputNormBound(Double.NaN));
        throwsMentioning("overflows a long", () -> P.withTimeSteps(1L << 40).withSamples(1L << 40));
        throwsMentioning("sigma1 (NaN)", () -> new ActivationConstants(1, Double.NaN, 1));
    }

    @Test
    void theoremHypotheses() {
        throwsMentioning("hypothesis rho >= nuBar fails: rhoW (0.5) < nuBarW (1.0)",
                () -> Bounds.requiredWidth(P.withRho(0.5, 1), 0.1, 0.05));
        throwsMentioning("hypothesis rho >= nuBar fails: rhoU (0.5) < nuBarU (1.0)",
                () -> Bounds.pgdBound(P.withRho(1, 0.5), 100, 10, 0.1, 0.05));
        throwsMentioning("hypothesis ||x_t|| <= 1 fails: inputNormBound (1.5) > 1",
                () -> Bounds.requiredWidth(P.withInputNormBound(1.5), 0.1, 0.05));
        throwsMentioning("epsilon (0.0)", () -> Bounds.requiredWidth(P, 0, 0.05));
        throwsMentioning("epsilon (NaN)", () -> Bounds.requiredWidth(P, Double.NaN, 0.05));
        throwsMentioning("failure probability delta (1.0)", () -> Bounds.requiredWidth(P, 0.1, 1.0));
        throwsMentioning("failure probability delta (0.0)", () -> Bounds.requiredWidth(P, 0.1, 0.0));
        throwsMentioning("failure probability delta (NaN)", () -> Bounds.requiredWidth(P, 0.1, Double.NaN));
        throwsMentioning("width m (7.0) must be an even integer", () -> Bounds.pgdBound(P, 7, 10, 0.1, 0.05));
        throwsMentioning("width m (100.5) must be an even integer", () -> Bounds.widthTerms(P, 100.5, 0.05));
        throwsMentioning("width m (NaN)", () -> Bounds.stepSize(P, Double.NaN, 10));
        throwsMentioning("width m (0.0)", () -> Bounds.requiredIterations(P, 0.1, 0));
        throwsMentioning("iterations tau (0.5)", () -> Bounds.pgdBound(P, 100, 0.5, 0.1, 0.05));
        throwsMentioning("iterations tau (NaN)", () -> Bounds.stepSize(P, 100, Double.NaN));
        throwsMentioning("step eta (-0.1)", () -> Bounds.pgdBound(P, 100, 10, -0.1, 0.05));
        throwsMentioning("step eta (NaN)", () -> Bounds.gdRadius(P, 100, 10, Double.NaN));
        throwsMentioning("measured drift driftW (NaN)",
                () -> Bounds.aPosterioriBound(P, 100, 10, 0.1, 0.05, Double.NaN, 1));
        throwsMentioning("time step t (0)", () -> LemmaConstants.of(ActivationConstants.TANH, 1, 0));
        throwsMentioning("a (NaN)", () -> LemmaConstants.of(ActivationConstants.TANH, Double.NaN, 3));
    }

    @Test
    void plHypotheses() {
        throwsMentioning("f(x0) (NaN)", () -> LocalPl.checkFlow(Double.NaN, 1, 1, Certification.CERTIFIED));
        throwsMentioning("radius r (0.0)", () -> LocalPl.checkFlow(1, 0, 1, Certification.CERTIFIED));
        throwsMentioning("alpha lower bound (NaN)", () -> LocalPl.checkFlow(1, 1, Double.NaN, Certification.CERTIFIED));
        throwsMentioning("beta upper bound (NaN)", () -> LocalPl.check(1, 1, 1, Certification.CERTIFIED, Double.NaN,
                Certification.CERTIFIED, 0.1));
        throwsMentioning("step eta (0.0)", () -> LocalPl.check(1, 1, 1, Certification.CERTIFIED, 1,
                Certification.CERTIFIED, 0));
        throwsMentioning("gram is not symmetric", () -> LocalPl.gramSpectrum(new double[][] {{1, 2}, {0, 1}}));
        throwsMentioning("gram[1][0] (NaN)", () -> LocalPl.gramSpectrum(new double[][] {{1, 0}, {Double.NaN, 1}}));
        throwsMentioning("margin function returned NaN", () -> LocalPl.maximizeMargin(r -> Double.NaN, 1e-3, 1));
        // max |y_q| > Ymax is refused even when f0 <= Ymax^2/2 (three small targets and one large one)
        throwsMentioning("hypothesis |y_q| <= Ymax fails: max |y_q| (1.5) > Ymax (1.0)",
                () -> RnnPlProblem.of(ActivationConstants.TANH, 0.5, 5, 3, 64, Loss.LAST_STEP,
                        new double[] {0.1, -0.1, 0.1, 1.5}, 1.0, 2.0, Certification.CERTIFIED, 1.0));
        throwsMentioning("f0 = (1/(2N)) sum y_q^2 (1.0) exceeds max|y_q|^2/2", () -> new RnnPlProblem(
                ActivationConstants.TANH, 0.5, 5, 3, 64, Loss.LAST_STEP, 4, 1.0, 2.0, Certification.CERTIFIED, 1.0,
                1.0, 1.0));
        throwsMentioning("width m (63.0)", () -> new RnnPlProblem(ActivationConstants.TANH, 0.5, 5, 3, 63,
                Loss.LAST_STEP, 4, 1.0, 2.0, Certification.CERTIFIED, 0.001, 1.0, 1.0));
        throwsMentioning("lambdaMinGram (NaN)", () -> new RnnPlProblem(ActivationConstants.TANH, 0.5, 5, 3, 64,
                Loss.LAST_STEP, 4, Double.NaN, 2.0, Certification.CERTIFIED, 0.001, 1.0, 1.0));
        throwsMentioning("lambdaMaxGram (0.5) must be >= lambdaMinGram (1.0)", () -> new RnnPlProblem(
                ActivationConstants.TANH, 0.5, 5, 3, 64, Loss.LAST_STEP, 4, 1.0, 0.5, Certification.CERTIFIED, 0.001,
                1.0, 1.0));
        throwsMentioning("must be a multiple of T (5)", () -> new RnnPlProblem(ActivationConstants.TANH, 0.5, 5, 3,
                64, Loss.ALL_STEPS, 4, 1.0, 2.0, Certification.CERTIFIED, 0.001, 1.0, 1.0));
        throwsMentioning("the contraction 1 - alpha eta (1 - beta eta/2) = -3", () -> LocalPl.check(1, 10, 8,
                Certification.CERTIFIED, 1, Certification.CERTIFIED, 1));
    }

    @Test
    void noNaNOnRandomValidInputs() {
        Random rnd = new Random(99);
        for (int i = 0; i < 300; i++) {
            double nuW = rnd.nextInt(5) == 0 ? 0 : 3 * rnd.nextDouble();
            double nuU = nuW == 0 ? 0.1 + rnd.nextDouble() : (rnd.nextInt(5) == 0 ? 0 : 3 * rnd.nextDouble());
            PgdProblem p = new PgdProblem(
                    new ActivationConstants(0.1 + rnd.nextDouble(), 0.1 + rnd.nextDouble(),
                            rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble()),
                    rnd.nextInt(6) == 0 ? 0 : 3 * rnd.nextDouble(), 1 + rnd.nextInt(2000), 1 + rnd.nextInt(100000),
                    rnd.nextBoolean() ? Loss.ALL_STEPS : Loss.LAST_STEP, nuW, nuU,
                    Math.max(nuW * (1 + rnd.nextDouble()), 0.1), Math.max(nuU * (1 + rnd.nextDouble()), 0.1),
                    rnd.nextInt(5) == 0 ? 0 : 5 * rnd.nextDouble(), rnd.nextDouble());
            double eps = Math.pow(10, -6 + 7 * rnd.nextDouble());
            double delta = Math.pow(10, -10 + 10 * rnd.nextDouble()) * 0.999;
            PgdPlan plan = Bounds.pgd(p, eps, delta);
            String s = plan.describe();
            assertFalse(s.contains("NaN"), s);
            assertFalse(Double.isNaN(plan.width().log10Width()));
            assertFalse(Double.isNaN(plan.bound().log10Total()));
            double m = 2 * Math.floor(Math.pow(10, 20 * rnd.nextDouble()));
            if (m >= 2) {
                assertFalse(Bounds.pgdBound(p, m, 1 + rnd.nextInt(1000), rnd.nextDouble(), delta).describe()
                        .contains("NaN"));
                double tau = 1 + rnd.nextInt(1000);
                double eta = 1e-6 * rnd.nextDouble();
                GdRadius r = Bounds.gdRadius(p, m, tau, eta);
                assertFalse(r.toString().contains("NaN"), r.toString());
                if (r.status() != GdRadius.Status.STEP_ABOVE_ONE_OVER_BETA) {
                    assertFalse(Bounds.gdBound(p, m, tau, eta, delta).describe().contains("NaN"));
                }
            }
            assertFalse(LemmaConstants.of(p.activation(), 10 * rnd.nextDouble(), 1 + rnd.nextInt(100000)).describe()
                    .contains("NaN"));
        }
    }
}
