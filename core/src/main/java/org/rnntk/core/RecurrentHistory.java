package org.rnntk.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RecurrentTraining} run leaves behind, for either kind of model (docs/theory.md §3,
 * §11): the loss at every iterate Θ(0), …, Θ(τ), the per-iterate maximum drift, the final drift
 * summary and the first and last parameters. The guarantees of §8 are about {@link #minLoss()} and
 * {@link #averageLoss()}. Immutable; arrays are copied in and out. {@link TrainingHistory} is the
 * diagonal network's case, returned by {@link Training}.
 *
 * <p>A run stopped by its {@link DivergenceRule} is a result too: {@link #status()} is
 * {@link TrainingStatus#DIVERGED}, {@link #divergence()} says where and why, and the arrays hold the
 * iterates before the stop whose loss was finite, so {@link #lastLoss()} is the last finite loss and
 * {@link #last()} its parameters (for a {@link Divergence.Reason#LOSS_GROWTH} stop, the iterate
 * above the limit).
 *
 * <p>Two histories are equal when every part is equal (arrays by content), whichever of the two
 * types holds them.
 *
 * @param <M> the model type
 */
public sealed class RecurrentHistory<M extends RecurrentModel<M>> permits TrainingHistory {

    private final String optimizer;
    private final Loss lossMode;
    private final double[] losses;
    private final double[] maxDriftW;
    private final double[] maxDriftU;
    private final Drift finalDrift;
    private final M initial;
    private final M last;
    private final Optional<Divergence> divergence;

    /**
     * @param optimizer  the optimizer's description
     * @param lossMode   the loss mode trained on
     * @param losses     R̂(Θ(k)) for k = 0..τ (length τ + 1; fewer after a divergence); not modified
     * @param maxDriftW  max_i √m‖W_{i,:}(k) − W_{i,:}(0)‖ for the same k (|w_i(k) − w_i(0)| for
     *                   diagonal W); not modified
     * @param maxDriftU  max_i √m‖u_i(k) − u_i(0)‖ for the same k; not modified
     * @param finalDrift max and mean drift of the last recorded iterate
     * @param initial    Θ(0)
     * @param last       the last recorded iterate: Θ(τ) when the run completed
     * @param divergence empty when the run completed, else where and why it was stopped
     */
    public RecurrentHistory(String optimizer, Loss lossMode, double[] losses, double[] maxDriftW,
                            double[] maxDriftU, Drift finalDrift, M initial, M last,
                            Optional<Divergence> divergence) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.lossMode = Objects.requireNonNull(lossMode, "lossMode");
        this.losses = losses.clone();
        this.maxDriftW = maxDriftW.clone();
        this.maxDriftU = maxDriftU.clone();
        if (losses.length == 0 || maxDriftW.length != losses.length || maxDriftU.length != losses.length) {
            throw new IllegalArgumentException("losses (" + losses.length + "), maxDriftW (" + maxDriftW.length
                    + ") and maxDriftU (" + maxDriftU.length + ") must have the same length >= 1");
        }
        this.finalDrift = Objects.requireNonNull(finalDrift, "finalDrift");
        this.initial = Objects.requireNonNull(initial, "initial");
        this.last = Objects.requireNonNull(last, "last");
        this.divergence = Objects.requireNonNull(divergence,
                "divergence (use Optional.empty() for a completed run)");
        for (int k = 0; k < this.losses.length; k++) {
            if (!Double.isFinite(this.losses[k])) {
                throw new IllegalArgumentException("losses[" + k + "] (" + this.losses[k]
                        + ") must be finite; a non-finite loss is recorded as a Divergence");
            }
        }
        double lastRecorded = this.losses[this.losses.length - 1];
        if (divergence.isPresent() && divergence.get().lastFiniteLoss() != lastRecorded) {
            throw new IllegalArgumentException("divergence's last finite loss (" + divergence.get().lastFiniteLoss()
                    + ") must equal the last recorded loss (" + lastRecorded + ")");
        }
    }

    /** A completed run (no divergence). */
    public RecurrentHistory(String optimizer, Loss lossMode, double[] losses, double[] maxDriftW,
                            double[] maxDriftU, Drift finalDrift, M initial, M last) {
        this(optimizer, lossMode, losses, maxDriftW, maxDriftU, finalDrift, initial, last, Optional.empty());
    }

    /** The optimizer's description. */
    public String optimizer() {
        return optimizer;
    }

    /** The loss mode trained on. */
    public Loss lossMode() {
        return lossMode;
    }

    /** R̂(Θ(k)) for k = 0..τ (a copy; length τ + 1, fewer after a divergence). */
    public double[] losses() {
        return losses.clone();
    }

    /** The per-iterate max_i √m‖W_{i,:}(k) − W_{i,:}(0)‖ (a copy). */
    public double[] maxDriftW() {
        return maxDriftW.clone();
    }

    /** The per-iterate max_i √m‖u_i(k) − u_i(0)‖ (a copy). */
    public double[] maxDriftU() {
        return maxDriftU.clone();
    }

    /** Max and mean drift of the last recorded iterate. */
    public Drift finalDrift() {
        return finalDrift;
    }

    /** Θ(0). */
    public M initial() {
        return initial;
    }

    /** The last recorded iterate: Θ(τ) when the run completed. */
    public M last() {
        return last;
    }

    /** Empty when the run completed, else where and why it was stopped. */
    public Optional<Divergence> divergence() {
        return divergence;
    }

    /** {@link TrainingStatus#COMPLETED} or {@link TrainingStatus#DIVERGED}. */
    public TrainingStatus status() {
        return divergence.isPresent() ? TrainingStatus.DIVERGED : TrainingStatus.COMPLETED;
    }

    /** Whether the run was stopped by its {@link DivergenceRule}. */
    public boolean diverged() {
        return divergence.isPresent();
    }

    /** The number of recorded updates: τ when the run completed, fewer when it diverged. */
    public int iterations() {
        return losses.length - 1;
    }

    /** R̂(Θ(k)). */
    public double loss(int k) {
        return losses[k];
    }

    /** R̂(Θ(0)). */
    public double initialLoss() {
        return losses[0];
    }

    /** R̂ of the last recorded iterate: R̂(Θ(τ)) when the run completed, the last finite loss otherwise. */
    public double lastLoss() {
        return losses[losses.length - 1];
    }

    /** min_{k ≤ τ} R̂(Θ(k)). */
    public double minLoss() {
        double best = Double.POSITIVE_INFINITY;
        for (double v : losses) {
            best = Math.min(best, v);
        }
        return best;
    }

    /** (1/τ) Σ_{k&lt;τ} R̂(Θ(k)), the average the regret bound controls; R̂(Θ(0)) when τ = 0. */
    public double averageLoss() {
        int tau = iterations();
        if (tau == 0) {
            return losses[0];
        }
        double s = 0;
        for (int k = 0; k < tau; k++) {
            s += losses[k];
        }
        return s / tau;
    }

    /** The largest per-neuron W-drift over the whole run, in units 1/√m. */
    public double maxDriftWOverRun() {
        return max(maxDriftW);
    }

    /** The largest per-neuron u-drift over the whole run, in units 1/√m. */
    public double maxDriftUOverRun() {
        return max(maxDriftU);
    }

    private static double max(double[] values) {
        double best = 0;
        for (double v : values) {
            best = Math.max(best, v);
        }
        return best;
    }

    @Override
    public final boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecurrentHistory<?> h)) {
            return false;
        }
        return optimizer.equals(h.optimizer) && lossMode == h.lossMode && Arrays.equals(losses, h.losses)
                && Arrays.equals(maxDriftW, h.maxDriftW) && Arrays.equals(maxDriftU, h.maxDriftU)
                && finalDrift.equals(h.finalDrift) && initial.equals(h.initial) && last.equals(h.last)
                && divergence.equals(h.divergence);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(optimizer, lossMode, Arrays.hashCode(losses), finalDrift, initial, last, divergence);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s[%s, %s, %s, %s, tau=%d, loss %.6g -> %.6g (min %.6g, avg %.6g), drift max w %.4g u %.4g]",
                getClass().getSimpleName(), initial, optimizer, lossMode,
                divergence.map(d -> "DIVERGED: " + d.describe()).orElse("COMPLETED"),
                iterations(), initialLoss(), lastLoss(), minLoss(), averageLoss(),
                finalDrift.maxW(), finalDrift.maxU());
    }
}
