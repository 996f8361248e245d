package org.rnntk.bounds;

import java.util.Objects;

/**
 * Width, iterations and step for a target ε and confidence 1 − δ (docs/theory.md §8), with the
 * bound evaluated at them (its total is ≤ ε).
 *
 * @param width      the required width
 * @param iterations the required iterations at that width
 * @param step       the step size at that width and iteration count
 * @param bound      the bound at (m, τ, η)
 */
public record PgdPlan(WidthRequirement width, IterationRequirement iterations, StepSize step, PgdBound bound) {

    public PgdPlan {
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(iterations, "iterations");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(bound, "bound");
    }

    public String describe() {
        String nl = System.lineSeparator();
        return width.describe() + nl + iterations.describe() + nl + step.describe() + nl + bound.describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
