package org.rnntk.kernels.internal;

import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Whether the float64 tanh tile loops run on JDK 17's incubating Vector API
 * ({@link VectorRecurrenceF64}) or on the auto-vectorized loops of {@link RecurrenceF64}: both give
 * the same bits; the Vector API form saves the copies C2's auto-vectorizer needs
 * (docs/design/tile-access.md). It is on when the JVM resolves {@code jdk.incubator.vector} (started with
 * {@code --add-modules jdk.incubator.vector}), the preferred species has 4 or 8 lanes, and the system
 * property {@value #PROPERTY} is not {@code false}. Decided once, when this class is initialized.
 * This class never touches a Vector API type unless the module is there. Not API.
 */
public final class VectorKernels {

    /** {@code true} (the default) or {@code false}: keep the auto-vectorized loops even with the module. */
    public static final String PROPERTY = "rnntk.vectorApi";

    private static final String MODULE = "jdk.incubator.vector";
    private static final String COPIED = "z copied from the tile";
    /** How the rows reach the tiles in place, for {@link #decide}. */
    static final String BYTE_BUFFER = "ByteBuffer";
    static final String MEMORY_SEGMENT = "MemorySegment";

    // A lambda, not the method reference VectorRecurrenceF64::lanes: linking a method reference
    // loads and verifies that class, and with it the Vector API types, even without the module.
    private static final String STATUS = decide(System.getProperty(PROPERTY),
            ModuleLayer.boot().findModule(MODULE).isPresent(), () -> VectorRecurrenceF64.lanes(),
            () -> VectorRecurrenceF64.byteBufferLoads() ? BYTE_BUFFER
                    : VectorRecurrenceF64.segmentLoads() ? MEMORY_SEGMENT : null);
    private static final boolean ENABLED = STATUS.startsWith("on");
    private static final boolean ZERO_COPY = ENABLED && !STATUS.contains(COPIED);

    private VectorKernels() {
    }

    /** Whether the float64 tanh tile loops use {@link VectorRecurrenceF64}. */
    public static boolean enabled() {
        return ENABLED;
    }

    /**
     * Whether the Vector API rows read z from and write Δ into the GEMM's tile in place: on JDK 17–19
     * through the Vector API's ByteBuffer loads and stores, on JDK 22 and later through its
     * MemorySegment ones (reached by method handles: JDK 20 replaced the first by the second, and
     * java.lang.foreign is a preview API in JDK 20–21); on JDK 20–21 the rows copy through the heap.
     */
    public static boolean zeroCopy() {
        return ZERO_COPY;
    }

    /** Whether the JVM resolved {@code jdk.incubator.vector} (for {@link KernelPath#runnableHere()}). */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** Whether the preferred species has 4 or 8 float64 lanes; ask only when the module is resolved. */
    static boolean lanesSupported() {
        int n = VectorRecurrenceF64.lanes();
        return n == 4 || n == 8;
    }

    /** "on (8 float64 lanes)", or "off (…)" with the reason. */
    public static String status() {
        return STATUS;
    }

    /**
     * The status for a value of {@value #PROPERTY} (null when unset), whether the module is resolved,
     * the preferred lane count and how the rows reach the tiles in place: {@link #BYTE_BUFFER},
     * {@link #MEMORY_SEGMENT} or null (both asked only when the module is there).
     *
     * @throws IllegalArgumentException if the property is set to anything but true or false
     */
    static String decide(String property, boolean moduleResolved, IntSupplier lanes, Supplier<String> tileAccess) {
        if (property != null) {
            String value = property.trim().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("system property " + PROPERTY + " = '" + property
                        + "': expected true or false");
            }
            if (value.equals("false")) {
                return "off (-D" + PROPERTY + "=" + property + ")";
            }
        }
        if (!moduleResolved) {
            return "off (" + MODULE + " not resolved: run java with --add-modules " + MODULE + ")";
        }
        int n = lanes.getAsInt();
        if (n != 4 && n != 8) {
            return "off (" + n + " float64 lanes; the kernels use 4 or 8)";
        }
        String access = tileAccess.get();
        if (BYTE_BUFFER.equals(access)) {
            return "on (" + n + " float64 lanes)";
        }
        if (MEMORY_SEGMENT.equals(access)) {
            return "on (" + n + " float64 lanes; tiles through MemorySegment)";
        }
        return "on (" + n + " float64 lanes; " + COPIED + ": this JDK's Vector API loads from a MemorySegment,"
                + " a preview API before JDK 22)";
    }
}
