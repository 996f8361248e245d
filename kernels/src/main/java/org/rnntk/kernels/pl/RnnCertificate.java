package org.rnntk.kernels.pl;

import java.util.List;
import java.util.Objects;

import org.rnntk.bounds.LocalPl;
import org.rnntk.bounds.RnnPlVerdict;

/**
 * The certified local-PL verdict for the diagonal RNN at its symmetric initialization
 * (docs/theory.md §9), with the Gram spectrum it was built from.
 *
 * @param verdict  bounds {@code RnnPl.certify}: radius, α and β bounds, step, rate, width to pass, reasons
 * @param spectrum λ_min, λ_max of the empirical NTK Gram J0 J0ᵀ (computed, or Lanczos estimates on the
 *                 Cholesky route of {@link GramRoute}) and the certified λ_min and λ_max
 * @param x0       Θ0 = (w, U) flat, the point the verdict is about (copied in and out)
 */
public record RnnCertificate(RnnPlVerdict verdict, LocalPl.GramSpectrum spectrum, double[] x0) {

    public RnnCertificate {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(spectrum, "spectrum");
        x0 = x0.clone();
    }

    @Override
    public double[] x0() {
        return x0.clone();
    }

    /** GD from Θ0 with {@link #step()} provably reaches zero training loss. */
    public boolean certifiedConvergence() {
        return verdict.certifiedConvergence();
    }

    /** The step η of the verdict. */
    public double step() {
        return verdict.verdict().eta();
    }

    /** The per-step contraction 1 − αη(1 − βη/2) of the loss. */
    public double contraction() {
        return verdict.verdict().gdContraction();
    }

    /** The radius R that GD provably stays in. */
    public double gdRadius() {
        return verdict.verdict().gdRadius();
    }

    /** The smallest width at which the flow criterion would pass with the same λ_min (an estimate). */
    public double widthToPass() {
        return verdict.widthToPass();
    }

    /** Why this is not certified (empty when it is). */
    public List<String> reasons() {
        return verdict.reasons();
    }

    @Override
    public String toString() {
        return verdict.describe();
    }
}
