package org.rnntk.bounds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.internal.LogMath;
import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.Loss;

/**
 * Where the two sources meet (docs/theory.md §9): Chatterjee's criterion for the RNN loss
 * R̂ = (1/(2N)) Σ r_q² on the Euclidean ball B(Θ0, r). On the ball every |w_i| ≤ a = α + r, so the
 * §7 constants G1 = G1(a), M_t = M_t(a) apply, and
 * <pre>
 *   D(r)  = (r/√m) · √(Σ_q M_{t_q}²)                 ≥ ‖J(Θ) − J0‖   (= √N M_T r/√m for the last-step loss)
 *   α(Θ0, r) ≥ (2/N) (σ_min(J0) − D(r))₊²,           σ_min(J0)² = λ_min(J0 J0ᵀ)
 *   Jmax  = min(σ_max(J0) + D(r), √N G1)             ≥ ‖J(Θ)‖
 *   Rbar  = min(√(2 f0) + Jmax r/√N, Ymax + G1 r)     ≥ (1/N) Σ_q |r_q(Θ)|
 *   β    ≤ Jmax²/N + Rbar M_T/√m
 * </pre>
 * Proofs. The Hessian of F_q = F_t in Θ is block diagonal over neurons with blocks c_i∇²h_t^i/√m, so
 * its norm is ≤ M_t/√m on the ball and ‖∇F_q(Θ) − ∇F_q(Θ0)‖ ≤ M_{t_q} r/√m; summing the squares over
 * the rows bounds the Frobenius, hence the spectral, norm of J − J0 by D(r). Weyl's inequality
 * gives σ_min(J) ≥ σ_min(J0) − D(r) and ‖J‖ ≤ ‖J0‖ + D(r); each row of J has norm ≤ G1, so also
 * ‖J‖ ≤ ‖J‖_F ≤ √N G1. With ∇R̂ = Jᵀr/N, ‖∇R̂‖² ≥ λ_min(JJᵀ)‖r‖²/N² = (2/N)λ_min(JJᵀ) R̂. The
 * Hessian is JᵀJ/N + (1/N)Σ r_q ∇²F_q, of norm ≤ ‖J‖²/N + (1/N)Σ|r_q| · M_T/√m (M_t increases in t);
 * (1/N)Σ|r_q| ≤ ‖r‖/√N ≤ (‖y‖ + ‖F(Θ) − F(Θ0)‖)/√N ≤ √(2 f0) + ‖J‖ r/√N (F(Θ0) = 0), and also
 * ≤ max|r_q| ≤ Ymax + G1 r.
 *
 * <p>The radius is chosen by a 1-D search maximizing the margin. Certified when N ≤ p = m(d + 1),
 * λ_min is a certified positive lower bound (λ_max a certified upper bound or +∞), the margin is
 * positive, the bounds are consistent (λ_min ≤ G1(α)², λ_max ≤ N G1(α)², α ≤ 2β) and the
 * activation's constants are verified on the ball's pre-activation range
 * ({@link RnnPlVerdict#withActivationCheck}, {@link #preActivationBound}).
 */
public final class RnnPl {

    /**
     * The reason every verdict carries until an {@link ActivationCheck} covering its ball is attached
     * ({@link RnnPlVerdict#withActivationCheck}).
     */
    public static final String NOT_VERIFIED = "activation constants are declared, not verified: attach an"
            + " ActivationCheck covering the ball's pre-activations (RnnPlVerdict.withActivationCheck)";
    /** Above this T the all-steps Jacobian bound uses √N M_T instead of the sum over t (cost O(T) per radius). */
    static final long PER_STEP_SUM_MAX_T = 4096;
    /** The activation is checked on this multiple of the pre-activation bound at the declared constants' radius. */
    public static final double CHECK_RANGE_FACTOR = 1.25;
    /** Relative slack in the consistency checks (rounding of the bounds themselves). */
    static final double CONSISTENCY_SLACK = 1e-9;

    private RnnPl() {
    }

    /** The verdict with the step η = η_max/2 at the best radius (when the flow criterion holds). */
    public static RnnPlVerdict certify(RnnPlProblem problem) {
        return certify(problem, 0.0, false);
    }

    /** The verdict for a given GD step η; the radius search maximizes the GD margin at that η. */
    public static RnnPlVerdict certify(RnnPlProblem problem, double eta) {
        Checks.positive("step eta", eta);
        return certify(problem, eta, true);
    }

    /**
     * The verdict with the activation's constants verified, not trusted: the verdict at the declared
     * constants gives a radius r; the activation is checked on |z| ≤ {@link #CHECK_RANGE_FACTOR}·Z(r)
     * ({@link #preActivationBound}); a violation makes the verdict "not certified" with the reason;
     * otherwise the verdict is recomputed with {@link ActivationCheck#effectiveConstants()} (equal to
     * the declared ones for a built-in activation) and must have its own Z within the range checked.
     *
     * @param problem            the problem, with the activation's declared constants
     * @param eta                the GD step η &gt; 0, or NaN for the default η_max/2
     * @param activation         the activation of the network
     * @param maxInputWeightNorm max_i ‖u_i(0)‖₂ of the network
     * @param maxInputNorm       max_t ‖x_t‖₂ of the data
     * @throws IllegalArgumentException when the problem's constants are not the activation's
     */
    public static RnnPlVerdict certify(RnnPlProblem problem, double eta, Activation activation,
                                       double maxInputWeightNorm, double maxInputNorm) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(activation, "activation");
        boolean withEta = !Double.isNaN(eta);
        if (withEta) {
            Checks.positive("step eta", eta);
        }
        if (!activation.constants().equals(problem.activation())) {
            throw new IllegalArgumentException("the problem's activation constants " + problem.activation()
                    + " are not the declared constants " + activation.constants() + " of " + activation.name());
        }
        RnnPlVerdict declared = certify(problem, eta, withEta);
        double z = preActivationBound(problem, declared.radius(), maxInputWeightNorm, maxInputNorm);
        ActivationCheck check = ActivationCheck.verify(activation, CHECK_RANGE_FACTOR * z);
        if (!check.verified() || check.effectiveConstants().equals(problem.activation())) {
            return declared.withActivationCheck(check, z);
        }
        RnnPlProblem effective = problem.withActivation(check.effectiveConstants());
        RnnPlVerdict v = certify(effective, eta, withEta);
        return v.withActivationCheck(check, preActivationBound(effective, v.radius(), maxInputWeightNorm,
                maxInputNorm));
    }

    /**
     * Z(r) = (α + r)σ0 + (U0 + r)·X: on B(Θ0, r) every pre-activation has
     * |z_t| ≤ |w_i||h_{t−1}| + ‖u_i‖‖x_t‖ ≤ Z, by induction over t from h_0 = 0, as long as |σ| ≤ σ0
     * on [−Z, Z] (which an {@link ActivationCheck} over that range verifies).
     *
     * @param problem            the problem (α, σ0)
     * @param r                  the ball radius
     * @param maxInputWeightNorm U0 = max_i ‖u_i(0)‖₂
     * @param maxInputNorm       X = max_t ‖x_t‖₂ over the data
     */
    public static double preActivationBound(RnnPlProblem problem, double r, double maxInputWeightNorm,
                                            double maxInputNorm) {
        Objects.requireNonNull(problem, "problem");
        Checks.nonNegative("radius r", r);
        Checks.nonNegative("maxInputWeightNorm", maxInputWeightNorm);
        Checks.nonNegative("maxInputNorm", maxInputNorm);
        return (problem.alpha() + r) * problem.activation().sigma0() + (maxInputWeightNorm + r) * maxInputNorm;
    }

    /** The α lower bound at radius r. */
    public static double alphaLowerBound(RnnPlProblem p, double r) {
        double s = sigmaMin(p) - drift(p, r);
        return s > 0 ? 2.0 / p.outputs() * s * s : 0.0;
    }

    /** The β upper bound at radius r. */
    public static double betaUpperBound(RnnPlProblem p, double r) {
        double logS = logS(p, r);
        double g1 = Math.exp(LemmaConstants.logGradient(p.activation(), logS));
        double logM = LemmaConstants.logHessian(p.activation(), logS);
        double rootN = Math.sqrt(p.outputs());
        double jMax = Math.min(Math.sqrt(p.lambdaMaxGram()) + drift(p, r), rootN * g1);
        double rBar = Math.min(Math.sqrt(2.0 * p.f0()) + jMax * r / rootN, p.yMax() + g1 * r);
        double second = rBar == 0 ? Double.NEGATIVE_INFINITY
                : Math.log(rBar) + logM - 0.5 * Math.log(p.width());
        return Math.exp(LogMath.logAdd(2.0 * Math.log(jMax) - Math.log(p.outputs()), second));
    }

    /** D(r) = (r/√m)√(Σ_q M_{t_q}(α + r)²), the bound on ‖J(Θ) − J(Θ0)‖ over the ball. */
    public static double jacobianDrift(RnnPlProblem p, double r) {
        return drift(p, r);
    }

    private static RnnPlVerdict certify(RnnPlProblem p, double eta, boolean withEta) {
        Objects.requireNonNull(p, "problem");
        List<String> reasons = new ArrayList<>();
        reasons.add(NOT_VERIFIED);
        boolean nLeP = p.outputs() <= p.parameterCount();
        if (!nLeP) {
            reasons.add(String.format(Locale.ROOT, "N > p: N = %d outputs but only p = m(d+1) = %.6g parameters,"
                    + " so the Gram J0 J0^T is singular", p.outputs(), p.parameterCount()));
        }
        if (p.gramKind() != Certification.CERTIFIED) {
            reasons.add("lambda_min of the Gram is an estimate, not a certified lower bound");
        }
        reasons.addAll(inconsistencies(p));
        Certification kind = nLeP && p.gramKind() == Certification.CERTIFIED && p.lambdaMinGram() > 0
                ? Certification.CERTIFIED : Certification.ESTIMATE;
        if (!(p.lambdaMinGram() > 0)) {
            reasons.add("Gram singular: lambda_min (" + p.lambdaMinGram() + ") <= 0, so alpha >= 0 only");
            double r = 1.0;
            double beta = betaUpperBound(p, r);
            PlVerdict v = LocalPl.check(p.f0(), r, 0.0, kind, beta, Certification.CERTIFIED,
                    withEta ? eta : 1.0 / beta);
            reasons.addAll(v.reasons());
            return new RnnPlVerdict(p, r, 0.0, beta, g1(p, r), hessian(p, r), v, Double.POSITIVE_INFINITY,
                    dedupe(reasons));
        }
        LocalPl.RadiusChoice best = bestRadius(p, eta, withEta);
        double r = best.r();
        double alpha = alphaLowerBound(p, r);
        double beta = betaUpperBound(p, r);
        PlVerdict flow = LocalPl.checkFlow(p.f0(), r, alpha, kind);
        double widthToPass = flow.flowHolds() ? p.width() : widthToPass(p);
        if (!flow.flowHolds()) {
            reasons.add(String.format(Locale.ROOT, "width too small: with the same lambda_min the criterion would"
                    + " pass at m >= %.6g (an estimate: lambda_min must be recomputed at that width)", widthToPass));
        }
        if (alpha > 2.0 * beta * (1 + CONSISTENCY_SLACK)) {
            // Then 1 − αη(1 − βη/2) < 0 for η near 1/β: no valid pair of bounds can do that.
            reasons.add(String.format(Locale.ROOT, "bounds inconsistent: alpha lower bound (%.6g) > 2 x beta upper"
                    + " bound (%.6g), impossible for valid bounds (a GD step of 1/beta would make f negative):"
                    + " the declared activation constants or the Gram bounds are wrong", alpha, 2.0 * beta));
            reasons.addAll(flow.reasons());
            return new RnnPlVerdict(p, r, alpha, beta, g1(p, r), hessian(p, r), flow, widthToPass, dedupe(reasons));
        }
        // η_max = (2/β)(1 − 2√(f0/α)/r) needs β, which the flow verdict does not use.
        double etaMax = flow.flowHolds() ? (2.0 / beta) * (1.0 - flow.flowRadius() / r) : 0.0;
        double step = withEta ? eta : (etaMax > 0 ? etaMax / 2.0 : 1.0 / beta);
        if (!(step > 0)) {
            step = 1.0 / beta;
        }
        PlVerdict v = LocalPl.check(p.f0(), r, alpha, kind, beta, Certification.CERTIFIED, step);
        reasons.addAll(v.reasons());
        if (!v.gdHolds() && v.flowHolds() && !withEta) {
            reasons.add("GD criterion fails at the default step eta_max/2");
        }
        return new RnnPlVerdict(p, r, alpha, beta, g1(p, r), hessian(p, r), v, widthToPass, dedupe(reasons));
    }

    /** Checks that follow from the bounds themselves at Θ0 (a = α): a violation proves a wrong input. */
    static List<String> inconsistencies(RnnPlProblem p) {
        List<String> out = new ArrayList<>();
        double logS0 = MuT.logGeometricSum(p.timeSteps(), p.alpha() * p.activation().sigma1());
        double g1sq = Math.exp(2.0 * LemmaConstants.logGradient(p.activation(), logS0));
        if (p.lambdaMinGram() > g1sq * (1 + CONSISTENCY_SLACK)) {
            out.add(String.format(Locale.ROOT, "bounds inconsistent: lambda_min of the Gram (%.6g) > G1(alpha)^2"
                    + " (%.6g) >= every diagonal entry ||grad F_q||^2: the declared activation constants are too"
                    + " small", p.lambdaMinGram(), g1sq));
        }
        if (Double.isFinite(p.lambdaMaxGram()) && p.lambdaMaxGram() > p.outputs() * g1sq * (1 + CONSISTENCY_SLACK)) {
            out.add(String.format(Locale.ROOT, "bounds inconsistent: lambda_max of the Gram (%.6g) > N G1(alpha)^2"
                    + " (%.6g) >= its trace: the declared activation constants are too small", p.lambdaMaxGram(),
                    p.outputs() * g1sq));
        }
        return out;
    }

    private static List<String> dedupe(List<String> reasons) {
        return new ArrayList<>(new LinkedHashSet<>(reasons));
    }

    /** Maximizes r√α(r)·(1 − β(r)η/2)₊ − 2√f0 (the flow margin in square-root form when no η is given). */
    static LocalPl.RadiusChoice bestRadius(RnnPlProblem p, double eta, boolean withEta) {
        double sigma = sigmaMin(p);
        // r0: where the Jacobian drift bound reaches σ_min(J0); α(r) > 0 only for r < r0.
        double lo = 0.0;
        double hi = 1.0;
        while (drift(p, hi) < sigma) {
            lo = hi;
            hi *= 2.0;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (drift(p, mid) < sigma) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double r0 = hi;
        double twoRootF0 = 2.0 * Math.sqrt(p.f0());
        return LocalPl.maximizeMargin(r -> {
            double s = sigma - drift(p, r);
            double v = r * Math.sqrt(2.0 / p.outputs()) * Math.max(s, 0.0);
            if (withEta) {
                v *= Math.max(0.0, 1.0 - betaUpperBound(p, r) * eta / 2.0);
            }
            return v - twoRootF0;
        }, r0 * 1e-12, r0);
    }

    /** The smallest even width with a positive flow margin at the best radius, λ_min held fixed. */
    static double widthToPass(RnnPlProblem p) {
        double minForP = 2.0 * Math.ceil(p.outputs() / (2.0 * (p.inputDim() + 1.0)));
        double lo = Math.log(p.width());
        double hi = lo + LogMath.LN2;
        while (!passes(p, hi)) {
            lo = hi;
            hi += 2.0 * LogMath.LN2;
            if (hi > Math.log(Double.MAX_VALUE)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (passes(p, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double m = Math.exp(hi);
        m = m < 0x1p53 ? 2.0 * Math.ceil(m / 2.0) : m;
        return Math.max(m, Math.max(minForP, 2.0));
    }

    private static boolean passes(RnnPlProblem p, double logM) {
        double m = Math.exp(logM);
        m = m < 0x1p53 ? 2.0 * Math.ceil(m / 2.0) : m;
        return bestRadius(p.withWidth(m), 0.0, false).margin() > 0;
    }

    private static double sigmaMin(RnnPlProblem p) {
        return Math.sqrt(Math.max(p.lambdaMinGram(), 0.0));
    }

    /** (r/√m)√(Σ_q M_{t_q}²) at a = α + r. */
    private static double drift(RnnPlProblem p, double r) {
        double rate = (p.alpha() + r) * p.activation().sigma1();
        double logRowSum;   // ln √(Σ_q M_{t_q}²)
        if (p.loss() == Loss.ALL_STEPS && p.timeSteps() <= PER_STEP_SUM_MAX_T) {
            double logSumSq = Double.NEGATIVE_INFINITY;
            for (long t = 1; t <= p.timeSteps(); t++) {
                double logMt = LemmaConstants.logHessian(p.activation(), MuT.logGeometricSum(t, rate));
                logSumSq = LogMath.logAdd(logSumSq, 2.0 * logMt);
            }
            double samples = (double) p.outputs() / p.timeSteps();
            logRowSum = 0.5 * (Math.log(samples) + logSumSq);
        } else {
            logRowSum = 0.5 * Math.log(p.outputs())
                    + LemmaConstants.logHessian(p.activation(), MuT.logGeometricSum(p.timeSteps(), rate));
        }
        return Math.exp(logRowSum + Math.log(r) - 0.5 * Math.log(p.width()));
    }

    private static double logS(RnnPlProblem p, double r) {
        return MuT.logGeometricSum(p.timeSteps(), (p.alpha() + r) * p.activation().sigma1());
    }

    private static double g1(RnnPlProblem p, double r) {
        return Math.exp(LemmaConstants.logGradient(p.activation(), logS(p, r)));
    }

    private static double hessian(RnnPlProblem p, double r) {
        return Math.exp(LemmaConstants.logHessian(p.activation(), logS(p, r)));
    }
}
