package org.rnntk.kernels.pl;

import java.util.Objects;

import org.rnntk.bounds.LocalPl;
import org.rnntk.core.Checks;
import org.rnntk.kernels.ntk.CholeskyBounds;
import org.rnntk.kernels.ntk.GramMatrix;

/**
 * How a certificate obtains the certified spectrum ends of a Gram G̃ = fl(J̃J̃ᵀ) (docs/theory.md §9):
 * both routes bound the spectrum of the stored Gram and then add the same allowances for forming
 * it (E_form) and for computing J (the Jacobian's rounding).
 */
public enum GramRoute {

    /** {@link #FULL_SPECTRUM} up to {@link #AUTO_THRESHOLD} rows, {@link #CHOLESKY} above. */
    AUTO,
    /**
     * Every eigenvalue (bounds {@code LocalPl.gramSpectrum(gram, p, jacobianError)}), minus the
     * eigensolver's backward error 16·N·u·‖G̃‖_F; O(N³) with a large constant.
     */
    FULL_SPECTRUM,
    /**
     * A Lanczos estimate and two certified Cholesky factorizations ({@link CholeskyBounds}), then
     * bounds {@code LocalPl.gramSpectrumFromBounds}; its λ_min and λ_max are the Lanczos estimates.
     */
    CHOLESKY;

    /** Largest N for which {@link #AUTO} takes the full spectrum. */
    public static final int AUTO_THRESHOLD = 2048;

    /** The route actually taken for an N×N Gram ({@link #AUTO} resolved; the others unchanged). */
    public GramRoute resolve(int n) {
        if (this != AUTO) {
            return this;
        }
        return n > AUTO_THRESHOLD ? CHOLESKY : FULL_SPECTRUM;
    }

    /**
     * The certified spectrum of the exact J Jᵀ.
     *
     * @param gram           G̃, square; not modified
     * @param innerDimension p, the length of J's rows, ≥ 1
     * @param jacobianError  a bound on ‖J̃ − J‖_F, ≥ 0
     */
    public LocalPl.GramSpectrum spectrum(GramMatrix gram, double innerDimension, double jacobianError) {
        Objects.requireNonNull(gram, "gram");
        checkAllowances(innerDimension, jacobianError);
        if (resolve(gram.rows()) == CHOLESKY) {
            return fromBounds(CholeskyBounds.of(gram), innerDimension, jacobianError);
        }
        return LocalPl.gramSpectrum(gram.toArray(), innerDimension, jacobianError);
    }

    /**
     * The certified spectrum of the exact J Jᵀ.
     *
     * @param gram           G̃, n×n; not modified
     * @param innerDimension p, the length of J's rows, ≥ 1
     * @param jacobianError  a bound on ‖J̃ − J‖_F, ≥ 0
     */
    public LocalPl.GramSpectrum spectrum(double[][] gram, double innerDimension, double jacobianError) {
        Objects.requireNonNull(gram, "gram");
        checkAllowances(innerDimension, jacobianError);
        if (resolve(gram.length) == CHOLESKY) {
            return fromBounds(CholeskyBounds.of(gram), innerDimension, jacobianError);
        }
        return LocalPl.gramSpectrum(gram, innerDimension, jacobianError);
    }

    /** Fails fast, before the O(N³) work, on the arguments both routes check again. */
    private static void checkAllowances(double innerDimension, double jacobianError) {
        if (!(innerDimension >= 1) || !Double.isFinite(innerDimension)) {
            throw new IllegalArgumentException("innerDimension p (" + innerDimension + ") must be finite and >= 1");
        }
        Checks.nonNegative("jacobianError", jacobianError);
    }

    private static LocalPl.GramSpectrum fromBounds(CholeskyBounds b, double innerDimension, double jacobianError) {
        return LocalPl.gramSpectrumFromBounds(b.estimate().lambdaMin(), b.estimate().lambdaMax(), b.lowerBound(),
                b.upperBound(), b.lower().allowance(), b.size(), Math.max(b.maxDiagonal(), 0.0), innerDimension,
                jacobianError);
    }
}
