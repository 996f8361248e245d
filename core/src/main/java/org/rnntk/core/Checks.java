package org.rnntk.core;

import java.util.Arrays;

/**
 * The one place where arguments are validated. Every failure is an {@link IllegalArgumentException}
 * whose message names the parameter, its value and what was expected, so that a notebook user sees
 * at once which argument to fix. Nothing is clamped and nothing is turned into NaN.
 */
public final class Checks {

    private Checks() {
    }

    /** Requires {@code value} to be finite (not NaN, not infinite). */
    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " (" + value + ") must be finite");
        }
        return value;
    }

    /** Requires {@code value > 0} and finite. */
    public static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " (" + value + ") must be finite and > 0");
        }
        return value;
    }

    /** Requires {@code value >= 0} and finite. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " (" + value + ") must be finite and >= 0");
        }
        return value;
    }

    /** Requires {@code value > 0}. */
    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be > 0");
        }
        return value;
    }

    /** Requires {@code value >= 0}. */
    public static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be >= 0");
        }
        return value;
    }

    /** Requires {@code lo < value < hi} (open interval). */
    public static double openInterval(String name, double value, double lo, double hi) {
        if (!(value > lo && value < hi)) {
            throw new IllegalArgumentException(
                    name + " (" + value + ") must lie in the open interval (" + lo + ", " + hi + ")");
        }
        return value;
    }

    /** Requires an even, positive width; the symmetric initialization pairs neuron i with i + m/2. */
    public static int evenWidth(String name, int m) {
        if (m <= 0 || (m & 1) != 0) {
            throw new IllegalArgumentException(
                    name + " (" + m + ") must be even and > 0 for the symmetric initialization");
        }
        return m;
    }

    /** Requires {@code array.length == expected}. */
    public static void length(String name, double[] array, long expected, String meaning) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (array.length != expected) {
            throw new IllegalArgumentException(name + " has length " + array.length + " but " + meaning
                    + " requires " + expected);
        }
    }

    /** Requires every element to be finite; names the first offending index. */
    public static void allFinite(String name, double[] array) {
        for (int i = 0; i < array.length; i++) {
            if (!Double.isFinite(array[i])) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] (" + array[i] + ") must be finite (no NaN or infinity)");
            }
        }
    }

    /** Requires every element to be finite; names the first offending index. */
    public static void allFinite(String name, float[] array) {
        for (int i = 0; i < array.length; i++) {
            if (!Float.isFinite(array[i])) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] (" + array[i] + ") must be finite (no NaN or infinity)");
            }
        }
    }

    /** Formats a shape as {@code [a, b, c]} for error messages. */
    public static String shape(long... dims) {
        return Arrays.toString(dims);
    }
}
