package org.rnntk.kernels.internal;

import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * The OpenBLAS thread count the library's calls need, set while they run and put back after.
 * OpenBLAS keeps one count for the whole process (this build uses its own pthreads pool, not
 * OpenMP), so calls on several threads must agree: each call registers its request with
 * {@link #request}, and while any call is registered OpenBLAS runs on the <em>smallest</em> request
 * (a call that spreads its GEMMs over its own Java threads asks for 1 and must not be slowed by a
 * concurrent call that asked for more). When a call registers while none is registered and none
 * has just left, the count found is saved as the process's own. Nested requests (a call inside a
 * call) count like any other. The count is only written when it changes, under one lock, so two
 * threads never race on it; a process that never calls the library keeps whatever count OpenBLAS
 * started with.
 *
 * <p>Changing the count is not free: OpenBLAS stops or starts a worker thread and frees or
 * allocates its buffer, 1–4 ms each way here (docs/design/concurrency.md), more than a whole
 * forward+BPTT call at the overhead-bound size. So the saved count is put back only once no call
 * has been registered for {@link #RESTORE_DELAY_MILLIS} ms (by a daemon thread): a training loop
 * pays for one change when it starts and one after it ends, not two per call. During that delay,
 * and during registered calls, OpenBLAS work outside the library also sees the lowered count. A
 * count set by someone else in the meantime is taken as the process's own and kept.
 *
 * <p>ND4J sets the count once when it starts: the library's ND4J paths start it
 * ({@link NdBuffers#started()}) before they register, so that start cannot undo a request.
 * Thread-safe. Not API.
 */
public final class BlasThreads {

    /** Idle time after the last registered call before the process's own count is put back. */
    public static final long RESTORE_DELAY_MILLIS = 200;

    private static final Object LOCK = new Object();
    /** The active requests: thread count → how many calls asked for it. Guarded by LOCK. */
    private static final TreeMap<Integer, Integer> ACTIVE = new TreeMap<>();
    /** The process's own count, valid while calls are registered or a restore is pending. Guarded by LOCK. */
    private static int saved;
    /** Whether the count is ours and the process's own is still to be put back. Guarded by LOCK. */
    private static boolean restorePending;
    /** The count this class last set or left in place; another value means someone else set it. Guarded by LOCK. */
    private static int applied = -1;
    /** When the last active request left ({@link System#nanoTime()}). Guarded by LOCK. */
    private static long lastRelease;
    /** Whether a restore task is queued (at most one is). Guarded by LOCK. */
    private static boolean taskQueued;
    private static ScheduledThreadPoolExecutor restorer;

    private BlasThreads() {
    }

    /** One call's registration; {@link #close()} gives it back (once; later closes do nothing). */
    public static final class Scope implements AutoCloseable {
        private final int threads;
        private boolean released;

        private Scope(int threads) {
            this.threads = threads;
        }

        /** The count this call asked for. */
        public int requested() {
            return threads;
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                if (released) {
                    return;
                }
                released = true;
                int left = ACTIVE.get(threads) - 1;
                if (left == 0) {
                    ACTIVE.remove(threads);
                } else {
                    ACTIVE.put(threads, left);
                }
                if (ACTIVE.isEmpty()) {
                    scheduleRestore();
                } else {
                    apply(ACTIVE.firstKey());
                }
            }
        }
    }

    /**
     * Registers a call that needs OpenBLAS on {@code threads} threads (at most; fewer while another
     * call asked for fewer). Use in try-with-resources.
     *
     * @param threads at least 1
     */
    public static Scope request(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("OpenBLAS threads (" + threads + ") must be >= 1");
        }
        synchronized (LOCK) {
            register(threads);
        }
        return new Scope(threads);
    }

    /** One thread: for calls that run their GEMMs on their own Java threads, or on small tiles. */
    public static Scope single() {
        return request(1);
    }

    /**
     * The process's own count (the one found before the library lowered it): for calls that run one
     * large BLAS or LAPACK call at a time on the caller's thread, so that they do not inherit the
     * lowered count of a call that just ended.
     */
    public static Scope processDefault() {
        synchronized (LOCK) {
            if (ACTIVE.isEmpty()) {
                refreshSaved();
            }
            int threads = saved;
            register(threads);
            return new Scope(threads);
        }
    }

    private static void register(int threads) {
        if (ACTIVE.isEmpty()) {
            refreshSaved();
            // The queued restore task, if any, finds nothing to do.
            restorePending = false;
        }
        ACTIVE.merge(threads, 1, Integer::sum);
        apply(ACTIVE.firstKey());
    }

    /** The last active request has left: the restore is due in RESTORE_DELAY_MILLIS, one task at a time. */
    private static void scheduleRestore() {
        restorePending = true;
        lastRelease = System.nanoTime();
        if (!taskQueued) {
            queue(RESTORE_DELAY_MILLIS * 1_000_000L);
        }
    }

    private static void queue(long delayNanos) {
        if (restorer == null) {
            restorer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "rnntk-blas-threads");
                t.setDaemon(true);
                return t;
            });
            restorer.setKeepAliveTime(1, TimeUnit.SECONDS);
            restorer.allowCoreThreadTimeOut(true);
        }
        taskQueued = true;
        restorer.schedule(BlasThreads::restore, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Puts the process's own count back if no request was active for the delay, else waits for the rest. */
    private static void restore() {
        synchronized (LOCK) {
            taskQueued = false;
            if (!restorePending || !ACTIVE.isEmpty()) {
                return;
            }
            long wait = lastRelease + RESTORE_DELAY_MILLIS * 1_000_000L - System.nanoTime();
            if (wait > 0) {
                queue(wait);
            } else {
                // A count set by someone else meanwhile is theirs to keep.
                if (openblas_nolapack.blas_get_num_threads() == applied) {
                    apply(saved);
                }
                restorePending = false;
            }
        }
    }

    /** How many calls are registered now (for tests). */
    static int active() {
        synchronized (LOCK) {
            return ACTIVE.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Whether the process's own count is still to be put back (for tests). */
    static boolean restorePending() {
        synchronized (LOCK) {
            return restorePending;
        }
    }

    /**
     * With no request active: the process's own count is the one in place, unless it is still the
     * lowered one this class left (a restore pending), in which case the saved one stands.
     */
    private static void refreshSaved() {
        if (!restorePending) {
            saved = readCount();
            return;
        }
        int now = openblas_nolapack.blas_get_num_threads();
        if (now >= 1 && now != applied) {
            saved = now;
        }
    }

    /** OpenBLAS's count now, or its start-up default while the bindings report none. */
    private static int readCount() {
        int count = openblas_nolapack.blas_get_num_threads();
        // The bindings report −1 until a count was set: OpenBLAS runs its start-up default.
        return count >= 1 ? count : startupDefault();
    }

    /**
     * The count OpenBLAS starts with: OPENBLAS_NUM_THREADS, else OMP_NUM_THREADS (which ND4J also
     * follows when it sets the count at its start-up), else one per available processor.
     */
    static int startupDefault() {
        for (String name : new String[] {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"}) {
            String v = System.getenv(name);
            if (v != null) {
                try {
                    int t = Integer.parseInt(v.trim());
                    if (t >= 1) {
                        return t;
                    }
                } catch (NumberFormatException ignored) {
                    // OpenBLAS ignores a value it cannot read, and so do we.
                }
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static void apply(int threads) {
        if (openblas_nolapack.blas_get_num_threads() != threads) {
            openblas_nolapack.blas_set_num_threads(threads);
        }
        applied = threads;
    }
}
