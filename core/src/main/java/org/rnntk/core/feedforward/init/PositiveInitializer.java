package org.rnntk.core.feedforward.init;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardInitializer;
import org.rnntk.core.feedforward.FeedforwardNetwork;

/**
 * Chatterjee's "positive" initialization (docs/theory.md §9): W_1 = 0, every entry of W_ℓ equal to
 * c_ℓ &gt; 0 for ℓ = 2..L−1, every output weight equal to M &gt; 0, all biases 0.
 *
 * <p>At W_1 = 0 every input gives the same hidden states: h_1 = φ(0)·1 and
 * h_ℓ = φ(c_ℓ d_{ℓ−1} h_{ℓ−1,1})·1, so F(x) = M d_{L−1} h_{L−1,1} for every x. With φ(0) = 0 (tanh,
 * centred variants) this is 0 and L(θ0) = (1/n) Σ y_i² does not depend on M. With φ(0) ≠ 0 the
 * output bias is set to b_L = −M d_{L−1} h_{L−1,1} so that F(θ0) = 0 again; that needs biases, and
 * without them the initializer refuses (the initial loss would grow like M²).
 *
 * @param hiddenWeights c_2..c_{L−1}, each finite and &gt; 0; copied in and out
 * @param outputWeight  M, finite and &gt; 0
 */
public record PositiveInitializer(double[] hiddenWeights, double outputWeight) implements FeedforwardInitializer {

    public PositiveInitializer {
        Objects.requireNonNull(hiddenWeights, "hiddenWeights");
        hiddenWeights = hiddenWeights.clone();
        for (int i = 0; i < hiddenWeights.length; i++) {
            Checks.positive("hiddenWeights[" + i + "] (c_" + (i + 2) + ")", hiddenWeights[i]);
        }
        Checks.positive("output weight M", outputWeight);
    }

    @Override
    public double[] hiddenWeights() {
        return hiddenWeights.clone();
    }

    @Override
    public FeedforwardNetwork initialize(FeedforwardConfig config) {
        Objects.requireNonNull(config, "config");
        int layers = config.depth();
        if (hiddenWeights.length != layers - 2) {
            throw new IllegalArgumentException("hiddenWeights has length " + hiddenWeights.length + " but depth L = "
                    + layers + " needs c_2..c_{L-1}: length " + (layers - 2));
        }
        FeedforwardActivation phi = config.activation();
        double phi0 = phi.valueAtZero();
        if (phi0 != 0.0 && !config.biases()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the positive initialization with %s"
                    + " (phi(0) = %.6g != 0) needs an output bias to cancel the constant output M d_{L-1} h; the"
                    + " configuration has no biases, so the initial loss would grow like M^2 (use a centred"
                    + " activation or enable biases)", phi.label(), phi0));
        }
        double[] theta = new double[config.parameterCount()];
        double h = phi0;
        for (int l = 2; l < layers; l++) {
            double c = hiddenWeights[l - 2];
            int off = config.weightOffset(l);
            int count = config.width(l) * config.width(l - 1);
            for (int k = 0; k < count; k++) {
                theta[off + k] = c;
            }
            h = phi.value(c * config.width(l - 1) * h);
        }
        int out = config.weightOffset(layers);
        int last = config.width(layers - 1);
        for (int k = 0; k < last; k++) {
            theta[out + k] = outputWeight;
        }
        if (phi0 != 0.0) {
            theta[config.biasOffset(layers)] = -outputWeight * last * h;
        }
        return new FeedforwardNetwork(config, theta);
    }

    @Override
    public String toString() {
        return "PositiveInitializer[c=" + java.util.Arrays.toString(hiddenWeights) + ", M=" + outputWeight + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PositiveInitializer other && outputWeight == other.outputWeight
                && java.util.Arrays.equals(hiddenWeights, other.hiddenWeights);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(hiddenWeights) + Double.hashCode(outputWeight);
    }
}
