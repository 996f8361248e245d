package org.rnntk.experiments;

import org.rnntk.core.TrainingListener;

/**
 * Receives the progress of an experiment: one call per stage (a training run, a Gram, a bound
 * evaluation), returning the listener that follows the stage's training iterations, if any. Called
 * on the experiment's thread; keep it cheap.
 */
@FunctionalInterface
public interface ExperimentListener {

    /** Ignores everything. */
    ExperimentListener NONE = stage -> TrainingListener.NONE;

    /**
     * A stage begins.
     *
     * @param stage what runs now and how much of the experiment's work is done
     * @return the listener for the stage's training iterations (never null; {@link TrainingListener#NONE} to ignore)
     */
    TrainingListener onStage(ExperimentStage stage);
}
