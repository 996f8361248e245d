package org.rnntk.kernels.internal;

import java.util.Optional;

/**
 * Whether the float64 tanh tile loops run on JDK 17's incubating Vector API
 * ({@link VectorRecurrenceF64}) or on the auto-vectorized loops of {@link RecurrenceF64}: both give
 * the same bits; the Vector API form saves the copies C2's auto-vectorizer needs (docs/benchmarks.md,
 * "Vector API"). It is on when the JVM resolves {@code jdk.incubator.vector} (started with
 * {@code --add-modules jdk.incubator.vector}), the preferred species has 4 or 8 lanes, and the system
 * property {@value #PROPERTY} is not {@code false}. Decided once, when this class is initialized.
 * This class never touches a Vector API type unless the module is there. Not API.
 */
public final class VectorKernels {

    /** Set to {@code false} to keep the auto-vectorized loops even when the module is resolved. */
    public static final String PROPERTY = "rnntk.vectorApi";

    private static final String MODULE = "jdk.incubator.vector";

    private static final String STATUS;
    private static final boolean ENABLED;

    static {
        String status;
        boolean enabled = false;
        Optional<Module> module = ModuleLayer.boot().findModule(MODULE);
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            status = "off (-D" + PROPERTY + "=" + System.getProperty(PROPERTY) + ")";
        } else if (module.isEmpty()) {
            status = "off (" + MODULE + " not resolved: run java with --add-modules " + MODULE + ")";
        } else {
            int lanes = VectorRecurrenceF64.lanes();
            enabled = lanes == 4 || lanes == 8;
            status = enabled ? "on (" + lanes + " float64 lanes)"
                    : "off (" + lanes + " float64 lanes; the kernels use 4 or 8)";
        }
        STATUS = status;
        ENABLED = enabled;
    }

    private VectorKernels() {
    }

    /** Whether the float64 tanh tile loops use {@link VectorRecurrenceF64}. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** "on (8 float64 lanes)", or "off (…)" with the reason. */
    public static String status() {
        return STATUS;
    }
}
