package org.rnntk.spark.internal;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Counts finished units of work (runs, tiles) and prints "finished/total, failed, elapsed, ETA" on a
 * stream, at most once a second and always for the last unit, or hands every new count to a
 * {@link Listener}. Thread-safe: {@link #finished} is synchronized. Not part of the API.
 */
public final class Progress {

    /** Receives the counts after each finished unit (called under this counter's lock). */
    @FunctionalInterface
    public interface Listener {
        void counted(int finished, int failed, int total);
    }

    private static final long PRINT_NANOS = 1_000_000_000L;

    private final String label;
    private final String unit;
    private final int total;
    private final PrintStream out;
    private final Listener listener;
    private final long start = System.nanoTime();
    private long lastPrint;
    private int done;
    private int failed;

    /** A counter of {@code total} units named {@code unit}, printed on {@code out} (null: silent). */
    public Progress(String label, String unit, int total, PrintStream out) {
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.out = out;
        this.listener = null;
    }

    /** A counter of {@code total} units that reports each new count to {@code listener}. */
    public Progress(String unit, int total, Listener listener) {
        this.label = "";
        this.unit = unit;
        this.total = total;
        this.out = null;
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** The number of units to finish. */
    public int total() {
        return total;
    }

    /** One more unit finished. */
    public synchronized void finished(boolean ok) {
        done++;
        if (!ok) {
            failed++;
        }
        if (listener != null) {
            listener.counted(done, failed, total);
        }
        long now = System.nanoTime();
        if (out != null && (done == total || now - lastPrint >= PRINT_NANOS)) {
            lastPrint = now;
            double elapsed = (now - start) / 1e9;
            double eta = elapsed / done * (total - done);
            out.printf(Locale.ROOT, "%s: %d/%d %s finished%s, elapsed %.1f s, eta %.1f s%n", label, done, total, unit,
                    failed > 0 ? " (" + failed + " failed)" : "", elapsed, eta);
            out.flush();
        }
    }

    /** Sets the count (for a driver that polls a counter); prints as {@link #finished} does. */
    public synchronized void update(int finishedNow, int failedNow) {
        while (done < finishedNow) {
            boolean ok = failed >= failedNow;
            finished(ok);
        }
    }

    /** Units finished so far. */
    public synchronized int done() {
        return done;
    }
}
