package org.rnntk.spark.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One combination of a {@link SweepGrid}: its index, the values of every key as written in the grid
 * (the table prints them as they are), and its configuration, or why it has none. Serializable and
 * immutable.
 *
 * @param run      index in the grid, ≥ 0
 * @param settings the values of {@link SweepGrid#DEFAULTS}' keys, in that order
 * @param config   the configuration, or null when the values are out of their domain
 * @param invalid  null, or the message saying which value is out of its domain
 */
public record SweepRun(int run, List<String> settings, RunConfig config, String invalid) implements Serializable {

    private static final long serialVersionUID = 1L;

    public SweepRun {
        settings = List.copyOf(settings);
        if ((config == null) == (invalid == null)) {
            throw new IllegalArgumentException("a sweep run has either a configuration or an invalid message,"
                    + " got config " + config + " and invalid " + invalid);
        }
    }

    static SweepRun of(int run, Map<String, String> chosen) {
        List<String> settings = new ArrayList<>(chosen.values());
        try {
            RunConfig config = new RunConfig(run, chosen.get("task"), Integer.parseInt(chosen.get("n")),
                    Integer.parseInt(chosen.get("steps")), Integer.parseInt(chosen.get("d")),
                    Double.parseDouble(chosen.get("memory")), Double.parseDouble(chosen.get("amplitude")),
                    chosen.get("activation"), chosen.get("init"), Double.parseDouble(chosen.get("alpha")),
                    Integer.parseInt(chosen.get("width")), Long.parseLong(chosen.get("seed")),
                    chosen.get("optimizer"), Double.parseDouble(chosen.get("step")),
                    Double.parseDouble(chosen.get("radius")), Integer.parseInt(chosen.get("iterations")),
                    chosen.get("loss"));
            return new SweepRun(run, settings, config, null);
        } catch (IllegalArgumentException e) {
            return new SweepRun(run, settings, null, String.valueOf(e.getMessage()));
        }
    }
}
