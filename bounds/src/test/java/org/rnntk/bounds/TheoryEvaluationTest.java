package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Loss;

/**
 * The independent evaluation quoted in docs/theory.md §8: tanh, T = 10, ε = 0.1, δ = 0.05,
 * ν̄ = ρ = 1, Ymax = 1, all steps.
 *
 * <p>Convention: "ν̄ = ρ = 1" is read componentwise, ν̄_w = ν̄_u = ρ_w = ρ_u = 1, so that under
 * §8's definitions ν̄² = ν̄_w² + ν̄_u² = 2 and ρ² = 2. This is the reading that reproduces the
 * quoted numbers (with n = 100): the other reading, ν̄_w = ν̄_u = ρ_w = ρ_u = 1/√2 (ν̄ = ρ = 1),
 * gives widths about 6–8 times smaller (3.7e7, 2.0e12, 3.4e20), asserted below so the difference
 * stays visible.
 */
class TheoryEvaluationTest {

    /** The theory quotes two significant digits. */
    static final double QUOTE_REL_TOL = 0.05;
    static final double EPS = 0.1;
    static final double DELTA = 0.05;

    static PgdProblem problem(double alpha) {
        return PgdProblem.builder().activation(ActivationConstants.TANH).alpha(alpha).timeSteps(10).samples(100)
                .loss(Loss.ALL_STEPS).nuBar(1, 1).rho(1, 1).yMax(1).inputNormBound(1).build();
    }

    @Test
    void shortMemoryWidthIsAbout2point2e8AndDominatedByLinearization() {
        WidthRequirement w = Bounds.requiredWidth(problem(0.5), EPS, DELTA);
        assertEquals(2.2e8, w.width(), 2.2e8 * QUOTE_REL_TOL);
        assertEquals(216_845_008L, w.widthAsLong().getAsLong());
        assertEquals(WidthRequirement.Status.FITS_LONG, w.status());
        assertEquals("linearization", w.terms().dominantTerm());
        // n from 100 to 1600 moves it by only about 4 %.
        double w1600 = Bounds.requiredWidth(problem(0.5).withSamples(1600), EPS, DELTA).width();
        double change = w1600 / w.width() - 1;
        assertTrue(change > 0.02 && change < 0.06, "n 100 -> 1600 changes the width by " + change);
    }

    @Test
    void criticalWidthIsAbout1point5e13() {
        WidthRequirement w = Bounds.requiredWidth(problem(1.0), EPS, DELTA);
        assertEquals(MemoryRegime.CRITICAL, w.problem().regime());
        assertEquals(1.5e13, w.width(), 1.5e13 * QUOTE_REL_TOL);
        assertTrue(w.widthAsLong().isPresent());
    }

    @Test
    void longMemoryWidthExceeds2pow63AndSaysSo() {
        WidthRequirement w = Bounds.requiredWidth(problem(1.5), EPS, DELTA);
        assertTrue(w.width() > 0x1p63, "width " + w.width());
        assertEquals(WidthRequirement.Status.EXCEEDS_LONG, w.status());
        assertFalse(w.widthAsLong().isPresent());
        assertTrue(w.message().contains("exceeds Long.MAX_VALUE"), w.message());
        assertEquals(Math.log10(w.width()), w.log10Width(), 1e-12);
        assertEquals(2.69e21, w.width(), 2.69e21 * 0.01);
    }

    @Test
    void theOtherReadingOfNuBarEqualsOneGivesSmallerWidths() {
        double c = Math.sqrt(0.5);
        double[] alphas = {0.5, 1.0, 1.5};
        double[] expected = {3.66e7, 2.02e12, 3.38e20};
        for (int i = 0; i < alphas.length; i++) {
            PgdProblem p = problem(alphas[i]).withNuBar(c, c).withRho(c, c);
            assertEquals(1.0, p.nuBar(), 1e-15);
            double w = Bounds.requiredWidth(p, EPS, DELTA).width();
            assertEquals(expected[i], w, expected[i] * 0.01, "alpha " + alphas[i]);
        }
    }

    @Test
    void fullPlanMeetsEpsilonAtEveryAlpha() {
        for (double alpha : new double[] {0.5, 1.0, 1.5}) {
            PgdPlan plan = Bounds.pgd(problem(alpha), EPS, DELTA);
            assertTrue(plan.bound().total() <= EPS * (1 + WidthPropertiesTest.FP_SLACK), plan.describe());
            assertTrue(plan.describe().contains("linearization"));
        }
    }
}
