package org.rnntk.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.rnntk.core.Checks;

/**
 * Reads and writes NumPy {@code .npy} files
 * (<a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">format spec</a>).
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, the dtypes of {@link NpyDtype} in either byte
 * order, and C- or Fortran-ordered data; a Fortran-ordered file is transposed into C order, so
 * {@link NpyArray#data()} is always row-major. Writing produces version 1.0 (2.0 only if the header
 * exceeds 65535 bytes), little-endian, C order, with the header padded so the data starts at a
 * multiple of 64 bytes, as NumPy does. Data moves through a direct buffer in 1 MiB bulk transfers.
 *
 * <p>I/O failures (missing file, permissions) are {@link UncheckedIOException}s; a file whose contents
 * are not a readable {@code .npy} file gives an {@link NpyFormatException}; invalid arguments give an
 * {@link IllegalArgumentException}. All messages name the file or argument and what was expected.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the start of the data to this many bytes. */
    private static final int ALIGNMENT = 64;
    /** Bytes per bulk transfer; a multiple of every item size. */
    private static final int CHUNK_BYTES = 1 << 20;
    /** Every integer of magnitude at most 2^53 is exactly representable as a double. */
    static final long MAX_EXACT_INTEGER = 1L << 53;

    private Npy() {
    }

    /**
     * Reads a {@code .npy} file. Integer files are converted to {@code double}, which is exact because
     * every value is checked to lie within &plusmn;2<sup>53</sup>; {@code float32} widening is exact. NaN
     * and infinite values are read as they are.
     *
     * @param path the file
     * @return the array, in C order, with the file's dtype
     * @throws UncheckedIOException if the file does not exist or cannot be read
     * @throws NpyFormatException   if the file is not a readable {@code .npy} file: bad magic string,
     *                              unsupported version or dtype, malformed header, truncated or
     *                              trailing data, or an integer outside &plusmn;2<sup>53</sup>
     */
    public static NpyArray read(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(channel, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + describe(e), e);
        }
    }

    /**
     * Writes {@code data} as a {@code float64} array of the given shape.
     *
     * @param path  the file, created or overwritten
     * @param data  the values in C order; length must be the product of {@code shape}. Not modified.
     * @param shape the dimensions, each {@code >= 0}; none for a 0-d array (one value). Not modified.
     * @throws IllegalArgumentException if the data length does not match the shape
     * @throws UncheckedIOException     if the file cannot be written
     */
    public static void write(Path path, double[] data, long... shape) {
        write(path, new NpyArray(shape, NpyDtype.FLOAT64, data));
    }

    /**
     * Writes {@code data} as a {@code float32} array of the given shape.
     *
     * @param path  the file, created or overwritten
     * @param data  the values in C order; length must be the product of {@code shape}. Not modified.
     * @param shape the dimensions, each {@code >= 0}; none for a 0-d array (one value). Not modified.
     * @throws IllegalArgumentException if the data length does not match the shape
     * @throws UncheckedIOException     if the file cannot be written
     */
    public static void writeFloat32(Path path, float[] data, long... shape) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        long count = NpyArray.elementCount("shape", shape);
        if (data.length != count) {
            throw new IllegalArgumentException("data has length " + data.length + " but shape "
                    + Checks.shape(shape) + " requires " + count);
        }
        write(path, NpyDtype.FLOAT32, shape, null, data);
    }

    /**
     * Writes an array with its own dtype: {@code float64} as is, {@code float32} rounded to nearest
     * (exact for an array that was read from a {@code float32} file), integer dtypes only if every
     * value is an integer in the dtype's range (checked before the file is opened).
     *
     * @param path  the file, created or overwritten
     * @param array the array; not modified
     * @throws IllegalArgumentException if an integer dtype is asked for and a value is not an integer in
     *                                  its range
     * @throws UncheckedIOException     if the file cannot be written
     */
    public static void write(Path path, NpyArray array) {
        if (array == null) {
            throw new IllegalArgumentException("array must not be null");
        }
        if (array.dtype().isInteger()) {
            requireIntegers(array.data(), array.dtype());
        }
        write(path, array.dtype(), array.shape(), array.data(), null);
    }

    // ---------------------------------------------------------------- reading

    private static NpyArray read(FileChannel channel, String source) throws IOException {
        long size = channel.size();
        ByteBuffer preamble = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        preamble.limit((int) Math.min(10, size));
        readFully(channel, preamble, source, "preamble");
        for (int i = 0; i < Math.min(MAGIC.length, preamble.position()); i++) {
            if (preamble.get(i) != MAGIC[i]) {
                throw new NpyFormatException(source + " is not an .npy file: it does not start with the magic "
                        + "string \\x93NUMPY (first bytes: " + hex(preamble, Math.min(8, preamble.position())) + ")");
            }
        }
        if (preamble.position() < 10) {
            throw new NpyFormatException(source + " is truncated: " + size
                    + " bytes, too short for the .npy preamble (at least 10)");
        }
        int major = preamble.get(6) & 0xff;
        int minor = preamble.get(7) & 0xff;
        long headerLength;
        int prefix;
        if (major == 1 && minor == 0) {
            headerLength = preamble.getShort(8) & 0xffff;
            prefix = 10;
        } else if ((major == 2 || major == 3) && minor == 0) {
            preamble.limit(12);
            readFully(channel, preamble, source, "header length");
            headerLength = preamble.getInt(8) & 0xffffffffL;
            prefix = 12;
        } else {
            throw new NpyFormatException(source + " has .npy format version " + major + "." + minor
                    + ", which is not supported; supported: 1.0, 2.0, 3.0");
        }
        if (headerLength > Integer.MAX_VALUE - 8) {
            throw new NpyFormatException(source + " claims a header of " + headerLength
                    + " bytes, more than can be read (" + (Integer.MAX_VALUE - 8) + ")");
        }
        if (headerLength > size - prefix) {
            throw new NpyFormatException(source + " is truncated: the header claims " + headerLength
                    + " bytes but only " + (size - prefix) + " follow the preamble");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, source, "header");
        headerBytes.flip();
        NpyHeader header = NpyHeader.parse(decodeHeader(headerBytes, major, source), source);

        long count;
        try {
            count = NpyArray.elementCount("shape", header.shape());
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(source + ": " + e.getMessage());
        }
        NpyDtype dtype = header.dtype();
        long dataBytes = count * dtype.itemSize();
        long available = size - prefix - headerLength;
        if (available != dataBytes) {
            String what = available < dataBytes ? " is truncated: shape " : " has trailing bytes: shape ";
            throw new NpyFormatException(source + what + Checks.shape(header.shape()) + " of dtype "
                    + dtype.descr() + " needs " + dataBytes + " data bytes but " + available
                    + " follow the header");
        }
        double[] data = new double[(int) count];
        readData(channel, header.order(), dtype, data, source);
        if (header.fortranOrder() && header.shape().length > 1) {
            data = fortranToC(data, header.shape());
        }
        return new NpyArray(header.shape(), dtype, data);
    }

    private static String decodeHeader(ByteBuffer bytes, int major, String source) {
        if (major < 3) {
            return StandardCharsets.ISO_8859_1.decode(bytes).toString();
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(source + " has a version 3.0 header that is not valid UTF-8");
        }
    }

    private static void readData(FileChannel channel, ByteOrder order, NpyDtype dtype, double[] out,
                                 String source) throws IOException {
        int itemSize = dtype.itemSize();
        int perChunk = CHUNK_BYTES / itemSize;
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, (long) out.length * itemSize))
                .order(order);
        for (int offset = 0; offset < out.length; offset += perChunk) {
            int n = Math.min(perChunk, out.length - offset);
            buffer.clear().limit(n * itemSize);
            readFully(channel, buffer, source, "data");
            buffer.flip();
            switch (dtype) {
                case FLOAT64:
                    buffer.asDoubleBuffer().get(out, offset, n);
                    break;
                case FLOAT32: {
                    FloatBuffer floats = buffer.asFloatBuffer();
                    for (int i = 0; i < n; i++) {
                        out[offset + i] = floats.get(i);
                    }
                    break;
                }
                case INT64:
                case UINT64: {
                    LongBuffer longs = buffer.asLongBuffer();
                    for (int i = 0; i < n; i++) {
                        long v = longs.get(i);
                        // a uint64 above 2^63 reads as a negative long: outside the range too
                        boolean exact = dtype == NpyDtype.UINT64 ? v >= 0 && v <= MAX_EXACT_INTEGER
                                : v <= MAX_EXACT_INTEGER && v >= -MAX_EXACT_INTEGER;
                        if (!exact) {
                            throw new NpyFormatException(source + " element " + (offset + i) + " ("
                                    + (dtype == NpyDtype.UINT64 ? Long.toUnsignedString(v) : Long.toString(v))
                                    + ") of dtype " + dtype.name().toLowerCase(java.util.Locale.ROOT)
                                    + " lies outside +-2^53, so it cannot be read exactly as a double");
                        }
                        out[offset + i] = v;
                    }
                    break;
                }
                case INT32: {
                    IntBuffer ints = buffer.asIntBuffer();
                    for (int i = 0; i < n; i++) {
                        out[offset + i] = ints.get(i);
                    }
                    break;
                }
                case UINT32: {
                    IntBuffer ints = buffer.asIntBuffer();
                    for (int i = 0; i < n; i++) {
                        out[offset + i] = Integer.toUnsignedLong(ints.get(i));
                    }
                    break;
                }
                case INT16:
                case UINT16: {
                    ShortBuffer shorts = buffer.asShortBuffer();
                    for (int i = 0; i < n; i++) {
                        short v = shorts.get(i);
                        out[offset + i] = dtype == NpyDtype.INT16 ? v : Short.toUnsignedInt(v);
                    }
                    break;
                }
                case INT8:
                case UINT8:
                    for (int i = 0; i < n; i++) {
                        byte v = buffer.get(i);
                        out[offset + i] = dtype == NpyDtype.INT8 ? v : Byte.toUnsignedInt(v);
                    }
                    break;
                default:
                    throw new AssertionError(dtype);
            }
        }
    }

    /** Reorders column-major data of the given shape into row-major order. A new array. */
    private static double[] fortranToC(double[] in, long[] shape) {
        int rank = shape.length;
        long[] stride = new long[rank];
        long s = 1;
        for (int axis = 0; axis < rank; axis++) {
            stride[axis] = s;
            s *= shape[axis];
        }
        double[] out = new double[in.length];
        long[] index = new long[rank];
        long source = 0;
        for (int c = 0; c < out.length; c++) {
            out[c] = in[(int) source];
            // Odometer over the C index, last axis fastest, tracking the Fortran offset.
            for (int axis = rank - 1; axis >= 0; axis--) {
                source += stride[axis];
                if (++index[axis] < shape[axis]) {
                    break;
                }
                source -= stride[axis] * shape[axis];
                index[axis] = 0;
            }
        }
        return out;
    }

    /** Fills {@code buffer} to its limit or reports the file as truncated. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, String source, String part)
            throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new NpyFormatException(source + " is truncated: end of file inside the " + part);
            }
        }
    }

    private static String hex(ByteBuffer buffer, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02X", buffer.get(i) & 0xff));
        }
        return sb.toString();
    }

    /** The JDK's file exceptions carry only the path as their message; say what went wrong. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.toString();
    }

    // ---------------------------------------------------------------- writing

    private static void requireIntegers(double[] data, NpyDtype dtype) {
        double lo = dtype.minExact();
        double hi = dtype.maxExact();
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            if (!(v >= lo && v <= hi) || v != Math.rint(v)) {
                throw new IllegalArgumentException("data[" + i + "] (" + v + ") cannot be written as dtype "
                        + dtype.descr() + ": expected an integer in [" + (long) lo + ", " + (long) hi + "]");
            }
        }
    }

    /** Exactly one of {@code doubles} and {@code floats} is non-null and already matches the shape. */
    private static void write(Path path, NpyDtype dtype, long[] shape, double[] doubles, float[] floats) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(channel, ByteBuffer.wrap(headerBytes(dtype, shape)));
            writeData(channel, dtype, doubles, floats);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + describe(e), e);
        }
    }

    /** Preamble plus the header dict, padded with spaces and a final newline to a multiple of 64. */
    static byte[] headerBytes(NpyDtype dtype, long[] shape) {
        String dict = NpyHeader.format(dtype, shape);
        int major = 1;
        int prefix = 10;
        long unpadded = prefix + dict.length() + 1L;
        long total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        if (total - prefix > 0xffff) {
            major = 2;
            prefix = 12;
            unpadded = prefix + dict.length() + 1L;
            total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        }
        int headerLength = (int) (total - prefix);
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (out.position() < total - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    private static void writeData(FileChannel channel, NpyDtype dtype, double[] doubles, float[] floats)
            throws IOException {
        int length = doubles != null ? doubles.length : floats.length;
        int itemSize = dtype.itemSize();
        int perChunk = CHUNK_BYTES / itemSize;
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, (long) length * itemSize))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int offset = 0; offset < length; offset += perChunk) {
            int n = Math.min(perChunk, length - offset);
            buffer.clear();
            switch (dtype) {
                case FLOAT64:
                    buffer.asDoubleBuffer().put(doubles, offset, n);
                    break;
                case FLOAT32:
                    if (floats != null) {
                        buffer.asFloatBuffer().put(floats, offset, n);
                    } else {
                        FloatBuffer out = buffer.asFloatBuffer();
                        for (int i = 0; i < n; i++) {
                            out.put(i, (float) doubles[offset + i]);
                        }
                    }
                    break;
                case INT64:
                case UINT64: {
                    LongBuffer out = buffer.asLongBuffer();
                    for (int i = 0; i < n; i++) {
                        out.put(i, (long) doubles[offset + i]);
                    }
                    break;
                }
                case INT32:
                case UINT32: {
                    IntBuffer out = buffer.asIntBuffer();
                    for (int i = 0; i < n; i++) {
                        out.put(i, (int) (long) doubles[offset + i]);
                    }
                    break;
                }
                case INT16:
                case UINT16: {
                    ShortBuffer out = buffer.asShortBuffer();
                    for (int i = 0; i < n; i++) {
                        out.put(i, (short) (long) doubles[offset + i]);
                    }
                    break;
                }
                case INT8:
                case UINT8:
                    for (int i = 0; i < n; i++) {
                        buffer.put(i, (byte) (long) doubles[offset + i]);
                    }
                    break;
                default:
                    throw new AssertionError(dtype);
            }
            buffer.limit(n * itemSize);
            writeFully(channel, buffer);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
