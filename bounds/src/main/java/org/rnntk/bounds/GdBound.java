package org.rnntk.bounds;

import java.util.Objects;
import java.util.Optional;

/**
 * The §8 bound for unregularized GD (docs/theory.md §8, corrected): the PGD regret bound on the
 * joint per-neuron ball ‖θ_i − θ_i(0)‖ ≤ ρ/√m with ρ = max(ρ_GD, ν̄) (the maximum keeps the
 * reference mapping's image, at joint distance ≤ ν̄/√m per neuron, in the region), so that
 * a = α + ρ/√m, ‖Θ − Θ0‖₂ ≤ ρ, Rmax = Ymax + G1 ρ and λ_m = 2Mρ²/√m:
 * <pre>
 *   min_{k&lt;τ} R̂(Θ(k)) − R̂(f) ≤ (B0 + Ymax) e + e²/2 + ν̄²/(2ητ) + (η/2) G1² Rmax² + λ_m Rmax.
 * </pre>
 * Empty when no finite drift radius exists.
 *
 * @param radius the drift-radius computation
 * @param bound  the bound ({@link PgdBound#terms()} carries a and ρ), if the radius is finite
 */
public record GdBound(GdRadius radius, Optional<PgdBound> bound) {

    public GdBound {
        Objects.requireNonNull(radius, "radius");
        Objects.requireNonNull(bound, "bound");
    }

    public String describe() {
        return radius + System.lineSeparator()
                + bound.map(PgdBound::describe).orElse("no bound: " + radius.message());
    }

    @Override
    public String toString() {
        return describe();
    }
}
