package org.rnntk.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a command's stages ("loss and gradient", "the all-steps Gram 4096 x 4096") on standard
 * error, never on standard output, so data piped from stdout stays clean. On a terminal the current
 * stage and its elapsed time are redrawn in place once it has run a second; without a terminal (a
 * log, CI) nothing is printed unless a stage runs longer than {@value #QUIET_SECONDS} s, and then one
 * line when it passes that mark, one a minute after, and one when it ends. A stage made of counted
 * units (a sweep's runs, a Gram's tiles) also shows "finished/total units (failed), ETA", the ETA
 * being the elapsed time per finished unit times the units left. Methods are synchronized: a timer
 * thread redraws, and workers or a polling driver report counts.
 */
final class StageProgress implements AutoCloseable {

    static final long QUIET_SECONDS = 5;
    private static final long TERMINAL_DELAY_MS = 1000;

    private final String command;
    private final PrintStream err;
    private final boolean terminal;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> tick;
    private String stage;
    private long stageStart;
    private boolean drawn;
    private boolean announced;
    private long lastAnnounce;
    private String unit;
    private int total;
    private int finished;
    private int failed;

    private StageProgress(String command, PrintStream err, boolean terminal, boolean enabled) {
        this.command = command;
        this.err = err;
        this.terminal = terminal;
        this.timer = enabled ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rnntk-progress");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Progress on {@link System#err}. */
    static StageProgress onStandardError(String command) {
        return new StageProgress(command, System.err, System.console() != null, true);
    }

    /** No output at all. */
    static StageProgress silent() {
        return new StageProgress("", System.err, false, false);
    }

    /** Ends the current stage (if any) and starts {@code description}. */
    synchronized void stage(String description) {
        endStage();
        if (timer == null) {
            return;
        }
        stage = description;
        stageStart = System.nanoTime();
        drawn = false;
        announced = false;
        unit = null;
        tick = timer.scheduleAtFixedRate(this::onTick, terminal ? TERMINAL_DELAY_MS : 1000, 1000,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts {@code description} as a stage of {@code total} units named {@code unit} ("runs",
     * "tiles"); report them with {@link #counted}.
     */
    synchronized void stage(String description, String unit, int total) {
        stage(description);
        this.unit = unit;
        this.total = total;
        this.finished = 0;
        this.failed = 0;
    }

    /** The current counted stage has {@code finishedNow} units done, {@code failedNow} of them failed. */
    synchronized void counted(int finishedNow, int failedNow, int totalNow) {
        finished = finishedNow;
        failed = failedNow;
        total = totalNow;
    }

    /** "3/10 runs (1 failed), ETA 12s" for a counted stage; empty otherwise. */
    private String counts(long elapsedNanos) {
        if (unit == null) {
            return "";
        }
        String eta = finished == 0 ? "ETA -" : String.format(Locale.ROOT, "ETA %ds",
                Math.round(elapsedNanos / 1e9 / finished * (total - finished)));
        return String.format(Locale.ROOT, ": %d/%d %s%s, %s", finished, total, unit,
                failed > 0 ? " (" + failed + " failed)" : "", eta);
    }

    /**
     * Replaces the current stage's description (e.g. "training, iteration 120/500") without ending it:
     * its timer and the announcements go on. Cheap enough to call at every iteration.
     */
    synchronized void detail(String description) {
        if (stage != null) {
            stage = description;
        }
    }

    private synchronized void onTick() {
        if (stage == null) {
            return;
        }
        long elapsed = System.nanoTime() - stageStart;
        long seconds = elapsed / 1_000_000_000L;
        if (terminal) {
            err.printf(Locale.ROOT, "\r[rnntk %s] %s%s  %ds   ", command, stage, counts(elapsed), seconds);
            err.flush();
            drawn = true;
        } else if (seconds >= QUIET_SECONDS && (!announced || seconds - lastAnnounce >= 60)) {
            err.printf(Locale.ROOT, "rnntk %s: %s running for %ds%s%n", command, stage, seconds, counts(elapsed));
            announced = true;
            lastAnnounce = seconds;
        }
    }

    private void endStage() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (stage == null) {
            return;
        }
        double seconds = (System.nanoTime() - stageStart) / 1e9;
        if (drawn) {
            err.print("\r" + " ".repeat(Math.min(200, stage.length() + command.length() + 60)) + "\r");
            err.flush();
        }
        if (announced) {
            err.printf(Locale.ROOT, "rnntk %s: %s done in %.1fs%n", command, stage, seconds);
        }
        stage = null;
    }

    /** Ends the last stage and stops the timer. */
    @Override
    public synchronized void close() {
        endStage();
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
