package org.rnntk.experiments;

import java.util.Locale;

import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;

/**
 * Activations outside the theory, for the non-smooth experiment: ReLU and softplus with sharpness
 * β, softplus_β(z) = log(1 + e^{βz})/β, a C^∞ bridge to ReLU (0 ≤ softplus_β − ReLU ≤ log 2/β).
 * Both train and have an empirical NTK (σ and σ' are all the kernels use); neither has the finite
 * constants the bounds need (docs/theory.md §1), so {@link Activation#constants()} throws with
 * the reason, through {@link ActivationConstants}'s own validation. Pure functions, thread-safe.
 */
public final class NonSmoothActivations {

    private NonSmoothActivations() {
    }

    /** max(z, 0), with σ'(0) = 0 (a measure-zero choice: pre-activations are never exactly 0 here). */
    public static Activation relu() {
        return Relu.INSTANCE;
    }

    /** softplus_β for β &gt; 0: σ1 = 1, σ2 = β/4, σ0 = ∞. */
    public static Activation softplus(double beta) {
        return new Softplus(beta);
    }

    /** β of a softplus of this class; NaN for any other activation. */
    static double softplusBeta(Activation activation) {
        return activation instanceof Softplus s ? s.beta : Double.NaN;
    }

    /** Whether {@code activation} is this class's ReLU. */
    static boolean isRelu(Activation activation) {
        return activation instanceof Relu;
    }

    /** ActivationConstants for (σ0, σ1, σ2), rethrowing its refusal with the activation's reason. */
    static ActivationConstants refuse(String name, double sigma0, double sigma1, double sigma2, String reason) {
        try {
            return new ActivationConstants(sigma0, sigma1, sigma2);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " has no bound constants: " + reason
                    + "; the bounds need sigma in C^2 with finite sigma0, sigma1, sigma2 (docs/theory.md section 1): "
                    + e.getMessage(), e);
        }
    }

    private static final class Relu implements Activation {
        static final Relu INSTANCE = new Relu();

        @Override
        public String name() {
            return "relu";
        }

        @Override
        public double value(double z) {
            return z > 0 ? z : 0.0;
        }

        @Override
        public double derivative(double z) {
            return z > 0 ? 1.0 : 0.0;
        }

        /** 0 away from z = 0; at 0 σ'' is a Dirac mass, which no double represents. */
        @Override
        public double secondDerivative(double z) {
            return 0.0;
        }

        @Override
        public boolean hasDerivativeFromValue() {
            return true;
        }

        /** h > 0 exactly when z > 0. */
        @Override
        public double derivativeFromValue(double h) {
            return h > 0 ? 1.0 : 0.0;
        }

        @Override
        public ActivationConstants constants() {
            return refuse("relu", Double.POSITIVE_INFINITY, 1.0, Double.POSITIVE_INFINITY,
                    "sup|sigma| is infinite and sigma is not C^2 (sigma'' is a Dirac mass at 0)");
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private static final class Softplus implements Activation {
        private final double beta;

        Softplus(double beta) {
            if (!(beta > 0) || !Double.isFinite(beta)) {
                throw new IllegalArgumentException("softplus sharpness beta (" + beta + ") must be finite and > 0");
            }
            this.beta = beta;
        }

        @Override
        public String name() {
            return "softplus" + Experiments.fmt(beta);
        }

        /** Stable in both tails: z + log1p(e^{−βz})/β for z &gt; 0. */
        @Override
        public double value(double z) {
            double b = beta * z;
            return b > 0 ? z + Math.log1p(Math.exp(-b)) / beta : Math.log1p(Math.exp(b)) / beta;
        }

        /** The logistic function of βz. */
        @Override
        public double derivative(double z) {
            double b = beta * z;
            return b >= 0 ? 1.0 / (1.0 + Math.exp(-b)) : Math.exp(b) / (1.0 + Math.exp(b));
        }

        @Override
        public double secondDerivative(double z) {
            double s = derivative(z);
            return beta * s * (1 - s);
        }

        @Override
        public ActivationConstants constants() {
            return refuse(name(), Double.POSITIVE_INFINITY, 1.0, beta / 4,
                    String.format(Locale.ROOT, "sup|sigma| is infinite (softplus grows like z); sigma1 = 1 and"
                            + " sigma2 = beta/4 = %s are finite", Experiments.fmt(beta / 4)));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Softplus s && s.beta == beta;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(beta);
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
