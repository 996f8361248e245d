package org.rnntk.bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.rnntk.core.ActivationConstants;

/**
 * The local-PL verdict for the diagonal RNN at its initialization (docs/theory.md §9), at the
 * radius r that maximizes the margin.
 *
 * @param problem         the inputs
 * @param radius          the r chosen by the search
 * @param alphaLowerBound (2/N)(σ_min(J0) − √N M r/√m)₊² at r
 * @param betaUpperBound  G1² + (Ymax + G1 r) M/√m at r
 * @param g1              G1 at a = α + r
 * @param hessianM        M = M_T at a = α + r
 * @param verdict         the criterion with these constants
 * @param widthToPass     the smallest even width at which the flow criterion would pass with the same
 *                        λ_min (an estimate: λ_min must be recomputed there); equals the width when it
 *                        already passes, +∞ when no width helps (λ_min ≤ 0)
 * @param reasons         why this is not a certified convergence guarantee (empty when it is); until an
 *                        activation check is attached it contains {@link RnnPl#NOT_VERIFIED}
 * @param activationCheck the verification of the activation's constants, once attached
 */
public record RnnPlVerdict(RnnPlProblem problem, double radius, double alphaLowerBound, double betaUpperBound,
                           double g1, double hessianM, PlVerdict verdict, double widthToPass, List<String> reasons,
                           Optional<ActivationCheck> activationCheck) {

    public RnnPlVerdict {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(activationCheck, "activationCheck");
        reasons = List.copyOf(reasons);
    }

    RnnPlVerdict(RnnPlProblem problem, double radius, double alphaLowerBound, double betaUpperBound, double g1,
                 double hessianM, PlVerdict verdict, double widthToPass, List<String> reasons) {
        this(problem, radius, alphaLowerBound, betaUpperBound, g1, hessianM, verdict, widthToPass, reasons,
                Optional.empty());
    }

    /**
     * This verdict with the activation's constants verified (or not) on the ball's pre-activation
     * range: the check must be of the constants the problem used, and cover
     * Z = {@link RnnPl#preActivationBound} at the verdict's radius (pass that Z as {@code neededZ}).
     * Any failure is added to the reasons; a passing check removes {@link RnnPl#NOT_VERIFIED}.
     *
     * @param check   the verification
     * @param neededZ the pre-activation bound over the verdict's ball, ≥ 0
     */
    public RnnPlVerdict withActivationCheck(ActivationCheck check, double neededZ) {
        Objects.requireNonNull(check, "check");
        if (!(neededZ >= 0)) {
            throw new IllegalArgumentException("pre-activation bound neededZ (" + neededZ + ") must be >= 0");
        }
        List<String> out = new ArrayList<>(reasons);
        out.remove(RnnPl.NOT_VERIFIED);
        ActivationConstants used = problem.activation();
        ActivationConstants ok = check.effectiveConstants();
        if (check.verified()
                && (used.sigma0() < ok.sigma0() || used.sigma1() < ok.sigma1() || used.sigma2() < ok.sigma2())) {
            out.add(0, "the problem's activation constants " + used + " are below the verified ones " + ok);
        }
        if (!check.verified()) {
            out.addAll(0, check.problems());
        } else if (!check.covers(neededZ)) {
            out.add(0, String.format(Locale.ROOT, "the activation's constants were checked on |z| <= %.6g only, but"
                    + " the ball's pre-activations reach %.6g", check.zMax(), neededZ));
        }
        return new RnnPlVerdict(problem, radius, alphaLowerBound, betaUpperBound, g1, hessianM, verdict, widthToPass,
                out, Optional.of(check));
    }

    /** GD with the verdict's step provably reaches zero training loss from this initialization. */
    public boolean certifiedConvergence() {
        return reasons.isEmpty() && verdict.certifiedConvergence();
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "RNN local PL verdict (docs/theory.md section 9; constants derived there, not from the papers)%n"
                        + "  m = %.6g, p = %.6g, N = %d, lambda_min(Gram) = %.6g, lambda_max <= %.6g [%s], f0 = %.6g,"
                        + " max|y| = %s, Ymax = %s%n"
                        + "  best radius r = %.6g: alpha >= %.6g, beta <= %.6g (G1 = %.6g, M = %.6g at a = alpha + r)%n"
                        + "  width at which the flow criterion would pass (same lambda_min): %.6g%n"
                        + "  %s%n%s%n  %s",
                problem.width(), problem.parameterCount(), problem.outputs(), problem.lambdaMinGram(),
                problem.lambdaMaxGram(), problem.gramKind(), problem.f0(), problem.maxAbsTarget(), problem.yMax(),
                radius, alphaLowerBound, betaUpperBound, g1, hessianM, widthToPass,
                activationCheck.map(ActivationCheck::describe).orElse("activation constants: declared, not verified"),
                verdict.describe().indent(2).stripTrailing(),
                certifiedConvergence() ? "CERTIFIED: GD from this initialization reaches zero training loss"
                        : "not certified: " + reasons);
    }

    @Override
    public String toString() {
        return describe();
    }
}
