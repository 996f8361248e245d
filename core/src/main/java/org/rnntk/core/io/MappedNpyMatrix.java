package org.rnntk.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

import org.rnntk.core.Checks;

/**
 * A float64 rows×cols {@code .npy} file written in blocks through memory mapping, for matrices too
 * large for the heap (an n = 16 384 Gram is 2 GiB): the header is written at creation, the file is
 * sized to its final length, and each block is copied into mapped segments of at most 1 GiB, so the
 * data live in the page cache rather than on the heap. The result is an ordinary C-order
 * {@code .npy} file ({@code numpy.load(path, mmap_mode='r')} opens it without reading it all).
 *
 * <p>Thread rule: the methods synchronize, so blocks written from several threads are serialized;
 * after {@link #close()} (which forces the mapped pages to disk) every method throws
 * {@link IllegalStateException}. Entries never written read as 0.
 */
public final class MappedNpyMatrix implements AutoCloseable {

    private static final long SEGMENT_BYTES = 1L << 30;

    private final Path path;
    private final long rows;
    private final long cols;
    private final long dataOffset;
    private final long rowsPerSegment;
    private final FileChannel channel;
    private final MappedByteBuffer[] segments;
    private final DoubleBuffer[] views;
    private boolean closed;

    private MappedNpyMatrix(Path path, long rows, long cols) throws IOException {
        this.path = path;
        this.rows = rows;
        this.cols = cols;
        byte[] header = Npy.headerBytes(NpyDtype.FLOAT64, new long[] {rows, cols});
        this.dataOffset = header.length;
        long rowBytes = cols * Double.BYTES;
        if (rowBytes > SEGMENT_BYTES) {
            throw new IllegalArgumentException("a row of " + cols + " doubles exceeds the 1 GiB mapping segment");
        }
        this.rowsPerSegment = Math.max(1, SEGMENT_BYTES / rowBytes);
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ByteBuffer h = ByteBuffer.wrap(header);
            while (h.hasRemaining()) {
                channel.write(h, h.position());
            }
            long total = dataOffset + rows * rowBytes;
            // Size the file: one byte at the end (the rest is a hole that reads as zeros).
            if (rows > 0 && cols > 0) {
                channel.write(ByteBuffer.wrap(new byte[1]), total - 1);
            }
            int count = (int) ((rows + rowsPerSegment - 1) / rowsPerSegment);
            this.segments = new MappedByteBuffer[count];
            this.views = new DoubleBuffer[count];
            for (int s = 0; s < count; s++) {
                long first = s * rowsPerSegment;
                long segRows = Math.min(rowsPerSegment, rows - first);
                segments[s] = channel.map(FileChannel.MapMode.READ_WRITE, dataOffset + first * rowBytes,
                        segRows * rowBytes);
                views[s] = segments[s].order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Creates (or truncates) {@code path} as a rows×cols float64 {@code .npy} file.
     *
     * @throws UncheckedIOException when the file cannot be created or mapped
     */
    public static MappedNpyMatrix create(Path path, long rows, long cols) {
        Objects.requireNonNull(path, "path");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("shape " + Checks.shape(rows, cols) + " must be non-negative");
        }
        try {
            return new MappedNpyMatrix(path, rows, cols);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mapped .npy file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Number of rows. */
    public long rows() {
        return rows;
    }

    /** Number of columns. */
    public long cols() {
        return cols;
    }

    /**
     * Writes a block: entry (row0 + r, col0 + c) = block[r·blockCols + c].
     *
     * @param block row-major blockRows×blockCols values (not modified)
     */
    public synchronized void writeBlock(long row0, long col0, int blockRows, int blockCols, double[] block) {
        requireOpen();
        requireBlock(row0, col0, blockRows, blockCols, block);
        for (int r = 0; r < blockRows; r++) {
            put(row0 + r, col0, block, r * blockCols, blockCols);
        }
    }

    /**
     * Writes a block transposed: entry (row0 + c, col0 + r) = block[r·blockCols + c], e.g. the mirror
     * of an off-diagonal tile of a symmetric matrix.
     *
     * @param block row-major blockRows×blockCols values (not modified); the written region is
     *              blockCols×blockRows
     */
    public synchronized void writeBlockTransposed(long row0, long col0, int blockRows, int blockCols,
                                                  double[] block) {
        requireOpen();
        requireBlock(row0, col0, blockCols, blockRows, block);
        double[] line = new double[blockRows];
        for (int c = 0; c < blockCols; c++) {
            for (int r = 0; r < blockRows; r++) {
                line[r] = block[r * blockCols + c];
            }
            put(row0 + c, col0, line, 0, blockRows);
        }
    }

    /** Entry (row, col), read back from the mapping. */
    public synchronized double get(long row, long col) {
        requireOpen();
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("entry (" + row + ", " + col + ") outside " + Checks.shape(rows, cols));
        }
        int s = (int) (row / rowsPerSegment);
        return views[s].get((int) ((row - s * rowsPerSegment) * cols + col));
    }

    private void put(long row, long col0, double[] src, int offset, int length) {
        int s = (int) (row / rowsPerSegment);
        views[s].put((int) ((row - s * rowsPerSegment) * cols + col0), src, offset, length);
    }

    private void requireBlock(long row0, long col0, int regionRows, int regionCols, double[] block) {
        Objects.requireNonNull(block, "block");
        if (regionRows < 0 || regionCols < 0 || row0 < 0 || col0 < 0 || row0 + regionRows > rows
                || col0 + regionCols > cols) {
            throw new IllegalArgumentException("a " + regionRows + "x" + regionCols + " region at (" + row0 + ", " + col0
                    + ") does not fit in the " + Checks.shape(rows, cols) + " matrix of " + path);
        }
        if ((long) regionRows * regionCols != block.length) {
            throw new IllegalArgumentException("block has length " + block.length + " but the region is "
                    + regionRows + "x" + regionCols);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("mapped .npy file " + path + " is closed");
        }
    }

    /** Forces the mapped pages to the file and closes it; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (MappedByteBuffer s : segments) {
                s.force();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
