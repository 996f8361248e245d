package org.rnntk.core.data;

import java.util.Objects;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Drift;

/**
 * A symmetric initialization Θ(0) and the finite-width image Θ̄ of a reference-class function
 * (docs/theory.md §8): w̄_i = w_i(0) + c_i v_w(θ_i(0))/√m, ū_i = u_i(0) + c_i v_u(θ_i(0))/√m. Its
 * linearization F(Θ0) + ⟨∇F(Θ0), Θ̄ − Θ0⟩ = (1/m) Σ_i [v_w a_t^i + ⟨v_u, b_t^i⟩] is the Monte-Carlo
 * estimate of f_t over the m initial neurons, and its per-neuron drift is at most (ν̄_w, ν̄_u), so
 * Θ̄ ∈ Ω whenever ρ_w ≥ ν̄_w and ρ_u ≥ ν̄_u.
 *
 * @param initial Θ(0)
 * @param image   Θ̄ (same σ, c and shape)
 */
public record FiniteWidthImage(DiagonalRnn initial, DiagonalRnn image) {

    public FiniteWidthImage {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(image, "image");
        if (initial.width() != image.width() || initial.inputDim() != image.inputDim()) {
            throw new IllegalArgumentException("image " + image + " and initial " + initial + " differ in shape");
        }
    }

    /** The per-neuron drift of Θ̄ from Θ(0), in units 1/√m: at most ν̄_w and ν̄_u. */
    public Drift drift() {
        return Drift.between(image, initial);
    }
}
