package org.rnntk.core;

/**
 * The three constants of a C² activation σ that every bound uses (docs/theory.md §1):
 * σ0 = sup|σ|, σ1 = sup|σ'| (the Lipschitz constant, which sets the memory cutoff ασ1 = 1) and
 * σ2 = sup|σ''|.
 *
 * @param sigma0 sup over R of |σ(z)|, finite and &gt; 0
 * @param sigma1 sup over R of |σ'(z)|, finite and &gt; 0
 * @param sigma2 sup over R of |σ''(z)|, finite and &ge; 0
 */
public record ActivationConstants(double sigma0, double sigma1, double sigma2) {

    public ActivationConstants {
        Checks.positive("sigma0", sigma0);
        Checks.positive("sigma1", sigma1);
        Checks.nonNegative("sigma2", sigma2);
    }

    /** tanh: (1, 1, 4/(3√3)); the second-derivative maximum is at tanh(z) = ±1/√3. */
    public static final ActivationConstants TANH = new ActivationConstants(1.0, 1.0, 4.0 / (3.0 * Math.sqrt(3.0)));

    /** Logistic sigmoid: (1, 1/4, 1/(6√3)); |σ''| peaks where σ = (3 ± √3)/6. */
    public static final ActivationConstants SIGMOID = new ActivationConstants(1.0, 0.25, 1.0 / (6.0 * Math.sqrt(3.0)));
}
