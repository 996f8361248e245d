package org.rnntk.kernels.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * An optional split of forward+BPTT into phases, read by the benchmark harness
 * ({@code PeerTiming profile}) to show where the time goes. Off unless {@link #start()} was called;
 * then each timed span costs two {@link System#nanoTime()} calls (a few per tile). Phases inside
 * tiles run on several threads at once, so they add up thread time, not wall time. Process-wide
 * and meant for one kernel call at a time. Not API.
 */
public final class RnnProfile {

    /** The phases of one forward+BPTT call. */
    public enum Phase {
        /** Argument checks, the permuted parameters and their upload (caller's thread). */
        SETUP,
        /** Z = X Uᵀ, one GEMM per tile (thread time). */
        FORWARD_GEMM,
        /** The recurrence with the fused output partial sums (thread time). */
        FORWARD_RECURRENCE,
        /** F from the block partials, the loss and its adjoint e, chunk by chunk (thread time). */
        OUTPUTS_AND_LOSS,
        /** The adjoint recursion and ∂R̂/∂w (thread time). */
        BACKWARD_ADJOINT,
        /** (∂R̂/∂U)ᵀ += Xᵀ Δ, one GEMM per tile (thread time). */
        BACKWARD_GEMM,
        /** Threads done with their share, waiting for the others at the end of a parallel range (thread time). */
        WAIT,
        /** The pool's threads, from the start of a parallel range to their first instruction in it (thread time). */
        HANDOFF,
        /** Gathering the permuted gradients (caller's thread). */
        GRADIENT_OUT
    }

    private static volatile AtomicLongArray nanos;

    private RnnProfile() {
    }

    /** Starts (or restarts) recording from zero. */
    public static void start() {
        nanos = new AtomicLongArray(Phase.values().length);
    }

    /** Stops recording; returns the nanoseconds per phase, indexed by {@link Phase#ordinal()}. */
    public static long[] stop() {
        AtomicLongArray a = nanos;
        nanos = null;
        long[] out = new long[Phase.values().length];
        for (int i = 0; a != null && i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    /** A start mark: {@link System#nanoTime()} when recording, else 0. */
    public static long mark() {
        return nanos == null ? 0L : System.nanoTime();
    }

    /** Whether a recording is under way. */
    public static boolean recording() {
        return nanos != null;
    }

    /** Adds the time since {@code mark} to {@code phase} when recording; returns a new mark. */
    public static long add(Phase phase, long mark) {
        AtomicLongArray a = nanos;
        if (a == null) {
            return 0L;
        }
        long now = System.nanoTime();
        a.addAndGet(phase.ordinal(), now - mark);
        return now;
    }
}
