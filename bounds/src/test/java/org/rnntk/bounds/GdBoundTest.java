package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnntk.core.ActivationConstants;

/** Unregularized GD (effective radius) and the a-posteriori bound of docs/theory.md §8. */
class GdBoundTest {

    static final double FIXED_POINT_TOL = 1e-12;
    static final PgdProblem P = PgdProblem.of(ActivationConstants.TANH, 0.5, 10, 100);

    @Test
    void finiteRadiusIsAFixedPoint() {
        double m = 1e6;
        double tau = 100;
        double eta = 1e-4;
        GdRadius r = Bounds.gdRadius(P, m, tau, eta);
        assertTrue(r.isFinite(), r.toString());
        double a = P.alpha() + r.rhoGD() / Math.sqrt(m);
        double g1 = LemmaConstants.of(P.activation(), a, P.timeSteps()).gradientBound();
        double phi = eta * tau * g1 * (P.yMax() + g1 * r.rhoGD());
        assertEquals(phi, r.rhoGD(), FIXED_POINT_TOL * phi);
        GdBound b = Bounds.gdBound(P, m, tau, eta, 0.05);
        assertTrue(b.bound().isPresent());
        assertEquals(Math.max(r.rhoGD(), P.nuBarW()), b.bound().get().problem().rhoW(), 0.0);
    }

    @Test
    void noFiniteRadiusWhenTheDriftBoundFeedsOnItself() {
        GdRadius r = Bounds.gdRadius(P, 1e6, 1e4, 1e-2);
        assertEquals(GdRadius.Status.NO_FINITE_RADIUS, r.status());
        assertTrue(Double.isInfinite(r.rhoGD()));
        assertTrue(r.message().contains("no finite radius"), r.message());
        GdBound b = Bounds.gdBound(P, 1e6, 1e4, 1e-2, 0.05);
        assertFalse(b.bound().isPresent());
        assertTrue(b.describe().contains("no bound"));
        // With the PGD plan's own step and iterations, eta*tau*G1^2 = nuBar G1 sqrt(tau)/Rmax >> 1:
        // the crude drift bound never closes, which is why the projection is needed.
        PgdPlan plan = Bounds.pgd(P, 0.1, 0.05);
        GdRadius planned = Bounds.gdRadius(P, plan.width().width(), plan.iterations().tau(), plan.step().eta());
        assertFalse(planned.isFinite(), planned.toString());
    }

    @Test
    void zeroTargetsDoNotMove() {
        GdRadius r = Bounds.gdRadius(P.withYMax(0), 100, 10, 1);
        assertTrue(r.isFinite());
        assertEquals(0.0, r.rhoGD(), 0.0);
    }

    @Test
    void aPosterioriBoundUsesTheMeasuredDrift() {
        double m = 1e8;
        PgdBound pgd = Bounds.pgdBound(P, m, 1000, 1e-3, 0.05);
        APosterioriBound small = Bounds.aPosterioriBound(P, m, 1000, 1e-3, 0.05, 0.2, 0.3);
        assertEquals(pgd.total(), small.bound().total(), 1e-15 * pgd.total(), "drift below nuBar: rho = nuBar = 1");
        APosterioriBound large = Bounds.aPosterioriBound(P, m, 1000, 1e-3, 0.05, 5, 3);
        assertEquals(5.0, large.bound().problem().rhoW(), 0.0);
        assertEquals(3.0, large.bound().problem().rhoU(), 0.0);
        assertTrue(large.bound().total() > pgd.total());
        assertTrue(large.describe().contains("measured drift"));
    }
}
