package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.ActivationConstants;

/**
 * Unregularized GD (docs/theory.md §8, corrected) and the a-posteriori bound. The values of ρ_GD,
 * β and the terms are compared with an independent computation in {@link ReferenceValuesTest}.
 */
class GdBoundTest {

    static final PgdProblem P = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(0.5)
            .timeSteps(10).samples(100).build();
    /** tanh, α = 0.5, T = 3, n = 10, ν̄_w = ν̄_u = 1, Ymax = 1, all steps. */
    static final PgdProblem SHORT = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(0.5)
            .timeSteps(3).samples(10).build().withYMax(1);
    static final double DELTA = 0.05;

    /**
     * Not vacuous: for any data set whose targets all have |y_q| = Ymax (e.g. ±1), R̂(Θ0) =
     * (1/(2N))Σ y_q² = Ymax²/2 exactly, because F(Θ0) = 0 at the symmetric initialization. The
     * bound is an excess over R̂(f), so it says something exactly when it is below R̂(Θ0). The
     * former fixed point could not be: it needed ητG1² &lt; 1, so ν̄²/(2ητ) &gt; ν̄²G1²/2 = 6.1 here.
     */
    @Test
    void belowTheInitialLossAtAFiniteWidth() {
        double r0 = SHORT.yMax() * SHORT.yMax() / 2.0;
        double m = 1e12;
        double eta = 1e-9;
        double tau = 4e9;
        GdBound b = Bounds.gdBound(SHORT, m, tau, eta, DELTA);
        double total = b.bound().orElseThrow().total();
        assertTrue(total < 0.7 * r0, "GD bound " + total + " not below R(Theta0) = " + r0 + "\n" + b.describe());
        double oldDistanceFloor = SHORT.nuBar() * SHORT.nuBar()
                * Math.pow(Bounds.lemmas(SHORT.activation(), SHORT.alpha(), SHORT.timeSteps()).gradientBound(), 2) / 2;
        assertTrue(oldDistanceFloor > 10 * r0, "the former bound's floor " + oldDistanceFloor);
        assertEquals(ResidualBound.DESCENT, b.bound().orElseThrow().residualBound());
        // at m = 1e8 no (eta, tau) of a wide grid gets below R(Theta0): the width matters
        double best = Double.POSITIVE_INFINITY;
        for (double etaTau = 1; etaTau < 1e4; etaTau *= 1.5) {
            for (double e = 1e-10; e < 0.1; e *= 2) {
                if (Bounds.gdRadius(SHORT, 1e8, etaTau / e, e).isFinite()) {
                    best = Math.min(best, Bounds.gdBound(SHORT, 1e8, etaTau / e, e, DELTA).bound().orElseThrow()
                            .total());
                }
            }
        }
        assertTrue(best > r0, "best at m = 1e8: " + best);
    }

    @Test
    void refusesAStepAboveOneOverBeta() {
        GdRadius ok = Bounds.gdRadius(P, 1e6, 100, 1e-4);
        assertTrue(ok.isFinite());
        double tooLarge = 1.5 * ok.maxStep();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bounds.gdBound(P, 1e6, 1, tooLarge, DELTA));
        assertTrue(e.getMessage().contains("exceeds 1/beta"), e.getMessage());
        GdRadius r = Bounds.gdRadius(P, 1e6, 1, tooLarge);
        assertEquals(GdRadius.Status.STEP_ABOVE_ONE_OVER_BETA, r.status());
        assertFalse(r.isFinite());
    }

    @Test
    void radiusIsLinearInEtaTauAtLargeWidth() {
        // m -> infinity: a -> alpha, so rho_GD -> eta tau G1(alpha) Ymax; twice the eta*tau, twice the radius
        double g1 = Bounds.lemmas(P.activation(), P.alpha(), P.timeSteps()).gradientBound();
        GdRadius r = Bounds.gdRadius(P, 1e30, 1000, 1e-4);
        assertEquals(0.1 * g1, r.rhoGD(), 1e-12 * r.rhoGD());
        GdRadius small = Bounds.gdRadius(P, 64, 1000, 1e-4);
        assertTrue(small.rhoGD() > r.rhoGD(), "G1 grows with a = alpha + rho/sqrt(m)");
    }

    @Test
    void noFiniteRadiusInLongMemoryAtSmallWidth() {
        PgdProblem longMemory = P.withAlpha(1.5).withTimeSteps(200);
        GdRadius r = Bounds.gdRadius(longMemory, 1e4, 1e4, 1e-2);
        assertEquals(GdRadius.Status.NO_FINITE_RADIUS, r.status());
        assertTrue(Double.isInfinite(r.rhoGD()));
        assertTrue(r.message().contains("no finite radius"), r.message());
        GdBound b = Bounds.gdBound(longMemory, 1e4, 1e4, 1e-2, DELTA);
        assertFalse(b.bound().isPresent());
        assertTrue(b.describe().contains("no bound"));
    }

    @Test
    void zeroTargetsDoNotMove() {
        GdRadius r = Bounds.gdRadius(P.withYMax(0), 100, 10, 0.01);
        assertTrue(r.isFinite());
        assertEquals(0.0, r.rhoGD(), 0.0);
    }

    /**
     * The width exponent in 1/ε, measured: for ε halved six times, the smallest m at which the GD
     * bound reaches ε with η, τ chosen so that ν̄²/(2ητ) = ε/8 and (η/2)G1²R² ≈ ε/32 (a bisection
     * over m on the bound itself), against PGD's {@link Bounds#requiredWidth}. PGD: slope 2. GD:
     * ρ_GD ∝ ητ ∝ 1/ε, and with the residual bound Ymax both the linearization term λ_m Ymax and the
     * approximation term's λ_m/4 part grow like ρ²/√m, hence m ∝ ρ⁴/ε² ∝ 1/ε⁶ (the exponent of the
     * specification). With Rmax = Ymax + G1ρ instead, λ_m Rmax ∝ ρ³/√m gave 1/ε⁸, also measured here.
     */
    @Test
    void widthExponentInOneOverEpsilonOfGdAgainstPgd() {
        double g1 = Bounds.lemmas(SHORT.activation(), SHORT.alpha(), SHORT.timeSteps()).gradientBound();
        double nu2 = SHORT.nuBar() * SHORT.nuBar();
        double[] eps = {0.4, 0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625};
        double[] logGd = new double[eps.length];
        double[] logGdRmax = new double[eps.length];
        double[] logPgd = new double[eps.length];
        for (int i = 0; i < eps.length; i++) {
            double etaTau = 4 * nu2 / eps[i];
            double eta = eps[i] / 16 / (g1 * g1 * SHORT.yMax() * SHORT.yMax());
            logGd[i] = smallestLogWidth(SHORT, eps[i], eta, etaTau / eta, false);
            double rMax = SHORT.yMax() + g1 * etaTau * g1 * SHORT.yMax();
            double etaRmax = eps[i] / 16 / (g1 * g1 * rMax * rMax);
            logGdRmax[i] = smallestLogWidth(SHORT, eps[i], etaRmax, etaTau / etaRmax, true);
            logPgd[i] = Math.log(Bounds.requiredWidth(SHORT.withRho(1, 1), eps[i], DELTA).width());
        }
        StringBuilder slopes = new StringBuilder();
        for (int i = 1; i < eps.length; i++) {
            double step = Math.log(eps[i - 1] / eps[i]);
            double gd = (logGd[i] - logGd[i - 1]) / step;
            double gdRmax = (logGdRmax[i] - logGdRmax[i - 1]) / step;
            double pgd = (logPgd[i] - logPgd[i - 1]) / step;
            assertTrue(pgd > 1.9 && pgd < 2.1, "PGD slope " + pgd + " at eps " + eps[i]);
            assertTrue(gd > 5.5 && gd < 6.5, "GD slope " + gd + " at eps " + eps[i]);
            assertTrue(gdRmax > 7.5 && gdRmax < 8.5, "GD slope with Rmax " + gdRmax + " at eps " + eps[i]);
            slopes.append(String.format(java.util.Locale.ROOT, " eps %.5f: GD %.3f (Rmax %.3f), PGD %.3f;", eps[i],
                    gd, gdRmax, pgd));
        }
        System.out.println("width exponents in 1/eps:" + slopes);
    }

    /**
     * ln of the smallest m (to 1e-9 in ln m) with the GD bound ≤ ε at (τ, η); with {@code rMax}, the
     * bound's terms recomputed with Rmax = Ymax + G1ρ in place of Ymax (the former GD bound).
     */
    static double smallestLogWidth(PgdProblem p, double eps, double eta, double tau, boolean rMax) {
        double lo = Math.log(2);
        double hi = Math.log(1e300);
        while (hi - lo > 1e-9) {
            double mid = 0.5 * (lo + hi);
            double m = Math.exp(mid);
            m = m < 0x1p53 ? 2 * Math.ceil(m / 2) : m;
            boolean ok;
            GdRadius r = Bounds.gdRadius(p, m, tau, eta);
            ok = r.isFinite() && total(Bounds.gdBound(p, m, tau, eta, DELTA).bound().orElseThrow(), rMax) <= eps;
            if (ok) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** The bound's total, or with Rmax in place of Ymax in λ_m R and (η/2)G1²R². */
    private static double total(PgdBound b, boolean rMax) {
        if (!rMax) {
            return b.total();
        }
        WidthTerms t = b.terms();
        double r = t.rMax();
        return b.approximation() + t.lambdaM() * r + b.optimizationDistance() + b.eta() / 2 * t.g1() * t.g1() * r * r;
    }

    /**
     * The drift bound on a real GD run (plain Java, the network of {@link RnnPlTest}: tanh, n = 4,
     * T = 5, d = 3, m = 64, last step, targets ±0.05): with η near 1/β from {@link Bounds#gdRadius},
     * the loss never increases and every neuron's joint drift √m‖θ_i(k) − θ_i(0)‖ stays within
     * ρ_GD(k) = kηG1Ymax for every k ≤ τ.
     */
    @Test
    void driftBoundHoldsOnARealGdRun() {
        Random rnd = new Random(RnnPlTest.SEED + 5);
        double[][][] xs = RnnPlTest.inputs(rnd);
        int m = 64;
        int n = RnnPlTest.N;
        int d = RnnPlTest.DIM;
        RnnPlTest.Net net0 = new RnnPlTest.Net(m, rnd);
        double[] ys = RnnPlTest.YS;
        PgdProblem p = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(RnnPlTest.ALPHA)
                .timeSteps(RnnPlTest.T).samples(n).build()
                .withLoss(org.rnntk.core.Loss.LAST_STEP).withYMax(RnnPlTest.Y);
        int tau = 300;
        // the largest step (within a factor 1.25) for which eta <= 1/beta holds on its own drift region
        double eta = Bounds.gdRadius(p, m, tau, 1e-9).maxStep();
        GdRadius radius = Bounds.gdRadius(p, m, tau, eta);
        while (!radius.isFinite()) {
            eta /= 1.25;
            radius = Bounds.gdRadius(p, m, tau, eta);
        }
        double[] dw = new double[m];
        double[][] du = new double[m][d];
        double prev = Double.POSITIVE_INFINITY;
        double worst = 0;
        for (int k = 0; k <= tau; k++) {
            RnnPlTest.Net net = new RnnPlTest.Net(net0, dw, du);
            double[][] rows = new double[n][];
            double loss = 0;
            double[] res = new double[n];
            for (int j = 0; j < n; j++) {
                rows[j] = net.jacobianRowAndOutput(xs[j], org.rnntk.core.Activations.tanh());
                res[j] = rows[j][rows[j].length - 1] - ys[j];
                loss += res[j] * res[j] / (2.0 * n);
            }
            assertTrue(loss <= prev * (1 + 1e-12), "loss increased at step " + k + ": " + loss + " > " + prev);
            prev = loss;
            double maxDrift = 0;
            for (int i = 0; i < m; i++) {
                double s = dw[i] * dw[i];
                for (int c = 0; c < d; c++) {
                    s += du[i][c] * du[i][c];
                }
                maxDrift = Math.max(maxDrift, Math.sqrt(m * s));
            }
            double bound = (double) k / tau * radius.rhoGD();
            assertTrue(maxDrift <= bound * (1 + 1e-12), "step " + k + ": drift " + maxDrift + " > " + bound);
            if (k > 0) {
                worst = Math.max(worst, maxDrift / bound);
            }
            if (k == tau) {
                break;
            }
            for (int i = 0; i < m; i++) {
                double gw = 0;
                double[] gu = new double[d];
                for (int j = 0; j < n; j++) {
                    gw += res[j] * rows[j][i] / n;
                    for (int c = 0; c < d; c++) {
                        gu[c] += res[j] * rows[j][m + i * d + c] / n;
                    }
                }
                dw[i] -= eta * gw;
                for (int c = 0; c < d; c++) {
                    du[i][c] -= eta * gu[c];
                }
            }
        }
        System.out.printf("GD drift bound: eta = %.4g (near 1/beta), rho_GD = %.4g, largest measured/bound %.3g%n", eta,
                radius.rhoGD(), worst);
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
