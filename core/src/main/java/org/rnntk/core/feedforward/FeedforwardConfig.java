package org.rnntk.core.feedforward;

import java.util.Arrays;
import java.util.Objects;

import org.rnntk.core.Checks;

/**
 * The architecture of a fully connected network with scalar output (docs/theory.md §9):
 * <pre>
 *   h_0 = x ∈ R^d,   h_ℓ = φ(W_ℓ h_{ℓ−1} + b_ℓ)  (ℓ = 1..L−1, W_ℓ ∈ R^{d_ℓ×d_{ℓ−1}}),
 *   F(x) = w_Lᵀ h_{L−1} + b_L
 * </pre>
 * of depth L ≥ 2 (at least one hidden layer), hidden widths d_1..d_{L−1} and optional biases.
 *
 * <p>Parameter layout of the flat vector θ (see {@link #weightOffset(int)}): layer by layer,
 * ℓ = 1..L, first W_ℓ row-major (entry (i, j) at {@code weightOffset(ℓ) + i·d_{ℓ−1} + j}), then b_ℓ
 * (when biases are on). The output layer has d_L = 1.
 *
 * @param inputDim     d ≥ 1
 * @param hiddenWidths d_1..d_{L−1}, each ≥ 1, at least one; copied in and out
 * @param activation   φ
 * @param biases       whether b_1..b_L are parameters (when false they are absent, i.e. fixed at 0)
 */
public record FeedforwardConfig(int inputDim, int[] hiddenWidths, FeedforwardActivation activation, boolean biases) {

    public FeedforwardConfig {
        Checks.positive("input dimension d", inputDim);
        Objects.requireNonNull(hiddenWidths, "hiddenWidths");
        Objects.requireNonNull(activation, "activation");
        if (hiddenWidths.length < 1) {
            throw new IllegalArgumentException("hiddenWidths is empty but depth L >= 2 needs at least one hidden"
                    + " layer d_1");
        }
        hiddenWidths = hiddenWidths.clone();
        for (int i = 0; i < hiddenWidths.length; i++) {
            Checks.positive("hiddenWidths[" + i + "] (d_" + (i + 1) + ")", hiddenWidths[i]);
        }
        long p = 0;
        int prev = inputDim;
        for (int i = 0; i <= hiddenWidths.length; i++) {
            int out = i < hiddenWidths.length ? hiddenWidths[i] : 1;
            p += (long) out * prev + (biases ? out : 0);
            prev = out;
        }
        if (p > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter count (" + p + ") exceeds what a Java array can hold");
        }
    }

    @Override
    public int[] hiddenWidths() {
        return hiddenWidths.clone();
    }

    /** L = number of hidden layers + 1. */
    public int depth() {
        return hiddenWidths.length + 1;
    }

    /** d_ℓ for ℓ = 0..L (d_0 = d, d_L = 1). */
    public int width(int layer) {
        if (layer < 0 || layer > depth()) {
            throw new IllegalArgumentException("layer (" + layer + ") must lie in [0, L = " + depth() + "]");
        }
        return layer == 0 ? inputDim : layer == depth() ? 1 : hiddenWidths[layer - 1];
    }

    /** Offset of W_ℓ in θ, ℓ = 1..L. */
    public int weightOffset(int layer) {
        if (layer < 1 || layer > depth()) {
            throw new IllegalArgumentException("layer (" + layer + ") must lie in [1, L = " + depth() + "]");
        }
        int off = 0;
        for (int l = 1; l < layer; l++) {
            off += width(l) * width(l - 1) + (biases ? width(l) : 0);
        }
        return off;
    }

    /** Offset of b_ℓ in θ, ℓ = 1..L. */
    public int biasOffset(int layer) {
        if (!biases) {
            throw new IllegalStateException("this configuration has no biases");
        }
        return weightOffset(layer) + width(layer) * width(layer - 1);
    }

    /** p, the number of parameters. */
    public int parameterCount() {
        return weightOffset(depth()) + width(depth() - 1) + (biases ? 1 : 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedforwardConfig other && inputDim == other.inputDim && biases == other.biases
                && activation == other.activation && Arrays.equals(hiddenWidths, other.hiddenWidths);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputDim, Arrays.hashCode(hiddenWidths), activation, biases);
    }

    @Override
    public String toString() {
        return "FeedforwardConfig[d=" + inputDim + ", hidden=" + Arrays.toString(hiddenWidths) + ", activation="
                + activation.label() + ", biases=" + biases + ", p=" + parameterCount() + "]";
    }
}
