package org.rnntk.core.feedforward;

import java.util.Locale;

/**
 * The smooth, strictly increasing activations of the feedforward networks of Chatterjee's criterion
 * (docs/theory.md §9), with their constants σ0 = sup|φ|, σ1 = sup φ' and σ2 = sup|φ''| over R.
 *
 * <pre>
 *   TANH              φ = tanh                     (σ0, σ1, σ2) = (1, 1, 4/(3√3))     φ(0) = 0
 *   SIGMOID           φ = 1/(1 + e^{−z})           (1, 1/4, 1/(6√3))                  φ(0) = 1/2
 *   SIGMOID_CENTRED   φ = 1/(1 + e^{−z}) − 1/2     (1/2, 1/4, 1/(6√3))                φ(0) = 0
 *   SOFTPLUS          φ = log(1 + e^z)             (+∞, 1, 1/4)                       φ(0) = log 2
 *   SOFTPLUS_CENTRED  φ = log(1 + e^z) − log 2     (+∞, 1, 1/4)                       φ(0) = 0
 * </pre>
 * Softplus: φ' = 1/(1 + e^{−z}) ∈ (0, 1), φ'' = φ'(1 − φ') ≤ 1/4 (at z = 0); it is unbounded, so σ0 = +∞.
 *
 * <p>ReLU is not offered: it is neither differentiable at 0 nor strictly increasing on (−∞, 0], and
 * the criterion's first-layer bound needs min φ' &gt; 0 on the reachable pre-activations. The
 * certified first-layer bound (bounds {@code FeedforwardPl}) needs φ(0) = 0: use tanh or a centred
 * variant; with SIGMOID or SOFTPLUS the positive initialization cancels the constant output with an
 * output bias, and only estimated verdicts are available.
 */
public enum FeedforwardActivation {

    TANH("tanh", 1.0, 1.0, 4.0 / (3.0 * Math.sqrt(3.0))) {
        @Override
        public double value(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivative(double z) {
            double h = Math.tanh(z);
            return 1.0 - h * h;
        }

        @Override
        public double secondDerivative(double z) {
            double h = Math.tanh(z);
            return -2.0 * h * (1.0 - h * h);
        }
    },

    SIGMOID("sigmoid", 1.0, 0.25, 1.0 / (6.0 * Math.sqrt(3.0))) {
        @Override
        public double value(double z) {
            return logistic(z);
        }

        @Override
        public double derivative(double z) {
            double s = logistic(z);
            return s * (1.0 - s);
        }

        @Override
        public double secondDerivative(double z) {
            double s = logistic(z);
            return s * (1.0 - s) * (1.0 - 2.0 * s);
        }
    },

    SIGMOID_CENTRED("sigmoid_centred", 0.5, 0.25, 1.0 / (6.0 * Math.sqrt(3.0))) {
        @Override
        public double value(double z) {
            // σ(z) − 1/2 = tanh(z/2)/2, without the cancellation near 0.
            return 0.5 * Math.tanh(0.5 * z);
        }

        @Override
        public double derivative(double z) {
            double s = logistic(z);
            return s * (1.0 - s);
        }

        @Override
        public double secondDerivative(double z) {
            double s = logistic(z);
            return s * (1.0 - s) * (1.0 - 2.0 * s);
        }
    },

    SOFTPLUS("softplus", Double.POSITIVE_INFINITY, 1.0, 0.25) {
        @Override
        public double value(double z) {
            return softplus(z);
        }

        @Override
        public double derivative(double z) {
            return logistic(z);
        }

        @Override
        public double secondDerivative(double z) {
            double s = logistic(z);
            return s * (1.0 - s);
        }
    },

    SOFTPLUS_CENTRED("softplus_centred", Double.POSITIVE_INFINITY, 1.0, 0.25) {
        @Override
        public double value(double z) {
            return softplus(z) - LN2;
        }

        @Override
        public double derivative(double z) {
            return logistic(z);
        }

        @Override
        public double secondDerivative(double z) {
            double s = logistic(z);
            return s * (1.0 - s);
        }
    };

    private static final double LN2 = Math.log(2.0);

    private final String label;
    private final double sigma0;
    private final double sigma1;
    private final double sigma2;

    FeedforwardActivation(String label, double sigma0, double sigma1, double sigma2) {
        this.label = label;
        this.sigma0 = sigma0;
        this.sigma1 = sigma1;
        this.sigma2 = sigma2;
    }

    /** φ(z). */
    public abstract double value(double z);

    /** φ'(z) &gt; 0. */
    public abstract double derivative(double z);

    /** φ''(z). */
    public abstract double secondDerivative(double z);

    /** The lowercase name used by {@link #byName(String)}. */
    public String label() {
        return label;
    }

    /** σ0 = sup|φ| over R (+∞ for the softplus variants). */
    public double sigma0() {
        return sigma0;
    }

    /** σ1 = sup φ' over R, the Lipschitz constant. */
    public double sigma1() {
        return sigma1;
    }

    /** σ2 = sup|φ''| over R. */
    public double sigma2() {
        return sigma2;
    }

    /** φ(0); the certified positive-initialization bound needs 0. */
    public double valueAtZero() {
        return value(0.0);
    }

    /**
     * Looks an activation up by its label (case-insensitive).
     *
     * @throws IllegalArgumentException for ReLU (with the reason) and for unknown names
     */
    public static FeedforwardActivation byName(String name) {
        String key = name == null ? "null" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("relu") || key.equals("leaky_relu")) {
            throw new IllegalArgumentException("activation '" + name + "' is rejected: the local PL criterion"
                    + " (docs/theory.md section 9) needs a smooth, strictly increasing phi (ReLU is not differentiable"
                    + " at 0 and has phi' = 0 on (-inf, 0), so the first-layer bound min phi' > 0 fails);"
                    + " use tanh, sigmoid_centred or softplus_centred");
        }
        for (FeedforwardActivation a : values()) {
            if (a.label.equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("activation '" + name + "' is unknown; expected one of: tanh, sigmoid,"
                + " sigmoid_centred, softplus, softplus_centred");
    }

    private static double logistic(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    private static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }
}
