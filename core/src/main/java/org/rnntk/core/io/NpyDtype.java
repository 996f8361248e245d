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
    INT32('i', 4),
    /** Two's-complement 16-bit integer, NumPy {@code int16}. */
    INT16('i', 2),
    /** Two's-complement 8-bit integer, NumPy {@code int8}. */
    INT8('i', 1),
    /** Unsigned 64-bit integer, NumPy {@code uint64} (values up to 2^53 are read). */
    UINT64('u', 8),
    /** Unsigned 32-bit integer, NumPy {@code uint32}. */
    UINT32('u', 4),
    /** Unsigned 16-bit integer, NumPy {@code uint16}. */
    UINT16('u', 2),
    /** Unsigned 8-bit integer, NumPy {@code uint8}. */
    UINT8('u', 1);

    /** The descr strings accepted on read, for error messages. */
    static final String SUPPORTED = "'<f8', '>f8', '<f4', '>f4', '<i8', '>i8', '<i4', '>i4', '<i2', '>i2', '|i1', "
            + "'<u8', '>u8', '<u4', '>u4', '<u2', '>u2', '|u1'";

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

    /**
     * The little-endian descr string this type is written with, e.g. {@code "<f8"}; single bytes
     * have no order, {@code "|i1"}, as NumPy writes them.
     */
    public String descr() {
        return (itemSize == 1 ? "|" : "<") + kind + itemSize;
    }

    /** Whether values are integers (and so must be integral, in range, when written). */
    public boolean isInteger() {
        return kind != 'f';
    }

    /** The smallest value of an integer type (as a double, exact); −2^53 for int64. */
    double minExact() {
        if (kind == 'u') {
            return 0;
        }
        return itemSize == 8 ? -Npy.MAX_EXACT_INTEGER : -Math.scalb(1.0, 8 * itemSize - 1);
    }

    /** The largest value of an integer type that a double holds exactly; 2^53 for the 64-bit types. */
    double maxExact() {
        if (itemSize == 8) {
            return Npy.MAX_EXACT_INTEGER;
        }
        return kind == 'u' ? Math.scalb(1.0, 8 * itemSize) - 1 : Math.scalb(1.0, 8 * itemSize - 1) - 1;
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
            case '|':
                // "not applicable": NumPy's order for single bytes
                if (descr.charAt(2) != '1') {
                    return null;
                }
                order = ByteOrder.LITTLE_ENDIAN;
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
