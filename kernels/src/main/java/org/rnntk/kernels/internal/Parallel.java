package org.rnntk.kernels.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool that runs a range [0, count) split into contiguous chunks. Work below a size
 * threshold runs on the caller's thread: with ~µs task hand-off, splitting tiny problems loses.
 * Not API.
 */
public final class Parallel implements AutoCloseable {

    /** Work units (cell-steps) below which a call stays on the calling thread. */
    public static final long SEQUENTIAL_THRESHOLD = 1L << 15;

    /** A body over one chunk [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int chunk, int from, int to);
    }

    private static final AtomicInteger POOL_ID = new AtomicInteger();

    private final int threads;
    private final ExecutorService pool;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1");
        }
        this.threads = threads;
        int id = POOL_ID.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rnntk-kernels-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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

    /** Runs {@code body} over [0, count) in {@code chunks} contiguous pieces; waits for all. */
    public void forRange(int count, int chunks, RangeBody body) {
        if (chunks <= 1) {
            body.run(0, 0, count);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) count * c / chunks);
            int to = (int) ((long) count * (c + 1) / chunks);
            int chunk = c;
            futures.add(pool.submit(() -> body.run(chunk, from, to)));
        }
        body.run(0, 0, (int) ((long) count / chunks));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a kernel task", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
