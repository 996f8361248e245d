package org.rnntk.kernels.pl;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.Certification;
import org.rnntk.bounds.FeedforwardPl;
import org.rnntk.bounds.LocalPl;
import org.rnntk.bounds.PlVerdict;
import org.rnntk.core.Checks;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.core.feedforward.FeedforwardInitializers;
import org.rnntk.core.feedforward.FeedforwardNetwork;

/**
 * Certified local-PL verdicts for feedforward networks at Chatterjee's positive initialization
 * (docs/theory.md §9; docs/criterion.md): W_1 = 0, hidden weights c_ℓ, output weights M, biases 0,
 * φ(0) = 0. The α lower bound is bounds {@code FeedforwardPl} with the certified λ_min(XXᵀ) of
 * {@link GramRoute#AUTO} (bounds {@code LocalPl.gramSpectrum}, Cholesky bounds above
 * {@link GramRoute#AUTO_THRESHOLD} samples); the β upper bound is {@link FeedforwardHessianBound}; the step is
 * {@link PlSteps#recommended}.
 *
 * <p>Hypotheses, each checked: φ(0) = 0 (tanh or a centred variant); linearly independent inputs,
 * so d ≥ n and λ_min(XXᵀ) &gt; 0 (otherwise the verdict is not certified and says why, and no
 * finite threshold on M exists); c_ℓ &gt; r. With biases, the first-layer bias also moves inside
 * the ball, so Z_1 is computed with max_i √(‖x_i‖² + 1) in place of max_i ‖x_i‖ (bounds'
 * {@code FeedforwardPl} takes Z_1 = r max‖x_i‖, which covers W_1 only).
 */
public final class FeedforwardCertificates {

    private FeedforwardCertificates() {
    }

    /**
     * The first-layer bound of bounds {@code FeedforwardPl} for this configuration and data.
     *
     * @param hiddenWeights c_2..c_{L−1}, each &gt; r; not modified
     * @param r             the radius &gt; 0
     * @throws IllegalArgumentException when φ(0) ≠ 0 or c_ℓ ≤ r
     */
    public static FeedforwardPl.Bound bound(FeedforwardConfig config, FeedforwardData data, double[] hiddenWeights,
                                            double r) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(data, "data");
        data.requireInputDim(config.inputDim());
        FeedforwardActivation phi = config.activation();
        if (phi.valueAtZero() != 0.0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the certified positive-initialization bound"
                    + " needs phi(0) = 0, but %s has phi(0) = %.6g; use tanh, sigmoid_centred or softplus_centred"
                    + " (PlEstimator still gives an estimated verdict)", phi.label(), phi.valueAtZero()));
        }
        // G = XXᵀ formed in floating point from the exact inputs: inner products of length d.
        LocalPl.GramSpectrum spec = GramRoute.AUTO.spectrum(data.inputGram(), data.inputDim(), 0.0);
        double maxNorm = config.biases() ? maxAugmentedNorm(data) : data.maxInputNorm();
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("every input x_i is 0: max |x_i| (" + maxNorm + ") must be > 0");
        }
        return FeedforwardPl.positiveInit(new FeedforwardPl.Problem(phi::value, phi::derivative,
                config.hiddenWidths(), hiddenWeights, r, maxNorm, spec.certifiedLambdaMin(), Certification.CERTIFIED,
                data.n(), data.inputDim(), data.meanSquareTarget()));
    }

    /**
     * The radius in [rMax·1e−6, rMax] that minimizes the output-weight threshold
     * r + √(n f0/(λ_min(G) d_1))/(rQ(r)) (1-D search of bounds {@code LocalPl.maximizeMargin}).
     *
     * @param rMax the largest radius &gt; 0; must be &lt; every c_ℓ
     */
    public static double bestRadius(FeedforwardConfig config, FeedforwardData data, double[] hiddenWeights,
                                    double rMax) {
        Checks.positive("rMax", rMax);
        for (int i = 0; i < hiddenWeights.length; i++) {
            if (!(hiddenWeights[i] > rMax)) {
                throw new IllegalArgumentException("rMax (" + rMax + ") must be < every hidden weight, but c_"
                        + (i + 2) + " = " + hiddenWeights[i]);
            }
        }
        bound(config, data, hiddenWeights, rMax); // validates once, with the messages of FeedforwardPl
        return LocalPl.maximizeMargin(r -> {
            try {
                return -bound(config, data, hiddenWeights, r).threshold();
            } catch (IllegalArgumentException overflow) {
                return Double.NEGATIVE_INFINITY; // Z_ℓ overflowed at this r: no finite threshold there
            }
        }, rMax * 1e-6, rMax).r();
    }

    /**
     * The positive initialization with M = factor × threshold and its certified verdict.
     *
     * @param factor &gt; 1 (at factor 1 the flow margin is 0 and nothing is certified)
     * @throws IllegalArgumentException when no finite threshold exists (d &lt; n, singular XXᵀ), with the reasons
     */
    public static PositiveCertificate atThreshold(FeedforwardConfig config, FeedforwardData data,
                                                  double[] hiddenWeights, double r, double factor) {
        if (!(factor > 1) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("threshold factor (" + factor + ") must be finite and > 1: at M ="
                    + " threshold the margin 4 f0 < r^2 alpha is exactly 0");
        }
        FeedforwardPl.Bound b = bound(config, data, hiddenWeights, r);
        if (!Double.isFinite(b.threshold())) {
            throw new IllegalArgumentException("no certified output weight M exists: " + b.reasons());
        }
        return certify(config, data, hiddenWeights, r, factor * b.threshold());
    }

    /**
     * The positive initialization with a given output weight M and its verdict (certified when the
     * hypotheses hold and the margin is positive; otherwise the reasons say why not).
     *
     * @param outputWeight M &gt; r
     */
    public static PositiveCertificate certify(FeedforwardConfig config, FeedforwardData data, double[] hiddenWeights,
                                              double r, double outputWeight) {
        FeedforwardPl.Bound b = bound(config, data, hiddenWeights, r);
        FeedforwardNetwork net = FeedforwardInitializers.positive(hiddenWeights, outputWeight).initialize(config);
        double alpha = b.alphaLowerBound(outputWeight);
        double beta = FeedforwardHessianBound.upperBound(net, data, r);
        double eta = PlSteps.recommended(data.meanSquareTarget(), r, alpha, beta);
        PlVerdict v = b.verdict(outputWeight, beta, Certification.CERTIFIED, eta);
        return new PositiveCertificate(b, outputWeight, net, b.problem().lambdaMinG(), alpha, beta, v);
    }

    private static double maxAugmentedNorm(FeedforwardData data) {
        double m = data.maxInputNorm();
        return Math.sqrt(m * m + 1.0);
    }
}
