package org.rnntk.kernels.pl;

import java.util.Objects;

import org.rnntk.bounds.Certification;
import org.rnntk.bounds.LocalPl;
import org.rnntk.core.Checks;
import org.rnntk.kernels.ntk.GramMatrix;

/**
 * Where a certificate takes the spectrum ends of the empirical NTK Gram from (docs/theory.md §9):
 * a Gram computed here or elsewhere (e.g. assembled from a distributed Gram's tiles) with certified
 * bounds ({@link #certified}), or estimates from a matrix-free eigensolver ({@link #estimate}), with
 * which a verdict is never {@link Certification#CERTIFIED}.
 *
 * <p>Threads: the implementations here keep no mutable state.
 */
@FunctionalInterface
public interface GramSpectrumSource {

    /**
     * The spectrum ends of the exact J Jᵀ for the certificate.
     *
     * @param innerDimension p, the length of J's rows
     * @param jacobianError  a bound on ‖J̃ − J‖_F
     */
    Sourced spectrum(double innerDimension, double jacobianError);

    /**
     * Spectrum ends and their provenance.
     *
     * @param spectrum      for {@link Certification#CERTIFIED}: certified bounds in
     *                      {@code certifiedLambdaMin/Max}; for {@link Certification#ESTIMATE}: the estimates in
     *                      {@code lambdaMin/lambdaMax}, and the trivial bounds −∞ and +∞ as the certified ones
     * @param certification whether the bounds are certified
     */
    record Sourced(LocalPl.GramSpectrum spectrum, Certification certification) {
        public Sourced {
            Objects.requireNonNull(spectrum, "spectrum");
            Objects.requireNonNull(certification, "certification");
        }
    }

    /**
     * Certified bounds on the spectrum of {@code gram}, the stored Gram of the certificate's model, data
     * and loss, by {@code route}; the allowances for forming it and for computing J are added as for a
     * Gram computed here (they bound any summation order of its entries).
     */
    static GramSpectrumSource certified(GramMatrix gram, GramRoute route) {
        Objects.requireNonNull(gram, "gram");
        Objects.requireNonNull(route, "route");
        return (p, jacobianError) -> new Sourced(route.spectrum(gram, p, jacobianError), Certification.CERTIFIED);
    }

    /**
     * Estimates of λ_min and λ_max of the Gram (e.g. Lanczos Ritz values, which lie inside the
     * spectrum, so λ_min's is an over-estimate): the verdict built on them is an
     * {@link Certification#ESTIMATE} and says so in its reasons.
     *
     * @throws IllegalArgumentException unless both are finite and lambdaMin ≤ lambdaMax
     */
    static GramSpectrumSource estimate(double lambdaMin, double lambdaMax) {
        Checks.finite("lambdaMin estimate", lambdaMin);
        Checks.finite("lambdaMax estimate", lambdaMax);
        if (!(lambdaMin <= lambdaMax)) {
            throw new IllegalArgumentException("lambdaMin estimate (" + lambdaMin + ") must be <= lambdaMax estimate ("
                    + lambdaMax + ")");
        }
        return (p, jacobianError) -> new Sourced(new LocalPl.GramSpectrum(lambdaMin, lambdaMax, 0.0, jacobianError,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), Certification.ESTIMATE);
    }
}
