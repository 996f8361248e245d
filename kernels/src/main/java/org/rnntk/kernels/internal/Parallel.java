package org.rnntk.kernels.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that runs a range [0, count) split into contiguous chunks: chunk 0 on the
 * caller's thread, chunk c on worker c (round robin past the thread count). Work below a size
 * threshold runs on the caller's thread alone.
 *
 * <p>Workers spin for {@link #SPIN_NANOS} after each range before they park, as OpenMP runtimes do:
 * waking a parked thread costs a sizeable part of a small forward+BPTT call, and a kernel call runs
 * two or three ranges back to back (docs/design/threads.md).
 *
 * <p>Threads: any thread may call {@link #forRange}. A range started while another is running on
 * this instance (from a body, or from a second thread) runs all its chunks on its caller's thread, so
 * nothing can deadlock; the bodies of two such ranges must not share mutable state (the callers in
 * this library hold their object's lock for the whole call, so they never overlap). {@link #close()}
 * waits for the running range to end, then stops the workers; a range asked for after that throws
 * {@link IllegalStateException}. Not API.
 */
public final class Parallel implements AutoCloseable {

    /** Work units (cell-steps) below which a call stays on the calling thread. */
    public static final long SEQUENTIAL_THRESHOLD = 1L << 15;

    /** How long an idle worker polls for the next range before it parks (and the caller for the workers). */
    static final long SPIN_NANOS = 500_000;

    /** A body over one chunk [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int chunk, int from, int to);
    }

    /** One range, numbered; a job without a body marks the end of range {@code generation}. */
    private record Job(RangeBody body, int count, int chunks, long generation) {
    }

    private static final AtomicInteger POOL_ID = new AtomicInteger();

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Workers still running chunks of the current range. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The current range: one volatile write publishes it, with its generation number. */
    private volatile Job job = new Job(null, 0, 0, 0);
    private volatile Thread caller;
    /** Set first by {@link #close()}: new ranges are refused. */
    private volatile boolean closed;
    /** Set by {@link #close()} once no range runs (it holds {@link #running} for good): workers exit. */
    private volatile boolean stopped;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1");
        }
        this.threads = threads;
        int id = POOL_ID.incrementAndGet();
        this.workers = new Worker[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w + 1, "rnntk-kernels-" + id + "-" + (w + 1));
            workers[w].start();
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * The number of chunks {@link #forRange} will use for {@code count} items of {@code work}
     * units in total, each chunk at least {@code minChunk} items.
     */
    public int chunks(int count, long work, int minChunk) {
        if (threads == 1 || work < SEQUENTIAL_THRESHOLD || count < 2 * minChunk) {
            return 1;
        }
        return Math.min(threads, count / minChunk);
    }

    /**
     * Runs {@code body} over [0, count) in {@code chunks} contiguous pieces; waits for all.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void forRange(int count, int chunks, RangeBody body) {
        requireOpen();
        if (chunks <= 1) {
            body.run(0, 0, count);
            return;
        }
        if (workers.length == 0 || !running.compareAndSet(false, true)) {
            // One thread, or a range already running here (or close() holding the pool): every chunk
            // on this thread.
            requireOpen();
            for (int c = 0; c < chunks; c++) {
                body.run(c, from(count, chunks, c), from(count, chunks, c + 1));
            }
            return;
        }
        if (closed) {
            running.set(false);
            requireOpen();
        }
        try {
            caller = Thread.currentThread();
            failure.set(null);
            int active = Math.min(workers.length, chunks - 1);
            pending.set(active);
            long generation = job.generation() + 1;
            job = new Job(body, count, chunks, generation);
            for (int w = 0; w < active; w++) {
                workers[w].wake();
            }
            try {
                for (int c = 0; c < chunks; c += threads) {
                    body.run(c, from(count, chunks, c), from(count, chunks, c + 1));
                }
            } finally {
                awaitWorkers();
            }
            Throwable t = failure.getAndSet(null);
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        } finally {
            // Drops the body (and what it holds) without starting anything: the same generation.
            job = new Job(null, 0, 0, job.generation());
            running.set(false);
        }
    }

    private static int from(int count, int chunks, int c) {
        return (int) ((long) count * c / chunks);
    }

    /** Spins, then parks in short naps, until every worker of the range is done. */
    private void awaitWorkers() {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (pending.get() != 0) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 20_000);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Parallel pool (" + threads + " threads) has been closed");
        }
    }

    /**
     * Refuses new ranges, waits for a running one to end, then stops the workers. Idempotent.
     *
     * @throws IllegalStateException when called from a body of one of this pool's ranges (it would
     *                               wait for itself)
     */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        Thread self = Thread.currentThread();
        if (running.get() && (self == caller || self instanceof Worker w && w.pool() == this)) {
            throw new IllegalStateException("Parallel.close() called from inside one of the pool's own ranges");
        }
        closed = true;
        // A range that took the pool before `closed` was set finishes first; none can start after.
        while (!running.compareAndSet(false, true)) {
            if (stopped) {
                return;
            }
            LockSupport.parkNanos(this, 20_000);
        }
        stopped = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** Runs chunks index, index + threads, … of each range; spins, then parks, between ranges. */
    private final class Worker extends Thread {
        private final int index;
        private volatile boolean parked;
        private long seen;

        Worker(int index, String name) {
            super(name);
            this.index = index;
            setDaemon(true);
        }

        Parallel pool() {
            return Parallel.this;
        }

        /** Unparks this worker if it parked (it re-checks the job after saying so, see run). */
        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (!stopped) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (job.generation() == seen && !stopped) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        // Volatile write then read; forRange writes the job then reads parked:
                        // one of the two sees the other's write, so a wake-up is never lost.
                        if (job.generation() == seen && !stopped) {
                            LockSupport.park(Parallel.this);
                        }
                        parked = false;
                    }
                }
                if (stopped) {
                    return;
                }
                Job j = job;
                seen = j.generation();
                if (j.body() == null || index >= j.chunks()) {
                    continue;
                }
                try {
                    for (int c = index; c < j.chunks(); c += threads) {
                        j.body().run(c, from(j.count(), j.chunks(), c), from(j.count(), j.chunks(), c + 1));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (pending.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }
    }
}
