package org.rnntk.kernels.pl;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.FeedforwardPl;
import org.rnntk.bounds.PlVerdict;
import org.rnntk.core.feedforward.FeedforwardNetwork;

/**
 * The certified local-PL verdict for a feedforward network at the positive initialization
 * (docs/theory.md §9, docs/criterion.md).
 *
 * @param bound           the first-layer bound of bounds {@code FeedforwardPl} (Z_ℓ, H_ℓ, m_ℓ, Q, threshold)
 * @param outputWeight    M, the output weight used
 * @param network         θ0, the positive initialization with that M
 * @param lambdaMinGram   the certified lower bound on λ_min(XXᵀ) used
 * @param alphaLowerBound (4 λ_min(G) d_1/n) Q² (M − r)², certified
 * @param betaUpperBound  {@link FeedforwardHessianBound#upperBound}, certified
 * @param verdict         the criterion at the step {@link PlSteps#recommended}
 */
public record PositiveCertificate(FeedforwardPl.Bound bound, double outputWeight, FeedforwardNetwork network,
                                  double lambdaMinGram, double alphaLowerBound, double betaUpperBound,
                                  PlVerdict verdict) {

    public PositiveCertificate {
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** The radius r of the ball. */
    public double radius() {
        return verdict.r();
    }

    /** The certified step η. */
    public double step() {
        return verdict.eta();
    }

    /** GD from θ0 with {@link #step()} provably reaches zero training loss inside B(θ0, R). */
    public boolean certifiedConvergence() {
        return verdict.certifiedConvergence();
    }

    /** Why this is not a certified convergence guarantee (empty when it is). */
    public List<String> reasons() {
        return verdict.reasons();
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s%n  output weight M = %.6g (threshold %.6g), lambda_min(X X^T) >= %.6g%n"
                        + "  alpha >= %.6g (certified), beta <= %.6g (certified, docs/criterion.md)%n%s",
                bound.describe(), outputWeight, bound.threshold(), lambdaMinGram, alphaLowerBound, betaUpperBound,
                verdict.describe().indent(2).stripTrailing());
    }

    @Override
    public String toString() {
        return describe();
    }
}
