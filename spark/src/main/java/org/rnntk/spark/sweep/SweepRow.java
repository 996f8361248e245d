package org.rnntk.spark.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * The result of one run: a row of the sweep table. Values are already formatted (doubles by
 * {@link Double#toString(double)}, which round-trips exactly), so two rows are equal exactly when
 * their table lines are. Serializable and immutable.
 *
 * @param run      index in the grid
 * @param settings the run's key values ({@link SweepRun#settings()})
 * @param error    null for a run that finished, else its exception's class and message
 * @param values   the recorded values, one per column of the grid's {@link Recorded} items; empty
 *                 strings for a failed run
 */
public record SweepRow(int run, List<String> settings, String error, List<String> values) implements Serializable {

    private static final long serialVersionUID = 1L;

    public SweepRow {
        settings = List.copyOf(settings);
        values = List.copyOf(values);
    }

    /** True when the run finished. */
    public boolean ok() {
        return error == null;
    }
}
