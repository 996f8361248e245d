package org.rnntk.bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.internal.LogMath;
import org.rnntk.core.Checks;

/**
 * Where the two sources meet (docs/theory.md §9): Chatterjee's criterion for the RNN loss
 * R̂ = (1/(2N)) Σ r_q² on the ball B(Θ0, r), with
 * <pre>
 *   α(Θ0, r) ≥ (2/N) (σ_min(J0) − √N M r/√m)₊²,     σ_min(J0)² = λ_min(J0 J0ᵀ),
 *   β        ≤ G1² + (Ymax + G1 r) M/√m,
 * </pre>
 * G1 and M = M_T of §7 at a = α + r (one neuron's w can move by r inside the ball), and
 * f(Θ0) = (1/(2N)) Σ y_q² since F(Θ0) = 0. The radius is chosen by a 1-D search maximizing the
 * margin. Certified when N ≤ p = m(d + 1), λ_min is a certified positive lower bound and the
 * margin is positive.
 */
public final class RnnPl {

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

    /** The α lower bound at radius r. */
    public static double alphaLowerBound(RnnPlProblem p, double r) {
        double s = sigmaMin(p) - drift(p, r);
        return s > 0 ? 2.0 / p.outputs() * s * s : 0.0;
    }

    /** The β upper bound at radius r. */
    public static double betaUpperBound(RnnPlProblem p, double r) {
        double logS = logS(p, r);
        double logG1 = LemmaConstants.logGradient(p.activation(), logS);
        double logM = LemmaConstants.logHessian(p.activation(), logS);
        double second = LogMath.logAdd(Math.log(p.yMax()), logG1 + Math.log(r)) + logM - 0.5 * Math.log(p.width());
        return Math.exp(LogMath.logAdd(2.0 * logG1, second));
    }

    private static RnnPlVerdict certify(RnnPlProblem p, double eta, boolean withEta) {
        Objects.requireNonNull(p, "problem");
        List<String> reasons = new ArrayList<>();
        boolean nLeP = p.outputs() <= p.parameterCount();
        if (!nLeP) {
            reasons.add(String.format(Locale.ROOT, "N > p: N = %d outputs but only p = m(d+1) = %.6g parameters,"
                    + " so the Gram J0 J0^T is singular", p.outputs(), p.parameterCount()));
        }
        if (p.gramKind() != Certification.CERTIFIED) {
            reasons.add("lambda_min of the Gram is an estimate, not a certified lower bound");
        }
        Certification kind = nLeP && p.gramKind() == Certification.CERTIFIED && p.lambdaMinGram() > 0
                ? Certification.CERTIFIED : Certification.ESTIMATE;
        if (!(p.lambdaMinGram() > 0)) {
            reasons.add("Gram singular: lambda_min (" + p.lambdaMinGram() + ") <= 0, so alpha >= 0 only");
            double r = 1.0;
            PlVerdict v = LocalPl.check(p.f0(), r, 0.0, kind, betaUpperBound(p, r), Certification.CERTIFIED,
                    withEta ? eta : 1.0 / betaUpperBound(p, r));
            reasons.addAll(v.reasons());
            return new RnnPlVerdict(p, r, 0.0, betaUpperBound(p, r), g1(p, r), hessian(p, r), v,
                    Double.POSITIVE_INFINITY, dedupe(reasons));
        }
        LocalPl.RadiusChoice best = bestRadius(p, eta, withEta);
        double r = best.r();
        double alpha = alphaLowerBound(p, r);
        double beta = betaUpperBound(p, r);
        PlVerdict flow = LocalPl.checkFlow(p.f0(), r, alpha, kind);
        // η_max = (2/β)(1 − 2√(f0/α)/r) needs β, which the flow verdict does not use.
        double etaMax = flow.flowHolds() ? (2.0 / beta) * (1.0 - flow.flowRadius() / r) : 0.0;
        double step = withEta ? eta : (etaMax > 0 ? etaMax / 2.0 : 1.0 / beta);
        if (!(step > 0)) {
            step = 1.0 / beta;
        }
        PlVerdict v = LocalPl.check(p.f0(), r, alpha, kind, beta, Certification.CERTIFIED, step);
        double widthToPass = flow.flowHolds() ? p.width() : widthToPass(p);
        if (!flow.flowHolds()) {
            reasons.add(String.format(Locale.ROOT, "width too small: with the same lambda_min the criterion would"
                    + " pass at m >= %.6g (an estimate: lambda_min must be recomputed at that width)", widthToPass));
        }
        reasons.addAll(v.reasons());
        if (!v.gdHolds() && v.flowHolds() && !withEta) {
            reasons.add("GD criterion fails at the default step eta_max/2");
        }
        return new RnnPlVerdict(p, r, alpha, beta, g1(p, r), hessian(p, r), v, widthToPass, dedupe(reasons));
    }

    private static List<String> dedupe(List<String> reasons) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(reasons));
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

    /** √N M(α + r) r/√m, the bound on ‖J(Θ) − J(Θ0)‖ over the ball. */
    private static double drift(RnnPlProblem p, double r) {
        double logM = LemmaConstants.logHessian(p.activation(), logS(p, r));
        return Math.exp(0.5 * Math.log(p.outputs()) + logM + Math.log(r) - 0.5 * Math.log(p.width()));
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
