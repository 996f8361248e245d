package org.rnntk.spark.gram;

import java.io.Serializable;

import org.rnntk.core.Checks;

/**
 * One tile of a block Gram: K[row0 .. row0+rows, col0 .. col0+cols) in the file {@code file} (a
 * float64 {@code .npy} of shape rows×cols, C order) of the Gram's folder.
 *
 * @param i    row tile index
 * @param j    column tile index
 * @param row0 first row of the Gram in this tile
 * @param col0 first column
 * @param rows rows of the tile
 * @param cols columns of the tile
 * @param file file name relative to the Gram's folder
 */
public record Tile(int i, int j, long row0, long col0, int rows, int cols, String file) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Tile {
        Checks.nonNegative("i", i);
        Checks.nonNegative("j", j);
        if (row0 < 0 || col0 < 0) {
            throw new IllegalArgumentException("tile (" + i + ", " + j + ") starts at (" + row0 + ", " + col0
                    + "); expected non-negative offsets");
        }
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        if (file == null || file.isBlank() || file.contains("/") || file.contains(" ")) {
            throw new IllegalArgumentException("tile file '" + file + "' must be a plain file name without spaces");
        }
    }

    /** The conventional file name of tile (i, j). */
    static String fileName(int i, int j) {
        return "tile-" + i + "-" + j + ".npy";
    }
}
