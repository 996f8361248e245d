package org.rnntk.bounds;

import java.util.List;
import java.util.Locale;

/**
 * Chatterjee's local PL criterion (arXiv 2203.16462; constants in docs/theory.md §9) evaluated for
 * a nonnegative f on the closed ball B(x0, r), with α a lower bound on
 * α(x0, r) = inf_B ‖∇f‖²/f and β an upper bound on sup_B ‖∇²f‖:
 * <pre>
 *   gradient flow:    4 f(x0) &lt; r² α  ⇒  the flow stays within 2√(f(x0)/α) of x0, f(t) ≤ e^{−αt} f(x0)
 *   gradient descent: η ∈ (0, 2/β) and 4 f(x0) &lt; (1 − βη/2)² r² α
 *                     ⇒  iterates stay in B(x0, R), R = 2√(f(x0)/α)/(1 − βη/2),
 *                        f(x_{k+1}) ≤ (1 − αη(1 − βη/2)) f(x_k)
 *   largest step:     η_max = (2/β)(1 − 2√(f(x0)/α)/r)
 * </pre>
 * Both conclusions include convergence to a zero of f inside the ball.
 *
 * @param f0            f(x0) ≥ 0
 * @param r             the ball radius r &gt; 0
 * @param alpha         the α used (a certified lower bound or an estimate)
 * @param beta          the β used (+∞ when no bound is available)
 * @param eta           the GD step (0 when only the flow was checked)
 * @param certification CERTIFIED only if α and β (when used) are certified bounds
 * @param flowHolds     4 f0 &lt; r² α
 * @param flowRadius    2√(f0/α) (+∞ if α = 0 &lt; f0)
 * @param flowRate      α, the exponential rate of the flow
 * @param gdHolds       the GD criterion holds at η
 * @param gdRadius      R (+∞ when the criterion fails)
 * @param gdContraction 1 − αη(1 − βη/2), the per-step factor of f
 * @param etaMax        the largest admissible step (0 when the flow criterion fails)
 * @param reasons       why the verdict is not a certified convergence guarantee (empty when it is)
 */
public record PlVerdict(double f0, double r, double alpha, double beta, double eta, Certification certification,
                        boolean flowHolds, double flowRadius, double flowRate, boolean gdHolds, double gdRadius,
                        double gdContraction, double etaMax, List<String> reasons) {

    public PlVerdict {
        reasons = List.copyOf(reasons);
    }

    /** r²α − 4 f0; positive exactly when the flow criterion holds. */
    public double flowMargin() {
        return r * r * alpha - 4.0 * f0;
    }

    /** (1 − βη/2)² r² α − 4 f0 for η ∈ (0, 2/β), and −4 f0 otherwise; positive exactly when the GD criterion holds. */
    public double gdMargin() {
        if (!(eta > 0) || !(beta * eta < 2.0)) {
            return -4.0 * f0;
        }
        double s = 1.0 - beta * eta / 2.0;
        return s * s * r * r * alpha - 4.0 * f0;
    }

    /** The flow criterion holds and every constant is certified. */
    public boolean certifiedFlow() {
        return flowHolds && certification == Certification.CERTIFIED;
    }

    /** The GD criterion holds and every constant is certified: GD from x0 provably reaches a zero of f. */
    public boolean certifiedConvergence() {
        return gdHolds && certification == Certification.CERTIFIED;
    }

    public String describe() {
        String constants = certification == Certification.CERTIFIED ? "constants: certified bounds"
                : "constants: estimates, not certified";
        String flow = flowHolds
                ? String.format(Locale.ROOT, "HOLDS (margin r^2 alpha - 4 f0 = %.6g): stays within %.6g, rate e^{-%.6g t}",
                        flowMargin(), flowRadius, flowRate)
                : String.format(Locale.ROOT, "FAILS (margin r^2 alpha - 4 f0 = %.6g): no guarantee", flowMargin());
        String gd = gdHolds
                ? String.format(Locale.ROOT, "HOLDS: stays within %.6g, f contracts by %.6g per step", gdRadius,
                        gdContraction)
                : "FAILS: no guarantee";
        return String.format(Locale.ROOT,
                "local PL criterion (docs/theory.md section 9; %s)%n"
                        + "  f(x0) = %.6g, r = %.6g, alpha = %.6g, beta = %.6g%n"
                        + "  gradient flow: %s%n"
                        + "  gradient descent at eta = %.6g: %s; largest admissible step %.6g%n"
                        + "  %s",
                constants, f0, r, alpha, beta, flow, eta, gd, etaMax,
                reasons.isEmpty() ? "certified convergence to a zero of f" : "not certified: " + reasons);
    }

    @Override
    public String toString() {
        return describe();
    }
}
