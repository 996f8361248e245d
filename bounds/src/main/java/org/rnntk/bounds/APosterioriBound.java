package org.rnntk.bounds;

import java.util.Locale;
import java.util.Objects;

/**
 * The §8 bound evaluated a posteriori on a finished GD (or PGD) run: the drift measured over the
 * whole run, max over neurons i and iterations k &lt; τ of √m |w_i(k) − w_i(0)| and of
 * √m ‖u_i(k) − u_i(0)‖, replaces the projection radii: ρ_w = max(driftW, ν̄_w),
 * ρ_u = max(driftU, ν̄_u).
 *
 * @param driftW measured max drift of the recurrent weights, in units 1/√m
 * @param driftU measured max drift of the input weights, in units 1/√m
 * @param bound  the bound with the effective radii
 */
public record APosterioriBound(double driftW, double driftU, PgdBound bound) {

    public APosterioriBound {
        Objects.requireNonNull(bound, "bound");
    }

    public String describe() {
        return String.format(Locale.ROOT, "a-posteriori bound with measured drift (w: %.6g, u: %.6g) / sqrt(m)%n%s",
                driftW, driftU, bound.describe());
    }

    @Override
    public String toString() {
        return describe();
    }
}
