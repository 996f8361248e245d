package org.rnntk.kernels.profiling;

import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.atomic.LongAdder;

import org.rnntk.kernels.KernelProfiler;

/**
 * A {@link KernelProfiler} that adds up, per phase, the nanoseconds and the number of spans it is
 * told about. Attach one to the kernel object to be profiled, read {@link #nanos} after the calls,
 * {@link #reset()} between rounds.
 *
 * <p>Thread rule: {@link #record} may be called by any number of threads at once (one
 * {@link LongAdder} per phase and per quantity, so the pool's threads do not contend on one
 * counter). A read while calls are in progress sees some of their spans; {@link #reset()} during a
 * call may keep some of its spans: read and reset between the calls whose phases you want.
 */
public final class PhaseTotals implements KernelProfiler {

    private static final Phase[] PHASES = Phase.values();

    private final LongAdder[] nanos = adders();
    private final LongAdder[] spans = adders();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[PHASES.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    @Override
    public void record(Phase phase, long nanos) {
        int i = phase.ordinal();
        this.nanos[i].add(nanos);
        spans[i].increment();
    }

    /** The nanoseconds recorded for {@code phase} since creation or the last {@link #reset()}. */
    public long nanos(Phase phase) {
        return nanos[Objects.requireNonNull(phase, "phase").ordinal()].sum();
    }

    /** The number of spans recorded for {@code phase} since creation or the last {@link #reset()}. */
    public long spans(Phase phase) {
        return spans[Objects.requireNonNull(phase, "phase").ordinal()].sum();
    }

    /** Sets every total back to zero. */
    public void reset() {
        for (int i = 0; i < PHASES.length; i++) {
            nanos[i].reset();
            spans[i].reset();
        }
    }

    /** The phases with at least one span: name, spans and milliseconds. */
    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ", "PhaseTotals[", "]");
        for (Phase p : PHASES) {
            long k = spans(p);
            if (k > 0) {
                s.add(p + ": " + k + " spans, " + nanos(p) / 1e6 + " ms");
            }
        }
        return s.toString();
    }
}
