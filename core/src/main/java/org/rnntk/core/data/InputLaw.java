package org.rnntk.core.data;

/**
 * How each input vector x_t ∈ R^d is drawn, for a radius r ∈ (0, 1] (docs/theory.md §1 assumes
 * ‖x_t‖₂ ≤ 1). With g ~ N(0, I_d):
 */
public enum InputLaw {
    /** x_t = r g/‖g‖₂: uniform on the sphere of radius r, so ‖x_t‖₂ = r (never above r). */
    SPHERE,
    /** x_t = r U^{1/d} g/‖g‖₂ with U ~ Uniform[0, 1]: uniform in the ball of radius r. */
    BALL
}
