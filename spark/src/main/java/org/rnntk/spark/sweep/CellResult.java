package org.rnntk.spark.sweep;

import java.io.Serializable;

/**
 * The outcome of one cell of {@link Sweep#map}: its value, or the error that stopped it (a failed
 * cell is a result, never a failed job). Immutable; serializable when the value is.
 *
 * @param cell  the cell's index in the list given to {@link Sweep#map}, ≥ 0
 * @param value the value (null when the cell failed, or when the function returned null)
 * @param error null, or {@code "<ExceptionClass>: <message>"} of the exception the cell threw
 */
public record CellResult<R>(int cell, R value, String error) implements Serializable {

    private static final long serialVersionUID = 1L;

    public CellResult {
        if (cell < 0) {
            throw new IllegalArgumentException("cell index (" + cell + ") must be >= 0");
        }
        if (error != null && value != null) {
            throw new IllegalArgumentException("a failed cell (" + cell + ", error " + error + ") has no value");
        }
    }

    /** Whether the cell finished without an exception. */
    public boolean ok() {
        return error == null;
    }

    /**
     * The value of a cell that finished.
     *
     * @throws IllegalStateException naming the cell and its error when it failed
     */
    public R orElseThrow() {
        if (error != null) {
            throw new IllegalStateException("cell " + cell + " failed: " + error);
        }
        return value;
    }
}
