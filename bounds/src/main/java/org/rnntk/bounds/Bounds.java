package org.rnntk.bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.rnntk.bounds.internal.LogMath;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Checks;

/**
 * Entry point of the bounds module: µ_T, the lemma constants and the width / iteration / step
 * requirements of projected gradient descent (docs/theory.md §6–§8).
 *
 * <p>All explicit constants are the library's own derivation (docs/theory.md §6–§9), following
 * the proof strategy of Cayci &amp; Eryilmaz (arXiv 2402.12241);
 * they are not copied from the paper, whose full text was unavailable. They are large, as
 * explicit-constant NTK bounds are: that is expected, not a bug.
 *
 * <p>Every method answers in microseconds, allocates little and loads no native code. Every
 * violated hypothesis throws an {@link IllegalArgumentException} naming it; no method returns NaN.
 */
public final class Bounds {

    /** Fixed-point iterations allowed for {@link #gdRadius}. */
    static final int GD_MAX_ITERATIONS = 100_000;
    /** Relative change at which the fixed-point iteration is considered converged. */
    static final double GD_RELATIVE_TOLERANCE = 1e-14;

    private static final double TWO_POW_53 = 0x1p53;

    private Bounds() {
    }

    /**
     * µ_T(α, σ1) = S_T(ασ1) = Σ_{i&lt;T} (ασ1)^i (docs/theory.md §6), the one entry point for µ_T.
     * Evaluated without cancellation (expm1/log1p near ασ1 = 1, exactly T there).
     *
     * @param alpha     α ≥ 0
     * @param sigma1    σ1 &gt; 0
     * @param timeSteps T ≥ 1
     * @return µ_T ≥ 1, +∞ exactly where it exceeds the double range (then see {@link #logMuT})
     * @throws IllegalArgumentException naming a parameter outside its domain
     */
    public static double muT(double alpha, double sigma1, long timeSteps) {
        return MuT.muT(alpha, sigma1, timeSteps);
    }

    /** ln µ_T, finite for every admissible input (≥ 0 since µ_T ≥ 1); arguments as {@link #muT}. */
    public static double logMuT(double alpha, double sigma1, long timeSteps) {
        return MuT.logMuT(alpha, sigma1, timeSteps);
    }

    /** The memory regime of ασ1 (cutoff α = 1/σ1). */
    public static MemoryRegime regime(double alpha, double sigma1) {
        return MemoryRegime.of(alpha, sigma1);
    }

    /**
     * Whether an activation's constants may be used by a certificate on |z| ≤ zMax (built-ins: proven;
     * custom: checked on a grid); see {@link ActivationCheck#verify(org.rnntk.core.Activation, double)}.
     */
    public static ActivationCheck checkActivation(org.rnntk.core.Activation activation, double zMax) {
        return ActivationCheck.verify(activation, zMax);
    }

    /** The §7 lemma constants; see {@link LemmaConstants#of(ActivationConstants, double, long)}. */
    public static LemmaConstants lemmas(ActivationConstants activation, double a, long t) {
        return LemmaConstants.of(activation, a, t);
    }

    /**
     * The width-dependent terms of the §8 bound at width m, with the residual bound Ymax
     * ({@link ResidualBound#DESCENT}: valid for steps η ≤ {@link WidthTerms#maxStep()}).
     *
     * @param problem the inputs (hypotheses ρ ≥ ν̄ and ‖x‖ ≤ 1 are checked)
     * @param m       an even width ≥ 2 (any double ≥ 2^53, all of which are even integers)
     * @param delta   failure probability δ ∈ (0, 1)
     */
    public static WidthTerms widthTerms(PgdProblem problem, double m, double delta) {
        return widthTerms(problem, m, delta, ResidualBound.DESCENT);
    }

    /** The width-dependent terms with the given residual bound; see {@link #widthTerms(PgdProblem, double, double)}. */
    public static WidthTerms widthTerms(PgdProblem problem, double m, double delta, ResidualBound residualBound) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(residualBound, "residualBound");
        problem.checkPgdHypotheses();
        checkDelta(delta);
        return PgdMath.widthTerms(problem, checkWidth(m), Math.log(m), delta, residualBound);
    }

    /**
     * The smallest even width m with (B0 + Ymax) e + e²/2 + λ_m Ymax ≤ ε/2 (docs/theory.md §8, the
     * residual bound {@link ResidualBound#DESCENT}): the width of a run whose step is η ≤ 1/β at that
     * width (β = G1² + Rmax M/√m on Ω, given in the result's terms and hypotheses), as
     * {@link #stepSize} and {@link #pgd} choose it, from the symmetric initialization (F(Θ0) = 0).
     * For any step, use {@link #requiredWidth(PgdProblem, double, double, ResidualBound)} with
     * {@link ResidualBound#REGION} (λ_m Rmax).
     *
     * <p>Found by bracketing and bisection: exact integer bisection below 2^53, bisection over the
     * ordered doubles up to {@link Double#MAX_VALUE}, and in ln m beyond (then only log10 m is
     * reported).
     *
     * @param problem the inputs
     * @param epsilon target excess risk ε &gt; 0
     * @param delta   failure probability δ ∈ (0, 1)
     * @throws IllegalArgumentException naming the first violated hypothesis
     */
    public static WidthRequirement requiredWidth(PgdProblem problem, double epsilon, double delta) {
        return requiredWidth(problem, epsilon, delta, ResidualBound.DESCENT);
    }

    /**
     * The smallest even width m with (B0 + Ymax) e + e²/2 + λ_m R ≤ ε/2, R = Ymax
     * ({@link ResidualBound#DESCENT}, for steps η ≤ 1/β) or R = Rmax ({@link ResidualBound#REGION},
     * any step); see {@link #requiredWidth(PgdProblem, double, double)}.
     */
    public static WidthRequirement requiredWidth(PgdProblem problem, double epsilon, double delta,
                                                 ResidualBound residualBound) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(residualBound, "residualBound");
        List<String> hyp = new ArrayList<>(problem.checkPgdHypotheses());
        checkEpsilon(epsilon);
        checkDelta(delta);
        hyp.add("epsilon (" + epsilon + ") > 0");
        hyp.add("delta (" + delta + ") in (0, 1)");
        hyp.add("m even (symmetric initialization)");
        double budget = Math.log(epsilon / 2.0);
        ResidualBound v = residualBound;

        PgdMath.Width w;
        if (passes(problem, PgdMath.Width.of(2.0), delta, budget, v)) {
            w = PgdMath.Width.of(2.0);
        } else if (passes(problem, PgdMath.Width.of(TWO_POW_53), delta, budget, v)) {
            long lo = 1;                 // k = m/2; 2·lo fails
            long hi = 1L << 52;          // 2·hi passes
            while (hi - lo > 1) {
                long mid = lo + (hi - lo) / 2;
                if (passes(problem, PgdMath.Width.of(2.0 * mid), delta, budget, v)) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            w = PgdMath.Width.of(2.0 * hi);
        } else if (passes(problem, PgdMath.Width.of(Double.MAX_VALUE), delta, budget, v)) {
            // Positive doubles are ordered like their bit patterns; all of them ≥ 2^53 are even integers.
            long lo = Double.doubleToRawLongBits(TWO_POW_53);
            long hi = Double.doubleToRawLongBits(Double.MAX_VALUE);
            while (hi - lo > 1) {
                long mid = lo + (hi - lo) / 2;
                if (passes(problem, PgdMath.Width.of(Double.longBitsToDouble(mid)), delta, budget, v)) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            w = PgdMath.Width.of(Double.longBitsToDouble(hi));
        } else {
            double lo = Math.log(Double.MAX_VALUE);
            double hi = 2.0 * lo;
            while (!passes(problem, PgdMath.Width.ofLog(hi), delta, budget, v)) {
                lo = hi;
                hi *= 2.0;
                if (hi > 1e300) {
                    throw new IllegalStateException("no width up to 10^(4e299) satisfies the width condition for "
                            + problem + ", epsilon " + epsilon + ", delta " + delta);
                }
            }
            for (int i = 0; i < 200 && Math.nextUp(lo) < hi; i++) {
                double mid = 0.5 * (lo + hi);
                if (passes(problem, PgdMath.Width.ofLog(mid), delta, budget, v)) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            w = PgdMath.Width.ofLog(hi);
        }
        WidthTerms terms = PgdMath.widthTerms(problem, w.m(), w.logM(), delta, v);
        hyp.add(residualHypothesis(v, terms.maxStep()));
        return new WidthRequirement(problem, epsilon, delta, w.m(), LogMath.toLog10(w.logM()), terms, hyp);
    }

    private static String residualHypothesis(ResidualBound v, double maxStep) {
        return v == ResidualBound.DESCENT
                ? String.format(java.util.Locale.ROOT, "residual bound Ymax: step eta <= 1/beta (%.6g at this width;"
                        + " the loss never increases) and F(Theta0) = 0 (symmetric initialization, so R(Theta0) <="
                        + " Ymax^2/2)", maxStep)
                : "residual bound Rmax = Ymax + G1 rho: any step";
    }

    /**
     * The iterations τ of docs/theory.md §8 with the residual bound Ymax ({@link ResidualBound#DESCENT}):
     * τ = ⌈(2 ν̄ G1 Ymax/ε)²⌉ when its step ν̄/(G1 Ymax √τ) is ≤ 1/β, otherwise the smallest τ at
     * which the step 1/β meets ε/2 (see {@link IterationRequirement}); G1, β at a = α + ρ_w/√m.
     *
     * @param problem the inputs
     * @param epsilon target ε &gt; 0 (the optimization part gets ε/2)
     * @param m       the width (even, ≥ 2)
     */
    public static IterationRequirement requiredIterations(PgdProblem problem, double epsilon, double m) {
        return requiredIterations(problem, epsilon, m, ResidualBound.DESCENT);
    }

    /** τ with the given residual bound (REGION: τ = ⌈(2 ν̄ G1 Rmax/ε)²⌉ for the step ν̄/(G1 Rmax √τ)). */
    public static IterationRequirement requiredIterations(PgdProblem problem, double epsilon, double m,
                                                          ResidualBound residualBound) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(residualBound, "residualBound");
        return iterations(problem, epsilon, PgdMath.Width.of(checkWidth(m)), residualBound);
    }

    /**
     * τ at the width of a {@link WidthRequirement}, with its residual bound (works also when that
     * width exceeds the double range).
     */
    public static IterationRequirement requiredIterations(PgdProblem problem, double epsilon, WidthRequirement width) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(width, "width");
        return iterations(problem, epsilon, new PgdMath.Width(width.width(), width.terms().logWidth()),
                width.terms().residualBound());
    }

    /**
     * The step for the residual bound Ymax ({@link ResidualBound#DESCENT}): η = min(ν̄/(G1 Ymax √τ), 1/β)
     * (docs/theory.md §8), so that the Ymax bound applies to it; see {@link StepSize}.
     *
     * @param problem the inputs
     * @param m       the width (even, ≥ 2)
     * @param tau     the number of iterations τ ≥ 1
     */
    public static StepSize stepSize(PgdProblem problem, double m, double tau) {
        return stepSize(problem, m, tau, ResidualBound.DESCENT);
    }

    /** The step for the given residual bound (REGION: η = ν̄/(G1 Rmax √τ), never capped). */
    public static StepSize stepSize(PgdProblem problem, double m, double tau, ResidualBound residualBound) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(residualBound, "residualBound");
        problem.checkPgdHypotheses();
        return step(problem, PgdMath.Width.of(checkWidth(m)), Math.log(checkTau(tau)), residualBound);
    }

    /**
     * The bound itself at (m, τ, η), with its breakdown (docs/theory.md §8). The residual bound is
     * chosen by the step: Ymax ({@link ResidualBound#DESCENT}) when η ≤ 1/β, β = G1² + Rmax M/√m on
     * Ω at m (PGD then never increases the loss; F(Θ0) = 0 at the symmetric initialization), Rmax
     * ({@link ResidualBound#REGION}) otherwise; {@link PgdBound#residualBound()} says which applied.
     *
     * @param problem the inputs
     * @param m       the width (even, ≥ 2)
     * @param tau     the number of iterations τ ≥ 1
     * @param eta     the step η &gt; 0
     * @param delta   failure probability δ ∈ (0, 1)
     */
    public static PgdBound pgdBound(PgdProblem problem, double m, double tau, double eta, double delta) {
        return bound(problem, m, tau, eta, delta, null);
    }

    /**
     * The bound at (m, τ, η) with the given residual bound: REGION for any step, DESCENT only for
     * η ≤ 1/β (refused otherwise, with 1/β).
     */
    public static PgdBound pgdBound(PgdProblem problem, double m, double tau, double eta, double delta,
                                    ResidualBound residualBound) {
        Objects.requireNonNull(residualBound, "residualBound");
        return bound(problem, m, tau, eta, delta, residualBound);
    }

    /** The bound at (m, τ, η); {@code residualBound} null: Ymax when η ≤ 1/β, else Rmax. */
    private static PgdBound bound(PgdProblem problem, double m, double tau, double eta, double delta,
                                  ResidualBound residualBound) {
        Objects.requireNonNull(problem, "problem");
        List<String> hyp = new ArrayList<>(problem.checkPgdHypotheses());
        checkWidth(m);
        checkTau(tau);
        Checks.positive("step eta", eta);
        checkDelta(delta);
        hyp.add("m (" + m + ") even");
        hyp.add("delta (" + delta + ") in (0, 1)");
        WidthTerms t = PgdMath.widthTerms(problem, m, Math.log(m), delta, ResidualBound.DESCENT);
        boolean descent = eta <= t.maxStep();
        if (residualBound == ResidualBound.DESCENT && !descent) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "step eta (%s) exceeds 1/beta"
                    + " (%.6g) on the projection set at m = %s: the residual bound Ymax (ResidualBound.DESCENT,"
                    + " docs/theory.md section 8) needs eta <= 1/beta; use ResidualBound.REGION", eta, t.maxStep(), m));
        }
        if (!descent || residualBound == ResidualBound.REGION) {
            t = PgdMath.widthTerms(problem, m, Math.log(m), delta, ResidualBound.REGION);
        }
        hyp.add(t.residualBound() == ResidualBound.DESCENT
                ? String.format(java.util.Locale.ROOT, "eta (%s) <= 1/beta (%.6g): residual bound Ymax; F(Theta0) = 0"
                        + " (symmetric initialization)", eta, t.maxStep())
                : String.format(java.util.Locale.ROOT, "residual bound Rmax (eta = %s, 1/beta = %.6g)", eta,
                        t.maxStep()));
        return PgdBound.of(t, tau, eta, t.beta(), hyp);
    }

    /**
     * Width, iterations, step and the bound at them, for target ε and confidence 1 − δ, with the
     * residual bound Ymax ({@link ResidualBound#DESCENT}): the width of
     * {@link #requiredWidth(PgdProblem, double, double)}, and a step η ≤ 1/β at that width (capped at
     * 1/β, with more iterations, when the balanced step exceeds it), so the bound's total is ≤ ε.
     */
    public static PgdPlan pgd(PgdProblem problem, double epsilon, double delta) {
        return pgd(problem, epsilon, delta, ResidualBound.DESCENT);
    }

    /** The plan with the given residual bound; see {@link #pgd(PgdProblem, double, double)}. */
    public static PgdPlan pgd(PgdProblem problem, double epsilon, double delta, ResidualBound residualBound) {
        WidthRequirement w = requiredWidth(problem, epsilon, delta, residualBound);
        PgdMath.Width width = new PgdMath.Width(w.width(), w.terms().logWidth());
        IterationRequirement it = iterations(problem, epsilon, width, residualBound);
        double logTau = Double.isFinite(it.tau()) ? Math.log(it.tau()) : it.log10Tau() * LogMath.LN10;
        StepSize s = step(problem, width, logTau, residualBound);
        double logEta = stepConstants(problem, width, residualBound).logEta(logTau);
        PgdBound b = PgdBound.of(w.terms(), it.tau(), s.eta(), logTau, logEta, w.terms().beta(), w.hypotheses());
        return new PgdPlan(w, it, s, b);
    }

    /**
     * The drift radius ρ_GD = ητ G1(α + ρ_GD/√m) Ymax of unregularized GD and the smoothness bound
     * β on its drift region (docs/theory.md §8, corrected); see {@link GdRadius}. The problem's
     * ρ_w, ρ_u are not used.
     *
     * @param problem the inputs
     * @param m       the width (even, ≥ 2)
     * @param tau     the number of iterations τ ≥ 1
     * @param eta     the step η &gt; 0; the drift bound needs η ≤ 1/β (status
     *                {@code STEP_ABOVE_ONE_OVER_BETA} otherwise, with β and 1/β filled in)
     */
    public static GdRadius gdRadius(PgdProblem problem, double m, double tau, double eta) {
        Objects.requireNonNull(problem, "problem");
        problem.checkInputNorm();
        checkWidth(m);
        checkTau(tau);
        Checks.positive("step eta", eta);
        double logEtaTauY = Math.log(eta) + Math.log(tau) + Math.log(problem.yMax());
        double sqrtM = Math.sqrt(m);
        double rho = 0.0;
        int k = 0;
        if (problem.yMax() > 0) {
            boolean settled = false;
            while (k < GD_MAX_ITERATIONS && !settled) {
                k++;
                double a = problem.alpha() + rho / sqrtM;
                double next = Math.exp(logEtaTauY + LemmaConstants.logGradient(problem.activation(),
                        PgdMath.logS(problem, a)));
                if (!(next < 1e300)) {
                    return noRadius(k, m, tau, eta, "no finite radius: the fixed-point iteration of rho = eta tau"
                            + " G1(alpha + rho/sqrt(m)) Ymax diverges (G1 grows with the radius): lower eta*tau, or use a"
                            + " larger m");
                }
                settled = Math.abs(next - rho) <= GD_RELATIVE_TOLERANCE * next;
                rho = next;
            }
            if (!settled) {
                return noRadius(GD_MAX_ITERATIONS, m, tau, eta, "no finite radius certified: the fixed-point"
                        + " iteration did not settle within " + GD_MAX_ITERATIONS + " steps");
            }
        }
        double a = problem.alpha() + rho / sqrtM;
        double logS = PgdMath.logS(problem, a);
        double logG1 = LemmaConstants.logGradient(problem.activation(), logS);
        double logM = LemmaConstants.logHessian(problem.activation(), logS);
        double beta = Math.exp(PgdMath.logBeta(logG1, PgdMath.logRmax(problem.yMax(), logG1, rho), logM,
                Math.log(m)));
        if (eta > 1.0 / beta) {
            return new GdRadius(GdRadius.Status.STEP_ABOVE_ONE_OVER_BETA, rho, k, m, tau, eta, a, Math.exp(logG1),
                    Math.exp(logM), beta, String.format(java.util.Locale.ROOT,
                    "step eta (%s) exceeds 1/beta (%.6g): the GD drift bound of docs/theory.md section 8 needs"
                            + " eta <= 1/beta, beta = G1^2 + Rmax M/sqrt(m) = %.6g on the drift region (rho_GD ="
                            + " %.6g, m = %s); with a larger step the loss may increase", eta, 1.0 / beta, beta, rho,
                    m));
        }
        String msg = problem.yMax() == 0 ? "Ymax = 0: the outputs start at the targets and GD does not move"
                : "fixed point reached, eta <= 1/beta";
        return new GdRadius(GdRadius.Status.FINITE, rho, k, m, tau, eta, a, Math.exp(logG1), Math.exp(logM), beta,
                msg);
    }

    private static GdRadius noRadius(int iterations, double m, double tau, double eta, String message) {
        double inf = Double.POSITIVE_INFINITY;
        return new GdRadius(GdRadius.Status.NO_FINITE_RADIUS, inf, iterations, m, tau, eta, inf, inf, inf, inf,
                message);
    }

    /**
     * The §8 bound for unregularized GD (corrected): the regret bound on the joint per-neuron ball
     * of radius ρ = max(ρ_GD, ν̄) with the residual bound Ymax ({@link ResidualBound#DESCENT}: its
     * hypothesis η ≤ 1/β is the one the drift radius already needs; F(Θ0) = 0); see {@link GdBound}.
     * The problem's ρ_w, ρ_u are not used.
     *
     * @throws IllegalArgumentException when η &gt; 1/β (see {@link #gdRadius})
     */
    public static GdBound gdBound(PgdProblem problem, double m, double tau, double eta, double delta) {
        GdRadius radius = gdRadius(problem, m, tau, eta);
        checkDelta(delta);
        if (radius.status() == GdRadius.Status.STEP_ABOVE_ONE_OVER_BETA) {
            throw new IllegalArgumentException(radius.message());
        }
        if (!radius.isFinite()) {
            return new GdBound(radius, Optional.empty());
        }
        double rho = Math.max(radius.rhoGD(), problem.nuBar());
        List<String> hyp = new ArrayList<>();
        hyp.add("inputNormBound (" + problem.inputNormBound() + ") <= 1");
        hyp.add(String.format(java.util.Locale.ROOT, "eta (%s) <= 1/beta (%.6g): the loss never increases, residual"
                + " bound Ymax", eta, radius.maxStep()));
        hyp.add("F(Theta0) = 0 (symmetric initialization): R(Theta0) <= Ymax^2/2");
        hyp.add("joint per-neuron radius rho = max(rho_GD, nuBar) = " + rho);
        return new GdBound(radius, Optional.of(PgdBound.of(PgdMath.widthTerms(problem, rho, rho, m, Math.log(m),
                delta, ResidualBound.DESCENT), tau, eta, radius.beta(), hyp)));
    }

    /**
     * The §8 bound evaluated with a measured drift (max over neurons and iterations, in units
     * 1/√m); see {@link APosterioriBound}.
     */
    public static APosterioriBound aPosterioriBound(PgdProblem problem, double m, double tau, double eta,
                                                    double delta, double driftW, double driftU) {
        Objects.requireNonNull(problem, "problem");
        Checks.nonNegative("measured drift driftW", driftW);
        Checks.nonNegative("measured drift driftU", driftU);
        PgdProblem eff = problem.withRho(Math.max(driftW, problem.nuBarW()), Math.max(driftU, problem.nuBarU()));
        PgdBound b = pgdBound(eff, m, tau, eta, delta);
        return new APosterioriBound(driftW, driftU, b);
    }

    /**
     * ln G1, ln Rmax, ln R and β at a width, for the step rule of docs/theory.md §8: the balanced step
     * η* = ν̄/(G1 R √τ), capped at 1/β for the residual bound Ymax.
     */
    private record StepConstants(ResidualBound variant, double logNu, double logG1, double logRmax,
                                 double logResidual, double logBeta) {

        /** β as a double (+∞ past the double range; the rule works with ln β). */
        double beta() {
            return Math.exp(logBeta);
        }

        /** ln η* = ln(ν̄/(G1 R √τ)). */
        double logBalanced(double logTau) {
            return logNu - logG1 - logResidual - 0.5 * logTau;
        }

        /** Whether the step at ln τ is capped at 1/β. */
        boolean capped(double logTau) {
            return variant == ResidualBound.DESCENT && !(logBalanced(logTau) <= -logBeta);
        }

        /** ln η of the step rule. */
        double logEta(double logTau) {
            return capped(logTau) ? -logBeta : logBalanced(logTau);
        }

        /** η of the step rule, never above 1/β in floating point when the Ymax bound is used. */
        double eta(double logTau) {
            if (variant == ResidualBound.REGION) {
                return Math.exp(logBalanced(logTau));
            }
            return capped(logTau) ? 1.0 / beta() : Math.min(Math.exp(logBalanced(logTau)), 1.0 / beta());
        }

        double logDistance(double logTau) {
            return 2.0 * logNu - LogMath.LN2 - logEta(logTau) - logTau;
        }

        double logGradient(double logTau) {
            return logEta(logTau) - LogMath.LN2 + 2.0 * logG1 + 2.0 * logResidual;
        }

        /** ν̄²/(2ητ) + (η/2)G1²R² at the step of the rule. */
        double optimization(double logTau) {
            return Math.exp(LogMath.logAdd(logDistance(logTau), logGradient(logTau)));
        }
    }

    private static StepConstants stepConstants(PgdProblem problem, PgdMath.Width w, ResidualBound variant) {
        double logG1 = PgdMath.logG1(problem, w.m());
        double logRmax = PgdMath.logRmax(problem, logG1);
        double logHess = LemmaConstants.logHessian(problem.activation(),
                PgdMath.logS(problem, PgdMath.a(problem, w.m())));
        double logBeta = PgdMath.logBeta(logG1, logRmax, logHess, w.logM());
        double logResidual = variant == ResidualBound.DESCENT ? Math.log(problem.yMax()) : logRmax;
        return new StepConstants(variant, Math.log(problem.nuBar()), logG1, logRmax, logResidual, logBeta);
    }

    private static IterationRequirement iterations(PgdProblem problem, double epsilon, PgdMath.Width w,
                                                   ResidualBound variant) {
        List<String> hyp = new ArrayList<>(problem.checkPgdHypotheses());
        checkEpsilon(epsilon);
        hyp.add("epsilon (" + epsilon + ") > 0");
        StepConstants c = stepConstants(problem, w, variant);
        double logCore = c.logNu() + c.logG1() + c.logResidual();   // ν̄ G1 R
        double logTau0 = 2.0 * (LogMath.LN2 + logCore - Math.log(epsilon));
        if (c.capped(logTau0)) {
            // η = 1/β: the smallest τ with ν̄²β/(2τ) + G1²R²/(2β) ≤ ε/2; here G1²R²/β < ε/2.
            double x = Math.exp(2.0 * c.logG1() + 2.0 * c.logResidual() - Math.log(epsilon) - c.logBeta());
            logTau0 = 2.0 * c.logNu() + c.logBeta() - Math.log(epsilon) - Math.log1p(-x);
        }
        double half = epsilon / 2.0;
        double tau;
        if (logTau0 < Math.log(TWO_POW_53)) {
            tau = Math.max(1.0, Math.ceil(Math.exp(logTau0)));
            while (c.optimization(Math.log(tau)) > half) {
                tau += 1.0;
            }
        } else {
            tau = Math.exp(logTau0);
            while (Double.isFinite(tau) && c.optimization(Math.log(tau)) > half) {
                tau = Math.nextUp(tau);
            }
        }
        double logTau = Double.isFinite(tau) ? Math.log(tau) : logTau0;
        hyp.add(residualHypothesis(variant, 1.0 / c.beta()));
        return new IterationRequirement(problem, epsilon, w.m(), tau, LogMath.toLog10(logTau), problem.nuBar(),
                Math.exp(c.logG1()), Math.exp(c.logRmax()), c.optimization(logTau), variant,
                Math.exp(c.logResidual()), 1.0 / c.beta(), c.capped(logTau), hyp);
    }

    private static StepSize step(PgdProblem problem, PgdMath.Width w, double logTau, ResidualBound variant) {
        StepConstants c = stepConstants(problem, w, variant);
        return new StepSize(problem, w.m(), Math.exp(logTau), c.eta(logTau), Math.exp(c.logG1()),
                Math.exp(c.logRmax()), Math.exp(c.logDistance(logTau)), Math.exp(c.logGradient(logTau)), variant,
                Math.exp(c.logResidual()), 1.0 / c.beta(), c.capped(logTau));
    }

    private static boolean passes(PgdProblem p, PgdMath.Width w, double delta, double budget, ResidualBound v) {
        return PgdMath.widthTerms(p, w.m(), w.logM(), delta, v).logTotal() <= budget;
    }

    static double checkEpsilon(double epsilon) {
        return Checks.positive("epsilon", epsilon);
    }

    static double checkDelta(double delta) {
        return Checks.openInterval("failure probability delta", delta, 0.0, 1.0);
    }

    static double checkTau(double tau) {
        if (!(tau >= 1.0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("iterations tau (" + tau + ") must be finite and >= 1");
        }
        return tau;
    }

    /** A width must be ≥ 2 and an even integer (every double ≥ 2^53 is one). */
    static double checkWidth(double m) {
        if (!(m >= 2.0) || !Double.isFinite(m)) {
            throw new IllegalArgumentException("width m (" + m + ") must be finite and >= 2");
        }
        if (m < TWO_POW_53 && (m != Math.rint(m) || Math.rint(m) % 2.0 != 0.0)) {
            throw new IllegalArgumentException("width m (" + m + ") must be an even integer for the symmetric"
                    + " initialization");
        }
        return m;
    }
}
