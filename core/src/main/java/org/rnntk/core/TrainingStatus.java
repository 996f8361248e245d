package org.rnntk.core;

/**
 * How a training run ended (docs/theory.md §3). A run either performs all τ updates or is stopped
 * by its {@link DivergenceRule}; neither says anything about convergence, which is what the
 * recorded losses are for.
 */
public enum TrainingStatus {
    /** All τ updates were performed and every recorded loss is finite and within the rule's limit. */
    COMPLETED,
    /** The run was stopped early; {@link TrainingHistory#divergence()} says where and why. */
    DIVERGED
}
