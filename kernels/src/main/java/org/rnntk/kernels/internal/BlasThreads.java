package org.rnntk.kernels.internal;

import java.util.TreeMap;

import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * The OpenBLAS thread count the library's calls need, set for the length of each call and restored
 * after. OpenBLAS keeps one count for the whole process (this build uses its own pthreads pool, not
 * OpenMP), so calls on several threads must agree: each call registers its request with
 * {@link #request}, and while any call is registered OpenBLAS runs on the <em>smallest</em> request
 * (a call that spreads its GEMMs over its own Java threads asks for 1, and must not be slowed by a
 * concurrent call that asked for more). When the first call registers, the count found is saved;
 * when the last one leaves, it is put back. Nested requests (a call inside a call) count like any
 * other. The count is only written when it changes, under one lock, so two threads never race on it;
 * a process that never calls the library keeps whatever count OpenBLAS started with.
 *
 * <p>ND4J or OpenBLAS work outside the library that runs during a registered call also sees the
 * lowered count. ND4J sets the count once when it starts: the library's ND4J paths start it
 * ({@link NdBuffers#started()}) before they register, so that start cannot undo a request.
 * Thread-safe. Not API.
 */
public final class BlasThreads {

    private static final Object LOCK = new Object();
    /** The active requests: thread count → how many calls asked for it. Guarded by LOCK. */
    private static final TreeMap<Integer, Integer> ACTIVE = new TreeMap<>();
    /** The count found when the first active call registered. Guarded by LOCK. */
    private static int saved;

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
                apply(ACTIVE.isEmpty() ? saved : ACTIVE.firstKey());
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
            if (ACTIVE.isEmpty()) {
                saved = openblas_nolapack.blas_get_num_threads();
                if (saved < 1) {
                    // The bindings report −1 until a count was set: OpenBLAS runs its start-up default.
                    saved = startupDefault();
                }
            }
            ACTIVE.merge(threads, 1, Integer::sum);
            apply(ACTIVE.firstKey());
        }
        return new Scope(threads);
    }

    /** One thread: for calls that run their GEMMs on their own Java threads, or on small tiles. */
    public static Scope single() {
        return request(1);
    }

    /** One thread per available processor: for calls that run one large BLAS/LAPACK call at a time. */
    public static Scope all() {
        return request(Runtime.getRuntime().availableProcessors());
    }

    /** How many calls are registered now (for tests). */
    static int active() {
        synchronized (LOCK) {
            return ACTIVE.values().stream().mapToInt(Integer::intValue).sum();
        }
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
    }
}
