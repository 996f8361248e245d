package org.rnntk.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Where and why a training run was stopped by its {@link DivergenceRule}.
 *
 * @param reason         what fired
 * @param iteration      k: the iterate Θ(k) whose loss (or, for {@link Reason#NON_FINITE_PARAMETERS},
 *                       whose parameters) broke the rule; ≥ 1
 * @param loss           the offending value: R̂(Θ(k)) (NaN, ±∞, or above the limit), or NaN when
 *                       the parameters themselves were non-finite
 * @param lastFiniteLoss the last loss recorded in the history (finite)
 * @param lossLimit      the rule's limit for this run, factor × R̂(Θ(0)) (+∞ when none applies)
 */
public record Divergence(Reason reason, int iteration, double loss, double lastFiniteLoss, double lossLimit)
        implements java.io.Serializable {

    private static final long serialVersionUID = 1L;


    /** What stopped the run. */
    public enum Reason {
        /** R̂(Θ(k)) was NaN or infinite. */
        NON_FINITE_LOSS,
        /** An update produced a NaN or infinite parameter. */
        NON_FINITE_PARAMETERS,
        /** R̂(Θ(k)) exceeded the rule's limit. */
        LOSS_GROWTH
    }

    public Divergence {
        Objects.requireNonNull(reason, "reason");
        Checks.positive("divergence iteration", iteration);
        Checks.finite("last finite loss", lastFiniteLoss);
        if (!(lossLimit > 0)) {
            throw new IllegalArgumentException("loss limit (" + lossLimit + ") must be > 0");
        }
        if (reason == Reason.LOSS_GROWTH && !(loss > lossLimit && Double.isFinite(loss))) {
            throw new IllegalArgumentException("a LOSS_GROWTH divergence needs a finite loss (" + loss
                    + ") above the limit (" + lossLimit + ")");
        }
        if (reason == Reason.NON_FINITE_LOSS && Double.isFinite(loss)) {
            throw new IllegalArgumentException("a NON_FINITE_LOSS divergence needs a non-finite loss, not " + loss);
        }
    }

    /** One line for a report, e.g. "loss 1.3e+03 > 100 x R(0) = 12.5 at iteration 3". */
    public String describe() {
        return switch (reason) {
            case NON_FINITE_LOSS -> String.format(Locale.ROOT, "loss became %s at iteration %d", loss, iteration);
            case NON_FINITE_PARAMETERS -> String.format(Locale.ROOT,
                    "parameters became non-finite in update %d", iteration);
            case LOSS_GROWTH -> String.format(Locale.ROOT, "loss %.4g exceeded the limit %.4g at iteration %d",
                    loss, lossLimit, iteration);
        };
    }
}
