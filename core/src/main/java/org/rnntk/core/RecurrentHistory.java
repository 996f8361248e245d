package org.rnntk.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RecurrentTraining} run leaves behind, for either kind of model (docs/theory.md §3,
 * §11): the loss at every iterate Θ(0), …, Θ(τ), the per-iterate maximum drift, the final drift
 * summary and the first and last parameters. Arrays are copied in and out.
 *
 * <p>A run stopped by its {@link DivergenceRule} is a result too: {@link #status()} is
 * {@link TrainingStatus#DIVERGED}, {@link #divergence()} says where and why, and the arrays hold the
 * iterates before the stop whose loss was finite, so {@link #lastLoss()} is the last finite loss and
 * {@link #last()} its parameters (for a {@link Divergence.Reason#LOSS_GROWTH} stop, the iterate
 * above the limit).
 *
 * @param optimizer  the optimizer's description
 * @param lossMode   the loss mode trained on
 * @param losses     R̂(Θ(k)) for k = 0..τ (length τ + 1; fewer after a divergence)
 * @param maxDriftW  max_i √m‖W_{i,:}(k) − W_{i,:}(0)‖ for k = 0..τ (|w_i(k) − w_i(0)| for diagonal W)
 * @param maxDriftU  max_i √m‖u_i(k) − u_i(0)‖ for k = 0..τ
 * @param finalDrift max and mean drift of Θ(τ)
 * @param initial    Θ(0)
 * @param last       the last recorded iterate: Θ(τ) when the run completed
 * @param divergence empty when the run completed, else where and why it was stopped
 * @param <M>        the model type
 */
public record RecurrentHistory<M extends RecurrentModel<M>>(String optimizer, Loss lossMode, double[] losses,
        double[] maxDriftW, double[] maxDriftU, Drift finalDrift, M initial, M last,
        Optional<Divergence> divergence) {

    public RecurrentHistory {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(lossMode, "lossMode");
        losses = losses.clone();
        maxDriftW = maxDriftW.clone();
        maxDriftU = maxDriftU.clone();
        if (losses.length == 0 || maxDriftW.length != losses.length || maxDriftU.length != losses.length) {
            throw new IllegalArgumentException("losses (" + losses.length + "), maxDriftW (" + maxDriftW.length
                    + ") and maxDriftU (" + maxDriftU.length + ") must have the same length >= 1");
        }
        Objects.requireNonNull(finalDrift, "finalDrift");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(divergence, "divergence (use Optional.empty() for a completed run)");
        for (int k = 0; k < losses.length; k++) {
            if (!Double.isFinite(losses[k])) {
                throw new IllegalArgumentException("losses[" + k + "] (" + losses[k]
                        + ") must be finite; a non-finite loss is recorded as a Divergence");
            }
        }
        if (divergence.isPresent() && divergence.get().lastFiniteLoss() != losses[losses.length - 1]) {
            throw new IllegalArgumentException("divergence's last finite loss (" + divergence.get().lastFiniteLoss()
                    + ") must equal the last recorded loss (" + losses[losses.length - 1] + ")");
        }
    }

    /** A completed run (no divergence). */
    public RecurrentHistory(String optimizer, Loss lossMode, double[] losses, double[] maxDriftW,
                            double[] maxDriftU, Drift finalDrift, M initial, M last) {
        this(optimizer, lossMode, losses, maxDriftW, maxDriftU, finalDrift, initial, last, Optional.empty());
    }

    /** {@link TrainingStatus#COMPLETED} or {@link TrainingStatus#DIVERGED}. */
    public TrainingStatus status() {
        return divergence.isPresent() ? TrainingStatus.DIVERGED : TrainingStatus.COMPLETED;
    }

    /** Whether the run was stopped by its {@link DivergenceRule}. */
    public boolean diverged() {
        return divergence.isPresent();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    @Override
    public double[] maxDriftW() {
        return maxDriftW.clone();
    }

    @Override
    public double[] maxDriftU() {
        return maxDriftU.clone();
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

    /** (1/τ) Σ_{k&lt;τ} R̂(Θ(k)); R̂(Θ(0)) when τ = 0. */
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecurrentHistory<?> h)) {
            return false;
        }
        return optimizer.equals(h.optimizer) && lossMode == h.lossMode && java.util.Arrays.equals(losses, h.losses)
                && java.util.Arrays.equals(maxDriftW, h.maxDriftW) && java.util.Arrays.equals(maxDriftU, h.maxDriftU)
                && finalDrift.equals(h.finalDrift) && initial.equals(h.initial) && last.equals(h.last)
                && divergence.equals(h.divergence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(optimizer, lossMode, java.util.Arrays.hashCode(losses), finalDrift, initial, last,
                divergence);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "RecurrentHistory[%s, %s, %s, %s, tau=%d, loss %.6g -> %.6g (min %.6g, avg %.6g), drift max w %.4g"
                        + " u %.4g]",
                initial, optimizer, lossMode, divergence.map(d -> "DIVERGED: " + d.describe()).orElse("COMPLETED"),
                iterations(), initialLoss(), lastLoss(), minLoss(), averageLoss(),
                finalDrift.maxW(), finalDrift.maxU());
    }
}
