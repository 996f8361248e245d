package org.rnntk.spark.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A grid of training runs: for each key a list of values, expanded as a Cartesian product
 * (docs/spark.md, "Grid files"). The text format is one {@code key = v1, v2, ...} line per key;
 * {@code #} starts a comment; blank lines are ignored; a key appears at most once; keys not given
 * take their default. The product runs over the keys in the order of the file, the last key varying
 * fastest; run indices follow that order. {@code record} is not expanded: it lists what every run
 * records ({@link Recorded}).
 *
 * <pre>
 *   task = filter
 *   n = 32
 *   width = 64, 128, 256
 *   seed = 1, 2, 3, 4
 *   optimizer = gd, pgd
 *   iterations = 200
 *   record = loss, drift
 * </pre>
 *
 * <p>Immutable.
 */
public final class SweepGrid {

    /** The expandable keys with their defaults, in the column order of a sweep table. */
    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("task", "filter");
        m.put("n", "32");
        m.put("steps", "8");
        m.put("d", "2");
        m.put("memory", "0.5");
        m.put("amplitude", "1.0");
        m.put("activation", "tanh");
        m.put("init", "constant");
        m.put("alpha", "0.5");
        m.put("width", "64");
        m.put("seed", "1");
        m.put("optimizer", "gd");
        m.put("step", "0.5");
        m.put("radius", "1.0");
        m.put("iterations", "100");
        m.put("loss", "all");
        DEFAULTS = Collections.unmodifiableMap(m);
    }

    private static final String RECORD = "record";

    private final Map<String, List<String>> values;
    private final Set<Recorded> recorded;

    private SweepGrid(Map<String, List<String>> values, Set<Recorded> recorded) {
        this.values = values;
        this.recorded = recorded;
    }

    /**
     * Reads a grid file (UTF-8).
     *
     * @throws IllegalArgumentException on an unknown or repeated key, an empty value list or a value of
     *                                  the wrong type, naming the line
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static SweepGrid read(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the grid file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses grid text; {@code source} names it in error messages. */
    public static SweepGrid parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<Recorded> recorded = EnumSet.of(Recorded.LOSS, Recorded.DRIFT);
        boolean recordSeen = false;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1);
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(where + " ('" + line + "') is not of the form 'key = v1, v2, ...'");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            List<String> list = new ArrayList<>();
            for (String v : line.substring(eq + 1).split(",", -1)) {
                String s = v.strip();
                if (s.isEmpty()) {
                    throw new IllegalArgumentException(where + ": key '" + key + "' has an empty value in '" + line
                            + "'; expected a comma-separated list of values");
                }
                list.add(s);
            }
            if (values.containsKey(key) || (key.equals(RECORD) && recordSeen)) {
                throw new IllegalArgumentException(where + ": key '" + key + "' is given twice");
            }
            if (key.equals(RECORD)) {
                recordSeen = true;
                recorded = EnumSet.noneOf(Recorded.class);
                for (String v : list) {
                    recorded.add(Recorded.parse(v));
                }
            } else if (DEFAULTS.containsKey(key)) {
                for (String v : list) {
                    checkType(key, v, where);
                }
                values.put(key, List.copyOf(list));
            } else {
                throw new IllegalArgumentException(where + ": key '" + key + "' is unknown; expected one of "
                        + String.join(", ", DEFAULTS.keySet()) + ", " + RECORD);
            }
        }
        return new SweepGrid(Collections.unmodifiableMap(values), Collections.unmodifiableSet(recorded));
    }

    private static void checkType(String key, String v, String where) {
        try {
            switch (key) {
                case "n", "steps", "d", "width", "iterations" -> Integer.parseInt(v);
                case "seed" -> Long.parseLong(v);
                case "memory", "amplitude", "alpha", "step", "radius" -> {
                    double x = Double.parseDouble(v);
                    if (!Double.isFinite(x)) {
                        throw new NumberFormatException("not finite");
                    }
                }
                default -> {
                    // text keys are checked when a run's configuration is built
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": value '" + v + "' of key '" + key + "' is not a "
                    + (key.equals("memory") || key.equals("amplitude") || key.equals("alpha") || key.equals("step")
                    || key.equals("radius") ? "finite number" : "whole number"));
        }
    }

    /** What every run records. */
    public Set<Recorded> recorded() {
        return recorded;
    }

    /** Number of runs: the product of the list lengths. */
    public int size() {
        long size = 1;
        for (List<String> l : values.values()) {
            size *= l.size();
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the grid has more than 2^31 - 1 runs");
            }
        }
        return (int) size;
    }

    /**
     * The runs in index order. A combination whose values are out of their domain (e.g. a negative
     * width) becomes {@link SweepRun#invalid}, a run that fails with that message.
     */
    public List<SweepRun> runs() {
        List<String> keys = new ArrayList<>(values.keySet());
        int total = size();
        List<SweepRun> runs = new ArrayList<>(total);
        int[] index = new int[keys.size()];
        for (int r = 0; r < total; r++) {
            Map<String, String> chosen = new LinkedHashMap<>(DEFAULTS);
            for (int k = 0; k < keys.size(); k++) {
                chosen.put(keys.get(k), values.get(keys.get(k)).get(index[k]));
            }
            runs.add(SweepRun.of(r, chosen));
            for (int k = keys.size() - 1; k >= 0; k--) {
                if (++index[k] < values.get(keys.get(k)).size()) {
                    break;
                }
                index[k] = 0;
            }
        }
        return runs;
    }
}
