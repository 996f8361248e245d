package org.rnntk.core;

/**
 * The law of the block A of the mirrored dense initialization W(0) = diag(A, A), A ∈ R^{h×h},
 * h = m/2, for a target spectral radius ρ (docs/theory.md §11).
 */
public enum DenseLaw {
    /**
     * A_{ik} ~ N(0, ρ²/h) independently. By the circular law the spectral radius of A tends to ρ as
     * h grows (it is random at finite h), while ‖A‖₂ tends to 2ρ.
     */
    GAUSSIAN,
    /**
     * A = ρ Q with Q Haar-distributed orthogonal (the Q factor of a Gaussian matrix, its columns'
     * signs fixed so that R has a positive diagonal). Every eigenvalue of A has modulus ρ and
     * ‖A‖₂ = ρ exactly (up to rounding).
     */
    ORTHOGONAL
}
