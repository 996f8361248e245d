package org.rnntk.bounds;

import java.util.Objects;
import java.util.Optional;

/**
 * The §8 bound for unregularized GD: the PGD theorem with the projection radii replaced by the
 * effective radius, ρ_w = max(ρ_GD, ν̄_w), ρ_u = max(ρ_GD, ν̄_u) (the maximum keeps the reference
 * mapping's image in the set on which the lemmas are applied). Empty when no finite radius exists.
 *
 * @param radius the effective-radius computation
 * @param bound  the bound with the effective radii, if the radius is finite
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
