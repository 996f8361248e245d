package org.rnntk.kernels.internal;

import java.nio.ByteBuffer;

/**
 * A tile's off-heap memory as the Vector API rows read and write it in place ({@link
 * VectorRecurrenceF64#direct}): the bytes in native order, and on JDK 22 and later the same memory
 * as a {@code java.lang.foreign.MemorySegment} (JDK 20 replaced the Vector API's ByteBuffer loads and
 * stores by MemorySegment ones; a library compiled for Java 17 reaches them through method handles).
 * Not API.
 */
public final class DirectTile {

    /** The tile's bytes: vector loads and stores on JDK 17–19, scalar ones (row tails) everywhere. */
    final ByteBuffer bytes;
    /** The same memory as a MemorySegment (JDK 22+), or null where the ByteBuffer loads exist. */
    final Object segment;

    DirectTile(ByteBuffer bytes, Object segment) {
        this.bytes = bytes;
        this.segment = segment;
    }
}
