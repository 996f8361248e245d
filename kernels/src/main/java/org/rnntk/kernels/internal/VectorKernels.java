package org.rnntk.kernels.internal;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Whether the float64 tanh tile loops run on JDK 17's incubating Vector API
 * ({@link VectorRecurrenceF64}) or on the auto-vectorized loops of {@link RecurrenceF64}: both give
 * the same bits; the Vector API form saves the copies C2's auto-vectorizer needs (docs/architecture.md,
 * "Vector API"). It is on when the JVM resolves {@code jdk.incubator.vector} (started with
 * {@code --add-modules jdk.incubator.vector}), the preferred species has 4 or 8 lanes, and the system
 * property {@value #PROPERTY} is not {@code false}. Decided once, when this class is initialized.
 * This class never touches a Vector API type unless the module is there. Not API.
 */
public final class VectorKernels {

    /** {@code true} (the default) or {@code false}: keep the auto-vectorized loops even with the module. */
    public static final String PROPERTY = "rnntk.vectorApi";

    private static final String MODULE = "jdk.incubator.vector";
    private static final String COPIED = "z copied from the tile";

    // A lambda, not the method reference VectorRecurrenceF64::lanes: linking a method reference
    // loads and verifies that class, and with it the Vector API types, even without the module.
    private static final String STATUS = decide(System.getProperty(PROPERTY),
            ModuleLayer.boot().findModule(MODULE).isPresent(), () -> VectorRecurrenceF64.lanes(),
            () -> VectorRecurrenceF64.byteBufferLoads());
    private static final boolean ENABLED = STATUS.startsWith("on");
    private static final boolean ZERO_COPY = ENABLED && !STATUS.contains(COPIED);

    private VectorKernels() {
    }

    /** Whether the float64 tanh tile loops use {@link VectorRecurrenceF64}. */
    public static boolean enabled() {
        return ENABLED;
    }

    /**
     * Whether the Vector API forward reads z straight from the GEMM's tile: only on JDK 17–19, whose
     * Vector API loads from a ByteBuffer (JDK 20 replaced those loads by MemorySegment ones, which a
     * Java 17 library cannot call); elsewhere it copies each row of z out first.
     */
    public static boolean zeroCopy() {
        return ZERO_COPY;
    }

    /** "on (8 float64 lanes)", or "off (…)" with the reason. */
    public static String status() {
        return STATUS;
    }

    /**
     * The status for a value of {@value #PROPERTY} (null when unset), whether the module is resolved,
     * the preferred lane count and whether the Vector API loads from a ByteBuffer (both asked only
     * when the module is there).
     *
     * @throws IllegalArgumentException if the property is set to anything but true or false
     */
    static String decide(String property, boolean moduleResolved, IntSupplier lanes, BooleanSupplier byteBufferLoads) {
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
        return byteBufferLoads.getAsBoolean() ? "on (" + n + " float64 lanes)"
                : "on (" + n + " float64 lanes; " + COPIED + ": this JDK's Vector API has no ByteBuffer loads)";
    }
}
