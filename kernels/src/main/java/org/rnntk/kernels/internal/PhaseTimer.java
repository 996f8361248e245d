package org.rnntk.kernels.internal;

import java.util.Objects;

import org.rnntk.kernels.KernelProfiler;

/**
 * A kernel object's {@link KernelProfiler} with the one test the loops make before reading the
 * clock: the object builds it once and hands it to the passes it runs. With
 * {@link KernelProfiler#NONE} ({@link #OFF}) {@link #mark()} and {@link #add} read no clock and
 * return 0. Immutable; the profiler's own thread rule applies. Not API.
 */
public final class PhaseTimer {

    /** The timer of {@link KernelProfiler#NONE}. */
    public static final PhaseTimer OFF = new PhaseTimer(KernelProfiler.NONE);

    private final KernelProfiler profiler;
    /** Whether spans are timed: false only for NONE. */
    private final boolean on;

    private PhaseTimer(KernelProfiler profiler) {
        this.profiler = profiler;
        this.on = profiler != KernelProfiler.NONE;
    }

    /** The timer of {@code profiler}: {@link #OFF} for {@link KernelProfiler#NONE}. */
    public static PhaseTimer of(KernelProfiler profiler) {
        Objects.requireNonNull(profiler, "profiler (use KernelProfiler.NONE for none)");
        return profiler == KernelProfiler.NONE ? OFF : new PhaseTimer(profiler);
    }

    /** Whether spans are timed. */
    public boolean on() {
        return on;
    }

    /** A start mark: {@link System#nanoTime()} when timing, else 0. */
    public long mark() {
        return on ? System.nanoTime() : 0L;
    }

    /** Records the time since {@code mark} as {@code phase} when timing; returns a new mark (else 0). */
    public long add(KernelProfiler.Phase phase, long mark) {
        if (!on) {
            return 0L;
        }
        long now = System.nanoTime();
        profiler.record(phase, now - mark);
        return now;
    }
}
