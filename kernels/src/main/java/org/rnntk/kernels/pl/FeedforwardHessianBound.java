package org.rnntk.kernels.pl;

import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.core.feedforward.FeedforwardNetwork;

/**
 * A certified upper bound on β = sup_{θ ∈ B(θ0, r)} ‖∇²L(θ)‖ for the feedforward loss
 * L = (1/n) Σ (F(x_i) − y_i)² (docs/theory.md §9 needs one for the GD verdict; this derivation is
 * the library's, written in docs/criterion.md). Pure Java; no ND4J.
 *
 * <p>For one input x, over the ball (v = θ − θ0, ‖v‖ ≤ r), with ω_ℓ ≥ ‖W_ℓ‖_op (the operator norm
 * at θ0, bounded by min(‖W_ℓ‖_F, √(‖W_ℓ‖_1 ‖W_ℓ‖_∞)), plus r), β_ℓ ≥ ‖b_ℓ‖ (‖b_ℓ(0)‖ + r, or 0
 * without biases), ι = 1 with biases and 0 without, σ0, σ1, σ2 the activation's constants:
 * <pre>
 *   N_0 = ‖x‖,  N_ℓ ≥ ‖h_ℓ‖:        N_ℓ = min(√d_ℓ σ0, √d_ℓ |φ(0)| + σ1 (ω_ℓ N_{ℓ−1} + β_ℓ))
 *   A_0 = B_0 = 0,  A_ℓ ≥ ‖Dh_ℓ‖,  B_ℓ ≥ ‖D²h_ℓ‖  (derivatives in θ):
 *   a_ℓ = √(N_{ℓ−1}² + ι + ω_ℓ² A_{ℓ−1}²),   b_ℓ = A_{ℓ−1} + ω_ℓ B_{ℓ−1}      (bounds for z_ℓ)
 *   A_ℓ = σ1 a_ℓ,   B_ℓ = σ2 a_ℓ² + σ1 b_ℓ
 *   ‖∇F‖ ≤ a_L,   ‖∇²F‖ ≤ b_L,   |F| ≤ ω_L N_{L−1} + β_L
 *   β ≤ (2/n) Σ_i ( a_L(x_i)² + (|F|_max(x_i) + |y_i|) b_L(x_i) )
 * </pre>
 * a_ℓ: Dz_ℓ[v] = V_ℓ h_{ℓ−1} + v_{b_ℓ} + W_ℓ Dh_{ℓ−1}[v] and Cauchy–Schwarz over the blocks of v;
 * b_ℓ: D²z_ℓ[v, v] = 2V_ℓ Dh_{ℓ−1}[v] + W_ℓ D²h_{ℓ−1}[v, v] and 2‖v_ℓ‖‖v_{&lt;ℓ}‖ ≤ ‖v‖²;
 * D²h = φ''(z)∘(Dz)² + φ'(z)∘D²z and ‖u∘u‖_2 ≤ ‖u‖_2². Finally
 * ∇²L = (2/n) Σ (∇F_i ∇F_iᵀ + r_i ∇²F_i). The result is multiplied by 1 + {@value #ROUNDING_SLACK}
 * to cover floating-point rounding in its own evaluation.
 */
public final class FeedforwardHessianBound {

    /** Relative slack for rounding in the evaluation of the bound. */
    static final double ROUNDING_SLACK = 1e-10;

    private FeedforwardHessianBound() {
    }

    /**
     * @param network θ0
     * @param data    the data
     * @param r       the radius &gt; 0
     * @return an upper bound on sup over B(θ0, r) of ‖∇²L‖ (finite, may be large)
     */
    public static double upperBound(FeedforwardNetwork network, FeedforwardData data, double r) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        Checks.positive("radius r", r);
        FeedforwardConfig cfg = network.config();
        data.requireInputDim(cfg.inputDim());
        int layers = cfg.depth();
        FeedforwardActivation phi = cfg.activation();
        double s0 = phi.sigma0();
        double s1 = phi.sigma1();
        double s2 = phi.sigma2();
        double phi0 = Math.abs(phi.valueAtZero());
        double iota = cfg.biases() ? 1.0 : 0.0;
        double[] omega = new double[layers + 1];
        double[] bias = new double[layers + 1];
        for (int l = 1; l <= layers; l++) {
            omega[l] = operatorNormBound(network, l) + r;
            bias[l] = cfg.biases() ? biasNorm(network, l) + r : 0.0;
        }
        double total = 0;
        for (int i = 0; i < data.n(); i++) {
            double norm = 0;
            for (int k = 0; k < cfg.inputDim(); k++) {
                norm += data.input(i, k) * data.input(i, k);
            }
            double nPrev = Math.sqrt(norm);
            double aPrev = 0;
            double bPrev = 0;
            for (int l = 1; l < layers; l++) {
                double az = Math.sqrt(nPrev * nPrev + iota + omega[l] * omega[l] * aPrev * aPrev);
                double bz = aPrev + omega[l] * bPrev;
                double sqrtD = Math.sqrt(cfg.width(l));
                nPrev = Math.min(sqrtD * s0, sqrtD * phi0 + s1 * (omega[l] * nPrev + bias[l]));
                aPrev = s1 * az;
                bPrev = s2 * az * az + s1 * bz;
            }
            double grad = Math.sqrt(nPrev * nPrev + iota + omega[layers] * omega[layers] * aPrev * aPrev);
            double hess = aPrev + omega[layers] * bPrev;
            double fMax = omega[layers] * nPrev + bias[layers];
            total += grad * grad + (fMax + Math.abs(data.target(i))) * hess;
        }
        double beta = 2.0 * total / data.n() * (1.0 + ROUNDING_SLACK);
        return Checks.finite("beta upper bound", beta);
    }

    /** min(‖W‖_F, √(‖W‖_1 ‖W‖_∞)) ≥ ‖W‖_op at θ0. */
    static double operatorNormBound(FeedforwardNetwork network, int layer) {
        FeedforwardConfig cfg = network.config();
        int rows = cfg.width(layer);
        int cols = cfg.width(layer - 1);
        double fro = 0;
        double maxRow = 0;
        double[] colSums = new double[cols];
        for (int i = 0; i < rows; i++) {
            double row = 0;
            for (int j = 0; j < cols; j++) {
                double w = network.weight(layer, i, j);
                fro += w * w;
                row += Math.abs(w);
                colSums[j] += Math.abs(w);
            }
            maxRow = Math.max(maxRow, row);
        }
        double maxCol = 0;
        for (double c : colSums) {
            maxCol = Math.max(maxCol, c);
        }
        return Math.min(Math.sqrt(fro), Math.sqrt(maxRow * maxCol));
    }

    private static double biasNorm(FeedforwardNetwork network, int layer) {
        double s = 0;
        for (int i = 0; i < network.config().width(layer); i++) {
            double b = network.bias(layer, i);
            s += b * b;
        }
        return Math.sqrt(s);
    }
}
