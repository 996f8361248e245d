package org.rnntk.kernels.internal;

/**
 * An optional wall-clock split of the empirical NTK's phases, read by the benchmark harness
 * ({@code PeerTiming gram-profile}) to show where the Gram's time goes. Off unless {@link #start()}
 * was called; then each phase costs two {@link System#nanoTime()} calls. Process-wide and meant for
 * one kernel call at a time. Not API.
 */
public final class NtkProfile {

    /** The phases of a last-step Jacobian-contraction Gram. */
    public enum Phase {
        /** Argument checks, the parameters' copies and upload, the inputs' copy and upload, the output array. */
        SETUP,
        /** Z = X Uᵀ (GEMM, row blocks over the threads). */
        PROJECTION,
        /** The forward states and the γ backward recursion (fused per sequence and neuron block). */
        RECURRENCES,
        /** ∂F/∂U = Γᵀ X per sequence (GEMMs over the threads). */
        GAMMA_X,
        /** The all-steps sensitivities (forward-mode Jacobian rows). */
        SENSITIVITIES,
        /** K = J Jᵀ over the upper triangle of tiles, and the write-back. */
        CONTRACTION,
        /** The {@code GramMatrix} record (its validation and defensive copy). */
        RESULT
    }

    private static volatile long[] nanos;

    private NtkProfile() {
    }

    /** Starts (or restarts) recording from zero. */
    public static void start() {
        nanos = new long[Phase.values().length];
    }

    /** Stops recording; returns the nanoseconds per phase, indexed by {@link Phase#ordinal()}. */
    public static long[] stop() {
        long[] a = nanos;
        nanos = null;
        return a == null ? new long[Phase.values().length] : a;
    }

    /** A start mark: {@link System#nanoTime()} when recording, else 0. */
    public static long mark() {
        return nanos == null ? 0L : System.nanoTime();
    }

    /** Adds the time since {@code mark} to {@code phase} when recording. */
    public static void add(Phase phase, long mark) {
        long[] a = nanos;
        if (a != null) {
            a[phase.ordinal()] += System.nanoTime() - mark;
        }
    }
}
