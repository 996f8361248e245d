package org.rnntk.bounds;

import java.util.Locale;

/**
 * µ_T's analogue for a dense recurrent matrix W — a <b>diagnostic, not a bound</b>
 * (docs/theory.md §11). The library's µ_T = S_T(ασ1) of §6 and every bound built on it are derived
 * for diagonal W; for dense W two natural substitutes are reported side by side:
 * <ul>
 *   <li>r = ‖W‖₂σ1: the step Jacobian ∂h_t/∂h_{t−1} = diag(σ'(z_t)) W has norm at most σ1‖W‖₂, so
 *   S_T(‖W‖₂σ1) does bound the sum over k of the input sensitivities ‖∂h_t/∂x_k‖ (in units σ1‖U‖₂) —
 *   but the lemmas, widths and certificates of §7–§9 that use µ_T have not been derived for dense W;</li>
 *   <li>r = ρ(W)σ1 with ρ(W) the spectral radius: only the asymptotic growth rate of ‖W^k‖, not a
 *   bound at any finite T (‖W^k‖ can exceed ρ(W)^k by a large factor for non-normal W).</li>
 * </ul>
 *
 * @param spectralNorm     ‖W‖₂, the largest singular value
 * @param spectralRadius   ρ(W), the largest eigenvalue modulus
 * @param sigma1           σ1 of the activation
 * @param timeSteps        T
 * @param logMuTNorm       ln S_T(‖W‖₂σ1)
 * @param logMuTRadius     ln S_T(ρ(W)σ1)
 * @param regimeNorm       the side of the cutoff ‖W‖₂σ1 = 1
 * @param regimeRadius     the side of the cutoff ρ(W)σ1 = 1
 */
public record DenseMemoryDiagnostic(double spectralNorm, double spectralRadius, double sigma1, long timeSteps,
                                    double logMuTNorm, double logMuTRadius, MemoryRegime regimeNorm,
                                    MemoryRegime regimeRadius) {

    /** S_T(‖W‖₂σ1), +∞ where it overflows a double. */
    public double muTNorm() {
        return Math.exp(logMuTNorm);
    }

    /** S_T(ρ(W)σ1), +∞ where it overflows a double. */
    public double muTRadius() {
        return Math.exp(logMuTRadius);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "diagnostic (not a bound; the library's bounds are derived for diagonal W): "
                + "||W||_2 = %.6g, spectral radius = %.6g, sigma1 = %.6g, T = %d; "
                + "muT analogue S_T(||W||_2 sigma1) = %.6g (%s), S_T(rho(W) sigma1) = %.6g (%s)",
                spectralNorm, spectralRadius, sigma1, timeSteps, muTNorm(), regimeNorm, muTRadius(), regimeRadius);
    }
}
