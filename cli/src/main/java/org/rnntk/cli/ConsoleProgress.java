package org.rnntk.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.rnntk.core.Divergence;
import org.rnntk.core.TrainingListener;

/**
 * A one-line progress display (iteration, loss, ETA) redrawn in place with a carriage return, at
 * most every 200 ms. It is silent when the JVM is not attached to a terminal (CI, notebooks,
 * pipes), so logs stay clean.
 */
final class ConsoleProgress implements TrainingListener {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final String label;
    private final PrintStream out;
    private final boolean enabled;
    private long start;
    private long lastDraw;

    private ConsoleProgress(String label, PrintStream out, boolean enabled) {
        this.label = label;
        this.out = out;
        this.enabled = enabled;
    }

    /** A display on standard error when a terminal is attached, else a listener that does nothing. */
    static TrainingListener forTerminal(String label) {
        return new ConsoleProgress(label, System.err, System.console() != null);
    }

    @Override
    public void onIteration(int iteration, int total, double loss) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (iteration == 0) {
            start = now;
            lastDraw = 0;
        }
        boolean last = iteration == total;
        if (!last && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - start) / 1e9;
        double eta = iteration == 0 ? Double.NaN : elapsed / iteration * (total - iteration);
        out.printf(Locale.ROOT, "\r%s  iteration %d/%d  loss %.6g  elapsed %.1fs  eta %s   ", label, iteration, total,
                loss, elapsed, Double.isNaN(eta) ? "?" : String.format(Locale.ROOT, "%.1fs", eta));
        if (last) {
            clear();
        }
        out.flush();
    }

    /** A diverged run ends before its last iteration: clear the line all the same. */
    @Override
    public void onDivergence(Divergence divergence) {
        if (enabled && lastDraw != 0) {
            clear();
            out.flush();
        }
    }

    private void clear() {
        out.print("\r" + " ".repeat(100) + "\r");
    }
}
