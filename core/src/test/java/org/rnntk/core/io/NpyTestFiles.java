package org.rnntk.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds {@code .npy} files byte by byte, so header variants and damage can be tested precisely. */
final class NpyTestFiles {

    private NpyTestFiles() {
    }

    /** Preamble for {@code major.0}, the header text exactly as given, then {@code data}. */
    static byte[] bytes(int major, String header, byte[] data) {
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        byte[] text = header.getBytes(charset);
        int prefix = major == 1 ? 10 : 12;
        ByteBuffer out = ByteBuffer.allocate(prefix + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.putShort((short) text.length);
        } else {
            out.putInt(text.length);
        }
        return out.put(text).put(data).array();
    }

    /** The values encoded as 8-byte doubles in the given byte order. */
    static byte[] doubles(ByteOrder order, double... values) {
        ByteBuffer out = ByteBuffer.allocate(8 * values.length).order(order);
        for (double v : values) {
            out.putDouble(v);
        }
        return out.array();
    }

    /** The values encoded as 4-byte floats in the given byte order. */
    static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(order);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }

    /** The values encoded as 8-byte integers in the given byte order. */
    static byte[] longs(ByteOrder order, long... values) {
        ByteBuffer out = ByteBuffer.allocate(8 * values.length).order(order);
        for (long v : values) {
            out.putLong(v);
        }
        return out.array();
    }

    /** The values encoded as 4-byte integers in the given byte order. */
    static byte[] ints(ByteOrder order, int... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(order);
        for (int v : values) {
            out.putInt(v);
        }
        return out.array();
    }

    /** Writes {@code bytes} to {@code dir/name} and returns the path. */
    static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
