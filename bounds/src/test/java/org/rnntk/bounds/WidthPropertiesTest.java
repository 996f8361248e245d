package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Loss;

/** Properties of {@link Bounds#requiredWidth} and the PGD plan on random seeded parameters. */
class WidthPropertiesTest {

    static final long SEED = 20260423L;
    static final int CASES = 40;
    /**
     * Slack for "bound ≤ ε": the width part and the optimization part are each ≤ ε/2 exactly as
     * evaluated; their log-space sum can exceed ε by a few ulps.
     */
    static final double FP_SLACK = 1e-13;
    /** Doubling n may add at most this fraction of the width (the union-bound log term). */
    static final double LOG_N_MAX_RELATIVE_STEP = 0.10;

    static PgdProblem random(Random rnd) {
        ActivationConstants act = rnd.nextBoolean() ? ActivationConstants.TANH : ActivationConstants.SIGMOID;
        double alphaSigma1 = 0.2 + 1.1 * rnd.nextDouble();
        double nuW = 0.1 + rnd.nextDouble();
        double nuU = 0.1 + rnd.nextDouble();
        return new PgdProblem(act, alphaSigma1 / act.sigma1(), 2 + rnd.nextInt(15), 1 + rnd.nextInt(500),
                rnd.nextBoolean() ? Loss.ALL_STEPS : Loss.LAST_STEP, nuW, nuU, nuW * (1 + rnd.nextDouble()),
                nuU * (1 + rnd.nextDouble()), 2 * rnd.nextDouble(), 1.0);
    }

    static double eps(Random rnd) {
        return Math.pow(10, -2 + 1.5 * rnd.nextDouble());
    }

    static double delta(Random rnd) {
        return Math.pow(10, -3 + 2.5 * rnd.nextDouble());
    }

    static double width(PgdProblem p, double eps, double delta) {
        return Bounds.requiredWidth(p, eps, delta).width();
    }

    @Test
    void nonDecreasingInEveryDifficultyParameter() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            PgdProblem p = random(rnd);
            double e = eps(rnd);
            double d = delta(rnd);
            double m = width(p, e, d);
            String where = p + " eps=" + e + " delta=" + d;
            assertTrue(width(p.withTimeSteps(p.timeSteps() + 1 + rnd.nextInt(5)), e, d) >= m, "T " + where);
            assertTrue(width(p.withSamples(p.samples() + 1 + rnd.nextInt(100)), e, d) >= m, "n " + where);
            assertTrue(width(p, e * (0.3 + 0.69 * rnd.nextDouble()), d) >= m, "1/eps " + where);
            assertTrue(width(p, e, d * (0.01 + 0.98 * rnd.nextDouble())) >= m, "1/delta " + where);
            double f = 1 + rnd.nextDouble();
            PgdProblem moreNu = p.withNuBar(p.nuBarW() * f, p.nuBarU() * f).withRho(p.rhoW() * f, p.rhoU() * f);
            assertTrue(width(moreNu, e, d) >= m, "nuBar (with rho >= nuBar) " + where);
            assertTrue(width(p.withNuBar(p.nuBarW(), p.nuBarU() * 0.5), e, d) <= m, "nuBarU at fixed rho " + where);
            assertTrue(width(p.withAlpha(p.alpha() * (1 + 0.5 * rnd.nextDouble())), e, d) >= m, "alpha " + where);
        }
    }

    @Test
    void doublingNAddsABoundedAmountWhileDoublingOneOverEpsilonMultiplies() {
        Random rnd = new Random(SEED + 1);
        for (int i = 0; i < CASES / 2; i++) {
            PgdProblem p = random(rnd).withSamples(100);
            double e = eps(rnd) / 10;
            double d = delta(rnd);
            double prev = width(p, e, d);
            double firstStep = Double.NaN;
            for (int k = 1; k <= 12; k++) {
                double m = width(p.withSamples(100L << k), e, d);
                double step = m - prev;
                assertTrue(step >= 0, "width decreased when doubling n");
                assertTrue(step <= LOG_N_MAX_RELATIVE_STEP * prev, "doubling n to " + (100L << k)
                        + " added " + step + " to " + prev + " for " + p);
                if (k == 1) {
                    firstStep = step;
                } else {
                    // an additive, not multiplicative, effect: later steps are no larger than the first
                    assertTrue(step <= firstStep * 1.05 + 4, "step " + step + " > first step " + firstStep);
                }
                prev = m;
            }
            double m1 = width(p, e, d);
            double m2 = width(p, e / 2, d);
            double ratio = m2 / m1;
            assertTrue(ratio > 3.5 && ratio < 4.6, "doubling 1/eps multiplied the width by " + ratio + " (~4 = 2^2)");
        }
    }

    @Test
    void longMemoryGrowsExponentiallyInTAndShortMemoryIsBounded() {
        for (double alphaSigma1 : new double[] {1.2, 1.5, 2.0}) {
            PgdProblem p = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(alphaSigma1)
                    .timeSteps(10).samples(100).build().withLoss(Loss.LAST_STEP);
            double prevLog = Bounds.requiredWidth(p.withTimeSteps(10), 0.1, 0.05).log10Width();
            for (long t = 20; t <= 400; t += 10) {
                double log = Bounds.requiredWidth(p.withTimeSteps(t), 0.1, 0.05).log10Width();
                // m grows at least like (ασ1)^(2·ΔT): log10 gain per step of 10 ≥ 20 log10(ασ1)
                assertTrue(log - prevLog >= 20 * Math.log10(alphaSigma1) * 0.99,
                        "alpha*sigma1=" + alphaSigma1 + " T=" + t + ": log10 m " + prevLog + " -> " + log);
                prevLog = log;
            }
        }
        for (double alphaSigma1 : new double[] {0.3, 0.6, 0.9}) {
            PgdProblem p = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(alphaSigma1)
                    .timeSteps(10).samples(100).build().withLoss(Loss.LAST_STEP);
            double limit = Bounds.requiredWidth(p.withTimeSteps(1_000_000_000L), 0.1, 0.05).width();
            double prev = 0;
            for (long t = 1; t <= 1_000_000; t *= 10) {
                double m = Bounds.requiredWidth(p.withTimeSteps(t), 0.1, 0.05).width();
                assertTrue(m >= prev && m <= limit, "short memory T=" + t + " m=" + m + " limit=" + limit);
                prev = m;
            }
            // bounded: S_T(r) <= 1/(1 - r) caps every constant
            double bounded = Bounds.requiredWidth(p.withTimeSteps(1_000_000), 0.1, 0.05).width();
            assertTrue(bounded <= limit && limit / bounded < 1 + 1e-6, "width still moving at T = 1e6");
        }
    }

    /**
     * Properties of the searches, not of the formulas: the plan meets ε, the width and τ found are
     * minimal for the library's own conditions and the balanced step equalizes the two optimization
     * terms. The values of the conditions are checked independently in {@link ReferenceValuesTest}
     * (80-digit terms, and the width found by the script's own bisection).
     */
    @Test
    void searchesReturnMinimalWidthAndIterationsForTheirConditions() {
        Random rnd = new Random(SEED + 2);
        for (int i = 0; i < CASES; i++) {
            PgdProblem p = random(rnd);
            double e = eps(rnd);
            double d = delta(rnd);
            PgdPlan plan = Bounds.pgd(p, e, d);
            WidthRequirement w = plan.width();
            assertTrue(w.terms().total() <= e / 2, "width condition at m: " + w.describe());
            assertTrue(plan.bound().total() <= e * (1 + FP_SLACK), plan.describe());
            // the bound recomputed through the public entry point agrees
            if (Double.isFinite(w.width())) {
                PgdBound again = Bounds.pgdBound(p, w.width(), plan.iterations().tau(), plan.step().eta(), d);
                assertTrue(again.total() <= e * (1 + FP_SLACK));
                assertEquals(plan.bound().total(), again.total(), 1e-14 * e);
            }
            // minimal: the next smaller even width fails the condition
            double smaller = w.width() < 0x1p53 ? w.width() - 2 : Math.nextDown(w.width());
            if (smaller >= 2) {
                assertTrue(Bounds.widthTerms(p, smaller, d).total() > e / 2,
                        "m - 2 = " + smaller + " also satisfies the condition for " + p);
            }
            assertEquals(0.0, w.width() % 2.0, "width must be even");
            // iterations: τ − 1 would not do
            double tau = plan.iterations().tau();
            if (tau > 1 && tau < 0x1p53 && Double.isFinite(w.width())) {
                StepSize before = Bounds.stepSize(p, w.width(), tau - 1);
                double opt = before.optimizationDistance() + before.optimizationGradient();
                assertTrue(opt > e / 2 * (1 - 1e-12), "tau - 1 suffices: " + plan.iterations().describe());
            }
            // the Ymax bound's step never exceeds 1/beta; uncapped, the balanced step equalizes the two terms
            assertTrue(plan.step().eta() <= plan.step().maxStep(), plan.step().describe());
            if (plan.step().capped()) {
                assertEquals(plan.step().maxStep(), plan.step().eta(), 0.0);
            } else {
                assertEquals(plan.step().optimizationDistance(), plan.step().optimizationGradient(),
                        1e-12 * plan.step().optimizationGradient());
            }
        }
    }

    @Test
    void hugeWidthsAreReportedInLog10BeyondTheDoubleRange() {
        PgdProblem p = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(1.5)
                .timeSteps(1000).samples(100).build();
        WidthRequirement w = Bounds.requiredWidth(p, 0.1, 0.05);
        assertTrue(Double.isInfinite(w.width()));
        assertTrue(w.log10Width() > 308 && Double.isFinite(w.log10Width()), "log10 m = " + w.log10Width());
        assertTrue(w.message().contains("exceeds the double range"), w.message());
        // consistent with the exponential growth: the width at T = 1000 is 10^(~1416)
        assertTrue(w.log10Width() > 1000);
        PgdPlan plan = Bounds.pgd(p, 0.1, 0.05);
        assertTrue(Double.isFinite(plan.bound().log10Total()));
        assertTrue(plan.bound().total() <= 0.1 * (1 + FP_SLACK));
    }

    @Test
    void widthScalingTableIsLogarithmicInN() {
        PgdProblem p = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(0.5)
                .timeSteps(10).samples(100).build();
        var rows = WidthScaling.sweep(p, 0.1, 0.05, WidthScaling.Axis.SAMPLES, 100, 200, 400, 800, 1600, 3200);
        assertEquals(6, rows.size());
        // doubling n adds about the same width each time (ln(2N/delta) grows by ln 2), a few percent of it
        double first = rows.get(1).width() - rows.get(0).width();
        for (int i = 1; i < rows.size(); i++) {
            double step = rows.get(i).width() - rows.get(i - 1).width();
            assertTrue(step > 0 && step < 0.03 * rows.get(i - 1).width(), "step " + step + " at row " + i);
            assertTrue(step > 0.9 * first && step < 1.1 * first, "step " + step + " against the first " + first);
        }
        var alphaRows = WidthScaling.sweep(p, 0.1, 0.05, WidthScaling.Axis.ALPHA_SIGMA1, 0.5, 1.0, 1.5);
        assertEquals(MemoryRegime.SHORT_MEMORY, alphaRows.get(0).regime());
        assertEquals(MemoryRegime.CRITICAL, alphaRows.get(1).regime());
        assertEquals(MemoryRegime.LONG_MEMORY, alphaRows.get(2).regime());
        var eps = WidthScaling.sweep(p, 0.1, 0.05, WidthScaling.Axis.EPSILON, 0.1, 0.05);
        assertTrue(eps.get(1).width() > 3.5 * eps.get(0).width());
        var t = WidthScaling.sweep(p, 0.1, 0.05, WidthScaling.Axis.TIME_STEPS, 5, 10, 20);
        assertEquals(20, t.get(2).timeSteps());
        var d = WidthScaling.sweep(p, 0.1, 0.05, WidthScaling.Axis.DELTA, 0.1, 0.01);
        assertTrue(d.get(1).width() > d.get(0).width());
    }
}
