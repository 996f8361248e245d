package org.rnntk.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A table of named columns for CSV output. Numbers are written with {@code Locale.ROOT}: integers
 * as integers, other doubles with 6 significant digits, NaN as {@code NaN} and infinities as
 * {@code Infinity}/{@code -Infinity}; strings must not contain commas, quotes or newlines.
 */
public final class CsvTable {

    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column names (non-empty, no duplicates). */
    public CsvTable(String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a CSV table needs at least one column");
        }
        List<String> list = List.of(columns);
        if (list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException("duplicate column names in " + list);
        }
        list.forEach(CsvTable::checkCell);
        this.columns = list;
    }

    /** Appends a row; values are Numbers, Strings or Booleans, one per column. */
    public CsvTable add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values but the table has "
                    + columns.size() + " columns " + columns);
        }
        List<String> row = new ArrayList<>(values.length);
        for (Object v : values) {
            row.add(format(v));
        }
        rows.add(Collections.unmodifiableList(row));
        return this;
    }

    /** The column names. */
    public List<String> columns() {
        return columns;
    }

    /** The number of data rows. */
    public int size() {
        return rows.size();
    }

    /** The formatted cell of a row and column. */
    public String cell(int row, String column) {
        int c = columns.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + columns);
        }
        return rows.get(row).get(c);
    }

    /** Header and rows, comma separated, '\n' line ends. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (List<String> row : rows) {
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.toString();
    }

    static String format(Object v) {
        Objects.requireNonNull(v, "CSV value");
        if (v instanceof Integer || v instanceof Long || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Number) {
            double x = ((Number) v).doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                return Double.toString(x);
            }
            if (x == Math.rint(x) && Math.abs(x) < 1e15) {
                return Long.toString((long) x);
            }
            return String.format(Locale.ROOT, "%.6g", x);
        }
        String s = v.toString();
        checkCell(s);
        return s;
    }

    private static void checkCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            throw new IllegalArgumentException("CSV cell '" + s + "' must not contain commas, quotes or newlines");
        }
    }
}
