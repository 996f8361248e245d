package org.rnntk.spark.sweep;

import java.util.List;
import java.util.Locale;

/** What a sweep records of each run: the columns that follow a run's configuration in its table. */
public enum Recorded {
    /** {@code initial_loss}, {@code final_loss}, {@code min_loss}: R(Θ(0)), R(Θ(τ)), min_k R(Θ(k)). */
    LOSS(List.of("initial_loss", "final_loss", "min_loss")),
    /** {@code max_drift_w}, {@code max_drift_u}: the largest per-neuron distance from Θ(0) over the run. */
    DRIFT(List.of("max_drift_w", "max_drift_u")),
    /** {@code losses}: R(Θ(0..τ)) separated by spaces. */
    CURVE(List.of("losses")),
    /**
     * {@code lambda_min}, {@code lambda_max}: the extreme eigenvalues of the empirical NTK Gram at Θ(0)
     * in the loss's mode (docs/theory.md §5), by a dense eigensolver (small n only).
     */
    NTK(List.of("lambda_min", "lambda_max"));

    private final List<String> columns;

    Recorded(List<String> columns) {
        this.columns = columns;
    }

    /** The table columns this item adds, in order. */
    public List<String> columns() {
        return columns;
    }

    /** The item named {@code name} (case-insensitive): loss, drift, curve or ntk. */
    public static Recorded parse(String name) {
        String key = name == null ? "null" : name.trim().toUpperCase(Locale.ROOT);
        for (Recorded r : values()) {
            if (r.name().equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException("record '" + name + "' is unknown; expected one of loss, drift, curve, ntk");
    }
}
