package org.rnntk.spark.gram;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.rnntk.core.Loss;

/**
 * The index of a block Gram's folder ({@value #FILE_NAME}): the shape of the whole Gram and its
 * tiles. A text file, one {@code key = value} per line, then one {@code tile = i j row0 col0 rows
 * cols file} line per tile:
 * <pre>
 *   format = rnntk-gram-tiles 1
 *   mode = LAST_STEP
 *   symmetric = true
 *   row_sequences = 1000
 *   row_steps = 16
 *   col_sequences = 1000
 *   col_steps = 16
 *   tile_sequences = 256
 *   tile = 0 0 0 0 256 256 tile-0-0.npy
 *   ...
 * </pre>
 * A symmetric Gram stores the tiles with i ≤ j only; K_ji = K_ijᵀ. Immutable.
 *
 * @param mode          the Gram's mode
 * @param symmetric     true for the Gram of one data set (upper tiles only)
 * @param rowSequences  n of the row data set
 * @param rowSteps      T of the row data set
 * @param colSequences  n' of the column data set
 * @param colSteps      T' of the column data set
 * @param tileSequences sequences per tile side
 * @param tiles         the stored tiles, sorted by (i, j)
 */
public record TileIndex(Loss mode, boolean symmetric, int rowSequences, int rowSteps, int colSequences,
                        int colSteps, int tileSequences, List<Tile> tiles) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The index's file name in a Gram's folder. */
    public static final String FILE_NAME = "index.txt";

    private static final String FORMAT = "rnntk-gram-tiles 1";

    public TileIndex {
        Objects.requireNonNull(mode, "mode");
        List<Tile> sorted = new ArrayList<>(tiles);
        sorted.sort(Comparator.comparingInt(Tile::i).thenComparingInt(Tile::j));
        tiles = List.copyOf(sorted);
        int rt = tileCount(rowSequences, tileSequences);
        int ct = tileCount(colSequences, tileSequences);
        int expected = symmetric ? rt * (rt + 1) / 2 : rt * ct;
        if (tiles.size() != expected) {
            throw new IllegalArgumentException("a " + (symmetric ? "symmetric " : "") + "Gram of " + rt + " x " + ct
                    + " tiles stores " + expected + " tiles; the index lists " + tiles.size());
        }
        for (Tile t : tiles) {
            if (symmetric && t.i() > t.j()) {
                throw new IllegalArgumentException("a symmetric Gram stores tiles with i <= j only; got " + t);
            }
            if (t.row0() != tileStart(mode, t.i(), tileSequences, rowSteps)
                    || t.col0() != tileStart(mode, t.j(), tileSequences, colSteps)
                    || t.rows() != tileLength(mode, t.i(), tileSequences, rowSequences, rowSteps)
                    || t.cols() != tileLength(mode, t.j(), tileSequences, colSequences, colSteps)) {
                throw new IllegalArgumentException("tile " + t + " does not match the tiling of " + tileSequences
                        + " sequences per side");
            }
        }
    }

    static int tileCount(int sequences, int tileSequences) {
        return (sequences + tileSequences - 1) / tileSequences;
    }

    static long tileStart(Loss mode, int index, int tileSequences, int steps) {
        return mode.outputCount((long) index * tileSequences, steps);
    }

    static int tileLength(Loss mode, int index, int tileSequences, int sequences, int steps) {
        long j0 = (long) index * tileSequences;
        long j1 = Math.min(sequences, j0 + tileSequences);
        return (int) mode.outputCount(j1 - j0, steps);
    }

    /** Rows of the whole Gram. */
    public long rows() {
        return mode.outputCount(rowSequences, rowSteps);
    }

    /** Columns of the whole Gram. */
    public long cols() {
        return mode.outputCount(colSequences, colSteps);
    }

    /** Number of row tiles. */
    public int rowTiles() {
        return tileCount(rowSequences, tileSequences);
    }

    /** Number of column tiles. */
    public int colTiles() {
        return tileCount(colSequences, tileSequences);
    }

    /** The index as text lines. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("format = " + FORMAT);
        out.add("mode = " + mode.name());
        out.add("symmetric = " + symmetric);
        out.add("row_sequences = " + rowSequences);
        out.add("row_steps = " + rowSteps);
        out.add("col_sequences = " + colSequences);
        out.add("col_steps = " + colSteps);
        out.add("tile_sequences = " + tileSequences);
        for (Tile t : tiles) {
            out.add(String.format(Locale.ROOT, "tile = %d %d %d %d %d %d %s", t.i(), t.j(), t.row0(), t.col0(), t.rows(),
                    t.cols(), t.file()));
        }
        return out;
    }

    /**
     * Parses index lines; {@code source} names them in errors.
     *
     * @throws IllegalArgumentException when a line is malformed, a key is missing or the tiles do not
     *                                  cover the Gram
     */
    public static TileIndex parse(List<String> lines, String source) {
        Map<String, String> keys = new HashMap<>();
        List<Tile> tiles = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(source + " line " + (n + 1) + " ('" + line
                        + "') is not of the form 'key = value'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (key.equals("tile")) {
                String[] f = value.split("\\s+");
                if (f.length != 7) {
                    throw new IllegalArgumentException(source + " line " + (n + 1) + ": a tile line has 7 fields"
                            + " (i j row0 col0 rows cols file); got '" + value + "'");
                }
                try {
                    tiles.add(new Tile(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
                            Long.parseLong(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), f[6]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(source + " line " + (n + 1) + ": '" + value
                            + "' has a field that is not a whole number", e);
                }
            } else if (keys.put(key, value) != null) {
                throw new IllegalArgumentException(source + " line " + (n + 1) + ": key '" + key + "' is given twice");
            }
        }
        String format = require(keys, "format", source);
        if (!format.equals(FORMAT)) {
            throw new IllegalArgumentException(source + " has format '" + format + "'; expected '" + FORMAT + "'");
        }
        String symmetric = require(keys, "symmetric", source);
        if (!symmetric.equals("true") && !symmetric.equals("false")) {
            throw new IllegalArgumentException(source + ": symmetric = '" + symmetric + "'; expected true or false");
        }
        try {
            return new TileIndex(Loss.valueOf(require(keys, "mode", source)), Boolean.parseBoolean(symmetric),
                    Integer.parseInt(require(keys, "row_sequences", source)),
                    Integer.parseInt(require(keys, "row_steps", source)),
                    Integer.parseInt(require(keys, "col_sequences", source)),
                    Integer.parseInt(require(keys, "col_steps", source)),
                    Integer.parseInt(require(keys, "tile_sequences", source)), tiles);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> keys, String key, String source) {
        String v = keys.get(key);
        if (v == null) {
            throw new IllegalArgumentException(source + " has no '" + key + "' line");
        }
        return v;
    }
}
