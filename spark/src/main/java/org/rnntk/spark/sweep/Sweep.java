package org.rnntk.spark.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.rnntk.spark.SparkContexts;

/**
 * The sweep engine: a map of a serializable function over a list of independent cells, computed
 * where an {@link Executor} says. Results come back in cell order and do not depend on the executor
 * as long as the function is deterministic and builds (and closes) every backend it uses itself, on
 * the thread that runs the cell: a cell's numbers then do not depend on what runs beside it. A cell
 * that throws a {@link RuntimeException} becomes a {@link CellResult} carrying the error; the other
 * cells still run.
 *
 * <p>Thread rule: {@link #map} may be called from any thread; the threads executor serializes its
 * listener calls.
 */
public final class Sweep {

    private static final long POLL_MILLIS = 250;

    private Sweep() {
    }

    /**
     * Applies {@code run} to every cell.
     *
     * @param cells    the cells; not modified; serializable for the Spark executor
     * @param run      the function of one cell
     * @param executor where the cells run
     * @param listener progress (null: none)
     * @return one result per cell, in cell order
     */
    public static <C extends Serializable, R extends Serializable> List<CellResult<R>> map(
            List<C> cells, SerializableFunction<C, R> run, Executor executor, SweepListener listener) {
        Objects.requireNonNull(cells, "cells");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(executor, "executor");
        List<C> copy = new ArrayList<>(cells);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) == null) {
                throw new IllegalArgumentException("cell " + i + " is null; every cell must be a value");
            }
        }
        Clock clock = new Clock(copy.size(), listener == null ? SweepListener.NONE : listener);
        if (copy.isEmpty()) {
            return List.of();
        }
        if (executor instanceof Executor.Sequential) {
            List<CellResult<R>> out = new ArrayList<>(copy.size());
            for (int i = 0; i < copy.size(); i++) {
                CellResult<R> r = apply(run, i, copy.get(i));
                out.add(r);
                clock.finished(r.ok());
            }
            return out;
        }
        if (executor instanceof Executor.Threads t) {
            return onThreads(copy, run, t.threads(), clock);
        }
        Executor.Spark s = (Executor.Spark) executor;
        if (s.context() != null) {
            return onSpark(s.context(), copy, run, clock);
        }
        try (JavaSparkContext sc = SparkContexts.create(s.master(), "rnntk sweep")) {
            return onSpark(sc, copy, run, clock);
        }
    }

    /** The same function a Spark task applies: the cell's value, or its error. */
    static <C, R> CellResult<R> apply(SerializableFunction<C, R> run, int index, C cell) {
        try {
            return new CellResult<>(index, run.apply(cell), null);
        } catch (RuntimeException e) {
            return new CellResult<>(index, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static <C, R> List<CellResult<R>> onThreads(List<C> cells, SerializableFunction<C, R> run, int threads,
                                                        Clock clock) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CellResult<R>>> futures = new ArrayList<>(cells.size());
            for (int i = 0; i < cells.size(); i++) {
                int index = i;
                C cell = cells.get(i);
                futures.add(pool.submit(() -> {
                    CellResult<R> r = apply(run, index, cell);
                    clock.finished(r.ok());
                    return r;
                }));
            }
            List<CellResult<R>> out = new ArrayList<>(cells.size());
            for (Future<CellResult<R>> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sweep's cells", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a cell threw outside its error handling: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** An element of the distributed list: the cell with its index. */
    private record Indexed<C>(int index, C cell) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static <C, R> List<CellResult<R>> onSpark(JavaSparkContext sc, List<C> cells,
                                                      SerializableFunction<C, R> run, Clock clock) {
        List<Indexed<C>> indexed = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            indexed.add(new Indexed<>(i, cells.get(i)));
        }
        LongAccumulator finished = sc.sc().longAccumulator("rnntk cells finished");
        LongAccumulator failed = sc.sc().longAccumulator("rnntk cells failed");
        JavaFutureAction<List<CellResult<R>>> job = sc.parallelize(indexed, indexed.size()).map(c -> {
            CellResult<R> r = apply(run, c.index(), c.cell());
            finished.add(1);
            if (!r.ok()) {
                failed.add(1);
            }
            return r;
        }).collectAsync();
        try {
            while (!job.isDone()) {
                clock.update(finished.value().intValue(), failed.value().intValue());
                Thread.sleep(POLL_MILLIS);
            }
            List<CellResult<R>> out = new ArrayList<>(job.get());
            clock.update(out.size(), (int) out.stream().filter(r -> !r.ok()).count());
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).cell() != i) {
                    throw new IllegalStateException("the Spark job returned cell " + out.get(i).cell() + " at position " + i);
                }
            }
            return out;
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sweep job", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the sweep job failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Counts finished cells and reports them with an ETA; synchronized (pool threads call it). */
    private static final class Clock {
        private final int total;
        private final SweepListener listener;
        private final long start = System.nanoTime();
        private int done;
        private int failed;

        Clock(int total, SweepListener listener) {
            this.total = total;
            this.listener = listener;
        }

        synchronized void finished(boolean ok) {
            done++;
            if (!ok) {
                failed++;
            }
            report();
        }

        /** Sets the counts polled from a job; reports only when they moved. */
        synchronized void update(int finishedNow, int failedNow) {
            if (finishedNow > done) {
                done = Math.min(finishedNow, total);
                failed = failedNow;
                report();
            }
        }

        private void report() {
            double elapsed = (System.nanoTime() - start) / 1e9;
            listener.progress(done, failed, total, elapsed, elapsed / done * (total - done));
        }
    }
}
