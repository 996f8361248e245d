package org.rnntk.experiments;

import java.util.Objects;

/**
 * One stage of an experiment, for progress displays.
 *
 * @param experiment  the experiment's command name, e.g. {@code width-vs-n}
 * @param description what the stage computes, e.g. {@code n=32 seed=2 m=64 PGD}
 * @param index       0-based stage number
 * @param count       the planned number of stages (an upper bound when the experiment stops early)
 * @param workDone    the work finished before this stage, in the experiment's own cost units
 * @param workTotal   the planned total work (≥ workDone; an upper bound when the experiment stops early)
 */
public record ExperimentStage(String experiment, String description, int index, int count, double workDone,
                              double workTotal) {

    public ExperimentStage {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(description, "description");
        if (index < 0 || count < 1) {
            throw new IllegalArgumentException("stage index (" + index + ") must be >= 0 and count (" + count
                    + ") >= 1");
        }
        if (!(workDone >= 0) || !(workTotal > 0)) {
            throw new IllegalArgumentException("work done (" + workDone + ") must be >= 0 and total (" + workTotal
                    + ") > 0");
        }
    }

    /** The fraction of the planned work done before this stage, in [0, 1]. */
    public double fractionDone() {
        return Math.min(1.0, workDone / workTotal);
    }
}
