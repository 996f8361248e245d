package org.rnntk.bounds;

/**
 * The provenance of a constant or verdict of the local PL criterion (docs/theory.md §9).
 * A verdict is {@link #CERTIFIED} only when every constant it uses is a certified bound: a
 * certified lower bound on α(x0, r) and a certified upper bound on β.
 */
public enum Certification {
    /** Built only from certified lower bounds on α and upper bounds on β. */
    CERTIFIED,
    /** Uses at least one estimate (e.g. α sampled over the ball, which is an upper bound on the infimum). */
    ESTIMATE;

    /** CERTIFIED only if both are. */
    public Certification and(Certification other) {
        return this == CERTIFIED && other == CERTIFIED ? CERTIFIED : ESTIMATE;
    }
}
