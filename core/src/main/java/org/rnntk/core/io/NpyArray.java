package org.rnntk.core.io;

import java.util.Arrays;
import java.util.StringJoiner;

import org.rnntk.core.Checks;

/**
 * An n-dimensional array as stored in a {@code .npy} file: its shape, the dtype it is (or is to be)
 * stored with, and its values in C (row-major) order as {@code double}s. A 0-d array (a single value,
 * NumPy shape {@code ()}) has shape {@code []} and one element.
 *
 * <p>{@code float32} and integer files are widened to {@code double} on read, which is exact (integers
 * are range-checked, see {@link Npy#read(java.nio.file.Path)}); {@link #toFloatArray()} narrows back. NaN and infinities are
 * allowed: validating values is the caller's business.
 *
 * <p>The data array is <em>not</em> copied by the constructor or by {@link #data()}, so that arrays of
 * hundreds of megabytes are not duplicated; whoever constructs an {@code NpyArray} hands the array
 * over and must not modify it afterwards. {@link #toDoubleArray()} returns a copy.
 *
 * @param shape the dimensions, each {@code >= 0}; {@code []} for a 0-d array. Not modified (copied).
 * @param dtype the element type of the file this came from, or the one to write it as
 * @param data  the values in C order; its length must be the product of {@code shape}. Not modified,
 *              not copied: it becomes this array's storage.
 */
public record NpyArray(long[] shape, NpyDtype dtype, double[] data) {

    /** The largest element count a Java array reliably holds on common VMs. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Validates the shape and that {@code data.length} equals the shape's element count. */
    public NpyArray {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null");
        }
        shape = shape.clone();
        long count = elementCount("shape", shape);
        Checks.length("data", data, count, "shape " + Checks.shape(shape));
    }

    /** The dimensions; a fresh copy, so modifying it does not affect this array. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The values in C order, <em>not</em> a copy: modifying the returned array modifies this
     * {@code NpyArray}. Use {@link #toDoubleArray()} for a copy.
     */
    @Override
    public double[] data() {
        return data;
    }

    /** The number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /**
     * The size of dimension {@code axis}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= axis < rank()}
     */
    public long dim(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("axis (" + axis + ") must lie in [0, " + shape.length
                    + ") for shape " + Checks.shape(shape));
        }
        return shape[axis];
    }

    /** The number of elements, the product of the shape (1 for a scalar). */
    public int size() {
        return data.length;
    }

    /** A copy of the values in C order. */
    public double[] toDoubleArray() {
        return data.clone();
    }

    /**
     * The values in C order narrowed to {@code float}: exact for an array read from a {@code float32}
     * file, rounded to nearest otherwise. A new array.
     */
    public float[] toFloatArray() {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (float) data[i];
        }
        return out;
    }

    /**
     * Requires this array to have shape {@code expected}, where {@code -1} matches any size, and
     * returns the actual shape so that the wildcard dimensions can be read off.
     *
     * @param name     what the array is, for the message, e.g. {@code "x.npy"} or {@code "inputs x"}
     * @param expected the expected dimensions, each {@code >= 0} or {@code -1}. Not modified.
     * @return a copy of the actual shape
     * @throws IllegalArgumentException e.g. {@code "x.npy has shape [32, 10, 4] but expected [32, 10, 3]"}
     */
    public long[] requireShape(String name, long... expected) {
        if (expected == null) {
            throw new IllegalArgumentException("expected shape must not be null");
        }
        boolean matches = expected.length == shape.length;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] < -1) {
                throw new IllegalArgumentException("expected[" + i + "] (" + expected[i]
                        + ") must be >= 0, or -1 for any size");
            }
            matches &= i >= shape.length || expected[i] == -1 || expected[i] == shape[i];
        }
        if (!matches) {
            throw new IllegalArgumentException(name + " has shape " + Checks.shape(shape) + " but expected "
                    + formatExpected(expected));
        }
        return shape.clone();
    }

    /**
     * Requires this array to have {@code rank} dimensions and returns its shape, for a caller that
     * checks the sizes against each other itself.
     *
     * @return a copy of the shape
     * @throws IllegalArgumentException e.g. {@code "y.npy has shape [32] (rank 1) but expected rank 2"}
     */
    public long[] requireRank(String name, int rank) {
        Checks.nonNegative("rank", rank);
        if (shape.length != rank) {
            throw new IllegalArgumentException(name + " has shape " + Checks.shape(shape) + " (rank "
                    + shape.length + ") but expected rank " + rank);
        }
        return shape.clone();
    }

    /**
     * The single value of an array with one element: a 0-d array (NumPy shape {@code ()}, what
     * {@code np.save("loss.npy", loss)} writes for a float) or one whose dimensions are all 1.
     *
     * @throws IllegalArgumentException if the array has any other number of elements
     */
    public double scalar(String name) {
        if (data.length != 1) {
            throw new IllegalArgumentException(name + " has shape " + Checks.shape(shape) + " (" + data.length
                    + " elements) but expected a single value (shape [] or all dimensions 1)");
        }
        return data[0];
    }

    /** Equal when shape, dtype and every value (bitwise, so NaN equals NaN) are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof NpyArray that && dtype == that.dtype && Arrays.equals(shape, that.shape)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + dtype.hashCode()) + Arrays.hashCode(data);
    }

    /** Shape and dtype only; the values may be hundreds of megabytes. */
    @Override
    public String toString() {
        return "NpyArray[shape=" + Checks.shape(shape) + ", dtype=" + dtype.descr() + "]";
    }

    /**
     * The product of the dimensions, after checking each is {@code >= 0} and that the product fits a
     * Java array.
     */
    static long elementCount(String name, long[] shape) {
        boolean empty = false;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException(name + "[" + i + "] (" + shape[i] + ") must be >= 0");
            }
            empty |= shape[i] == 0;
        }
        if (empty) {
            return 0;
        }
        long count = 1;
        for (long d : shape) {
            if (count > MAX_ELEMENTS / d) {
                throw new IllegalArgumentException(name + " " + Checks.shape(shape)
                        + " has more elements than a Java array can hold (" + MAX_ELEMENTS + ")");
            }
            count *= d;
        }
        return count;
    }

    private static String formatExpected(long[] expected) {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        boolean wildcard = false;
        for (long d : expected) {
            joiner.add(d == -1 ? "*" : Long.toString(d));
            wildcard |= d == -1;
        }
        return joiner + (wildcard ? " (* = any size)" : "");
    }
}
