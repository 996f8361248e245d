package org.rnntk.core.io;

import java.nio.ByteOrder;

/**
 * The element types that {@link Npy} reads and writes. Either byte order is read ({@code '<f8'} and
 * {@code '>f8'} alike); files are always written little-endian, as NumPy itself does on every common
 * platform. Integer types are read into {@code double} for convenience (sign vectors, labels, counts).
 */
public enum NpyDtype {
    /** IEEE 754 binary64, NumPy {@code float64}. */
    FLOAT64('f', 8),
    /** IEEE 754 binary32, NumPy {@code float32}. */
    FLOAT32('f', 4),
    /** Two's-complement 64-bit integer, NumPy {@code int64}. */
    INT64('i', 8),
    /** Two's-complement 32-bit integer, NumPy {@code int32}. */
    INT32('i', 4);

    /** The descr strings accepted on read, for error messages. */
    static final String SUPPORTED = "'<f8', '>f8', '<f4', '>f4', '<i8', '>i8', '<i4', '>i4'";

    private final char kind;
    private final int itemSize;

    NpyDtype(char kind, int itemSize) {
        this.kind = kind;
        this.itemSize = itemSize;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The little-endian descr string this type is written with, e.g. {@code "<f8"}. */
    public String descr() {
        return "<" + kind + itemSize;
    }

    /** Whether values are integers (and so must be integral, in range, when written). */
    public boolean isInteger() {
        return kind == 'i';
    }

    /**
     * Parses a NumPy descr such as {@code "<f8"} or {@code ">i4"}.
     *
     * @return the dtype and byte order, or {@code null} if the descr is not supported
     */
    static Parsed parse(String descr) {
        if (descr.length() != 3) {
            return null;
        }
        ByteOrder order;
        switch (descr.charAt(0)) {
            case '<':
                order = ByteOrder.LITTLE_ENDIAN;
                break;
            case '>':
                order = ByteOrder.BIG_ENDIAN;
                break;
            default:
                return null;
        }
        for (NpyDtype dtype : values()) {
            if (descr.charAt(1) == dtype.kind && descr.charAt(2) - '0' == dtype.itemSize) {
                return new Parsed(dtype, order);
            }
        }
        return null;
    }

    /** A dtype with the byte order a file stores it in. */
    record Parsed(NpyDtype dtype, ByteOrder order) {
        Parsed {
            if (dtype == null || order == null) {
                throw new IllegalArgumentException("dtype and order must not be null");
            }
        }
    }
}
