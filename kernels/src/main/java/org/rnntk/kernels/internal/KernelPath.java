package org.rnntk.kernels.internal;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/**
 * Every path a tile of forward+BPTT can take through {@link RecurrenceF64}, {@link
 * VectorRecurrenceF64} and {@link RecurrenceF32}: the one place that lists them. A path is a
 * precision, the form of σ' the adjoint uses (tanh fused into one loop, σ'(z) computed from h, or
 * from a kept Z), whether the rows run on the Vector API and how they reach the GEMM's tile
 * (docs/design/tile-access.md). The loss does not choose a path: it enters only through the adjoint
 * e that every path reads. Not API.
 *
 * <p>The float64 paths of one activation give the same bits (docs/design/tile-access.md); the
 * float32 paths round each step to float32.
 */
public enum KernelPath {

    /** float64 tanh, auto-vectorized loops, z copied from the tile into the row of H. */
    F64_TANH_LOOPS(true, Form.TANH_FUSED, false, Access.COPY),
    /** float64 tanh, Vector API rows reading and writing the tile through ByteBuffer (JDK 17–19). */
    F64_TANH_VECTOR_BYTE_BUFFER(true, Form.TANH_FUSED, true, Access.BYTE_BUFFER),
    /** float64 tanh, Vector API rows reading and writing the tile through MemorySegment (JDK 22+). */
    F64_TANH_VECTOR_MEMORY_SEGMENT(true, Form.TANH_FUSED, true, Access.MEMORY_SEGMENT),
    /** float64 tanh, Vector API rows copying z out of and Δ into the tile (JDK 20–21, or any JDK in tests). */
    F64_TANH_VECTOR_COPY(true, Form.TANH_FUSED, true, Access.COPY),
    /** float64, σ' from h (e.g. sigmoid): scalar σ calls. */
    F64_FROM_VALUE(true, Form.FROM_VALUE, false, Access.COPY),
    /** float64, σ' from the kept pre-activations Z (an activation without a derivative from its value). */
    F64_FROM_PREACTIVATION(true, Form.FROM_PREACTIVATION, false, Access.COPY),
    /** float32 tanh, auto-vectorized loops. */
    F32_TANH_LOOPS(false, Form.TANH_FUSED, false, Access.COPY),
    /** float32, σ' from h. */
    F32_FROM_VALUE(false, Form.FROM_VALUE, false, Access.COPY),
    /** float32, σ' from the kept pre-activations Z. */
    F32_FROM_PREACTIVATION(false, Form.FROM_PREACTIVATION, false, Access.COPY);

    /** How the adjoint gets σ'. */
    public enum Form {
        /** tanh: σ and σ' = 1 − h² inlined into the loops (FastTanh in float64). */
        TANH_FUSED,
        /** σ'(z) from h = σ(z) ({@link Activation#hasDerivativeFromValue()}), through the interface. */
        FROM_VALUE,
        /** σ'(z) from Z, kept by the forward pass. */
        FROM_PREACTIVATION
    }

    /** How the rows reach the GEMM's off-heap tile. */
    public enum Access {
        /** Copied between the tile and a heap row. */
        COPY,
        /** In place, the Vector API's ByteBuffer loads and stores (JDK 17–19). */
        BYTE_BUFFER,
        /** In place, the Vector API's MemorySegment loads and stores (JDK 22+). */
        MEMORY_SEGMENT
    }

    private final boolean float64;
    private final Form form;
    private final boolean vectorApi;
    private final Access access;

    KernelPath(boolean float64, Form form, boolean vectorApi, Access access) {
        this.float64 = float64;
        this.form = form;
        this.vectorApi = vectorApi;
        this.access = access;
    }

    /** Whether the path computes in float64 (else float32 with float64 partial sums). */
    public boolean float64() {
        return float64;
    }

    /** How the adjoint gets σ'. */
    public Form form() {
        return form;
    }

    /** Whether the rows run on {@link VectorRecurrenceF64}. */
    public boolean vectorApi() {
        return vectorApi;
    }

    /** How the rows reach the tile. */
    public Access access() {
        return access;
    }

    /**
     * Whether this JVM can run the path at all: the Vector API paths need the module and 4 or 8 lanes
     * (the copying one then runs everywhere), the in-place ones their JDK's loads and stores.
     */
    public boolean runnableHere() {
        if (!vectorApi) {
            return true;
        }
        if (!VectorKernels.vectorModulePresent() || !VectorKernels.lanesSupported()) {
            return false;
        }
        switch (access) {
            case BYTE_BUFFER:
                return VectorRecurrenceF64.byteBufferLoads();
            case MEMORY_SEGMENT:
                return VectorRecurrenceF64.segmentLoads();
            default:
                return true;
        }
    }

    /** The form of σ' the backend uses for {@code act} (tanh is fused only when σ' comes from h). */
    public static Form formOf(Activation act) {
        if (!act.hasDerivativeFromValue()) {
            return Form.FROM_PREACTIVATION;
        }
        return act == Activations.tanh() ? Form.TANH_FUSED : Form.FROM_VALUE;
    }

    /** The path the backend takes in this JVM for a precision and an activation. */
    public static KernelPath active(boolean float64, Activation act) {
        Form f = formOf(act);
        if (!float64) {
            return f == Form.TANH_FUSED ? F32_TANH_LOOPS : f == Form.FROM_VALUE ? F32_FROM_VALUE : F32_FROM_PREACTIVATION;
        }
        if (f != Form.TANH_FUSED) {
            return f == Form.FROM_VALUE ? F64_FROM_VALUE : F64_FROM_PREACTIVATION;
        }
        if (!VectorKernels.enabled()) {
            return F64_TANH_LOOPS;
        }
        if (!VectorKernels.zeroCopy()) {
            return F64_TANH_VECTOR_COPY;
        }
        return VectorRecurrenceF64.byteBufferLoads() ? F64_TANH_VECTOR_BYTE_BUFFER : F64_TANH_VECTOR_MEMORY_SEGMENT;
    }
}
