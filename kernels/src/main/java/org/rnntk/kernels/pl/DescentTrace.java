package org.rnntk.kernels.pl;

import java.util.List;
import java.util.Locale;

import org.rnntk.bounds.Certification;

/**
 * A GD run checked against a local-PL verdict (docs/theory.md §9): per iteration k the loss f(x_k)
 * and the distance ‖x_k − x0‖, and whether the verdict's promises held at every iteration:
 * ‖x_k − x0‖ ≤ R and f(x_{k+1}) ≤ q f(x_k), q = 1 − αη(1 − βη/2), up to the rounding slack
 * f(x_{k+1}) ≤ q f(x_k) + {@value CertifiedDescent#RATE_SLACK}·f(x_k) and
 * ‖x_k − x0‖ ≤ R(1 + {@value CertifiedDescent#RADIUS_SLACK}).
 *
 * @param eta           the step η
 * @param radius        R, the verdict's GD radius
 * @param contraction   q, the verdict's per-step factor
 * @param certification whether the verdict's constants were certified
 * @param losses        f(x_0), …, f(x_K) (copied in and out)
 * @param distances     ‖x_k − x0‖ (copied in and out)
 * @param finalPoint    x_K (copied in and out)
 * @param reachedTarget whether f(x_K) &lt; the target loss
 * @param violations    every broken promise, with its iteration (empty when all held)
 */
public record DescentTrace(double eta, double radius, double contraction, Certification certification,
                           double[] losses, double[] distances, double[] finalPoint, boolean reachedTarget,
                           List<String> violations) {

    public DescentTrace {
        losses = losses.clone();
        distances = distances.clone();
        finalPoint = finalPoint.clone();
        violations = List.copyOf(violations);
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }

    @Override
    public double[] finalPoint() {
        return finalPoint.clone();
    }

    /** K, the number of GD steps taken. */
    public int iterations() {
        return losses.length - 1;
    }

    /** f(x_K). */
    public double finalLoss() {
        return losses[losses.length - 1];
    }

    /** max_k ‖x_k − x0‖. */
    public double maxDistance() {
        double m = 0;
        for (double d : distances) {
            m = Math.max(m, d);
        }
        return m;
    }

    /** Every iterate stayed in B(x0, R) and the loss contracted by q or better at every step. */
    public boolean promisesHeld() {
        return violations.isEmpty();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GD at eta = %.6g [%s]: %d steps, loss %.6g -> %.6g, max distance %.6g"
                        + " (R = %.6g), contraction <= %.6g per step: %s", eta, certification, iterations(), losses[0],
                finalLoss(), maxDistance(), radius, contraction,
                violations.isEmpty() ? "all promises held" : violations.size() + " violations, first: "
                        + violations.get(0));
    }
}
