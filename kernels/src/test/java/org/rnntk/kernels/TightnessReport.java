package org.rnntk.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects rows of a bound/measured table, prints it and writes it to
 * {@code target/tightness/<name>.md} (the tables of docs/theory.md "Tightness" are these files).
 */
final class TightnessReport {

    private final String name;
    private final String header;
    private final List<String> rows = new ArrayList<>();

    TightnessReport(String name, String... columns) {
        this.name = name;
        StringBuilder h = new StringBuilder("|");
        StringBuilder rule = new StringBuilder("|");
        for (String c : columns) {
            h.append(' ').append(escape(c)).append(" |");
            rule.append("---|");
        }
        this.header = h + System.lineSeparator() + rule;
    }

    synchronized void row(Object... cells) {
        StringBuilder r = new StringBuilder("|");
        for (Object c : cells) {
            r.append(' ').append(c instanceof Double v ? sig(v) : escape(String.valueOf(c))).append(" |");
        }
        rows.add(r.toString());
    }

    /** A literal | inside a Markdown table cell. */
    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }

    /** Three significant digits, plain for moderate magnitudes. */
    static String sig(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(a)));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** Prints the table and writes it under target/tightness. */
    synchronized String flush() {
        String table = header + System.lineSeparator() + String.join(System.lineSeparator(), rows)
                + System.lineSeparator();
        System.out.println(name + System.lineSeparator() + table);
        try {
            Path dir = Path.of("target", "tightness");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".md"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
