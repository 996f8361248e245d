package org.rnntk.core;

import org.rnntk.core.optim.GradientDescent;
import org.rnntk.core.optim.ProjectedGradientDescent;

/** Factory for optimizers. */
public final class Optimizers {

    private Optimizers() {
    }

    /** Plain gradient descent Θ ← Θ − η∇R̂. */
    public static GradientDescent gradientDescent(double stepSize) {
        return new GradientDescent(stepSize);
    }

    /**
     * Max-norm projected gradient descent around the initialization (docs/theory.md §3):
     * Θ ← Π_Ω[Θ − η∇R̂] with Ω = {|w_i − w_i(0)| ≤ ρ_w/√m, ‖u_i − u_i(0)‖ ≤ ρ_u/√m for all i}.
     */
    public static ProjectedGradientDescent projected(double stepSize, double rhoW, double rhoU) {
        return new ProjectedGradientDescent(stepSize, rhoW, rhoU);
    }
}
