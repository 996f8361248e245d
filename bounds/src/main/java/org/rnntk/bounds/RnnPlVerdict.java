package org.rnntk.bounds;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
 * @param reasons         why this is not a certified convergence guarantee (empty when it is)
 */
public record RnnPlVerdict(RnnPlProblem problem, double radius, double alphaLowerBound, double betaUpperBound,
                           double g1, double hessianM, PlVerdict verdict, double widthToPass, List<String> reasons) {

    public RnnPlVerdict {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(verdict, "verdict");
        reasons = List.copyOf(reasons);
    }

    /** GD with the verdict's step provably reaches zero training loss from this initialization. */
    public boolean certifiedConvergence() {
        return reasons.isEmpty() && verdict.certifiedConvergence();
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "RNN local PL verdict (docs/theory.md section 9; constants derived there, not from the papers)%n"
                        + "  m = %.6g, p = %.6g, N = %d, lambda_min(Gram) = %.6g [%s], f0 = %.6g, Ymax = %s%n"
                        + "  best radius r = %.6g: alpha >= %.6g, beta <= %.6g (G1 = %.6g, M = %.6g at a = alpha + r)%n"
                        + "  width at which the flow criterion would pass (same lambda_min): %.6g%n"
                        + "%s%n  %s",
                problem.width(), problem.parameterCount(), problem.outputs(), problem.lambdaMinGram(),
                problem.gramKind(), problem.f0(), problem.yMax(), radius, alphaLowerBound, betaUpperBound, g1,
                hessianM, widthToPass, verdict.describe().indent(2).stripTrailing(),
                certifiedConvergence() ? "CERTIFIED: GD from this initialization reaches zero training loss"
                        : "not certified: " + reasons);
    }

    @Override
    public String toString() {
        return describe();
    }
}
