package org.rnntk.core;

/**
 * When {@link Training} stops a run as diverged: a non-finite loss or parameter always stops it, and
 * so does a loss above {@code lossGrowthFactor} × R̂(Θ(0)) (docs/theory.md §3, §8).
 *
 * <p>Why a growth limit besides non-finiteness: with a bounded activation (tanh, sigmoid) the output
 * |F| ≤ ‖c‖₁/√m is bounded whatever the parameters, so an absurd step size never makes the loss
 * overflow; it makes it jump to a large finite value and stay there. The default factor
 * {@value #DEFAULT_LOSS_GROWTH_FACTOR} is far above the transient rise of a large but stable step
 * (GD at a step below the bound of §8 decreases R̂), and far below the rise of a run that has left
 * the kernel regime entirely. The growth test applies only when R̂(Θ(0)) &gt; 0.
 *
 * @param lossGrowthFactor a run whose loss exceeds this × R̂(Θ(0)) has diverged; &gt; 1, or
 *                         {@code +∞} to stop on non-finite values only
 */
public record DivergenceRule(double lossGrowthFactor) {

    /** The default growth factor. */
    public static final double DEFAULT_LOSS_GROWTH_FACTOR = 100;

    public DivergenceRule {
        if (!(lossGrowthFactor > 1)) {
            throw new IllegalArgumentException("loss growth factor (" + lossGrowthFactor
                    + ") must be > 1 (or +Infinity to stop on non-finite values only)");
        }
    }

    /** Growth factor {@value #DEFAULT_LOSS_GROWTH_FACTOR}. */
    public static DivergenceRule defaults() {
        return new DivergenceRule(DEFAULT_LOSS_GROWTH_FACTOR);
    }

    /** Stops a run whose loss exceeds {@code factor} × R̂(Θ(0)), or is non-finite. */
    public static DivergenceRule lossGrowth(double factor) {
        return new DivergenceRule(factor);
    }

    /** Stops a run only on a non-finite loss or parameter. */
    public static DivergenceRule nonFiniteOnly() {
        return new DivergenceRule(Double.POSITIVE_INFINITY);
    }

    /** The largest loss a run starting at {@code initialLoss} may reach; +∞ when R̂(Θ(0)) = 0. */
    public double lossLimit(double initialLoss) {
        return initialLoss > 0 ? lossGrowthFactor * initialLoss : Double.POSITIVE_INFINITY;
    }
}
