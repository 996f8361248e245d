package org.rnntk.spark.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CSV table of a sweep ({@value #FILE_NAME} in the output folder): a header, then one line per
 * run in index order: {@code run}, the grid keys, {@code status} ({@code ok} or {@code error}),
 * {@code error} (the message), then the recorded columns. Fields with a comma, quote or line break
 * are quoted (RFC 4180).
 */
public final class SweepTable {

    /** The table's file name in a sweep's output folder. */
    public static final String FILE_NAME = "runs.csv";

    private SweepTable() {
    }

    /** The header line. */
    public static String header(Set<Recorded> recorded) {
        List<String> cols = new ArrayList<>();
        cols.add("run");
        cols.addAll(SweepGrid.DEFAULTS.keySet());
        cols.add("status");
        cols.add("error");
        for (Recorded r : recorded) {
            cols.addAll(r.columns());
        }
        return String.join(",", cols);
    }

    /** The table's lines, header first; rows must be in run order. */
    public static List<String> lines(Set<Recorded> recorded, List<SweepRow> rows) {
        List<String> out = new ArrayList<>(rows.size() + 1);
        out.add(header(recorded));
        int expected = 0;
        for (SweepRow row : rows) {
            if (row.run() != expected) {
                throw new IllegalArgumentException("sweep rows must be in run order: row " + expected
                        + " is run " + row.run());
            }
            expected++;
            out.add(line(row));
        }
        return out;
    }

    /** One row as a CSV line. */
    public static String line(SweepRow row) {
        StringBuilder sb = new StringBuilder();
        sb.append(row.run());
        for (String s : row.settings()) {
            sb.append(',').append(quote(s));
        }
        sb.append(',').append(row.ok() ? "ok" : "error");
        sb.append(',').append(row.ok() ? "" : quote(row.error()));
        for (String v : row.values()) {
            sb.append(',').append(quote(v));
        }
        return sb.toString();
    }

    /** Writes {@value #FILE_NAME} into {@code folder} (created if needed). */
    public static Path write(Path folder, Set<Recorded> recorded, List<SweepRow> rows) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(FILE_NAME);
            Files.write(file, lines(recorded, rows), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep table into " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
