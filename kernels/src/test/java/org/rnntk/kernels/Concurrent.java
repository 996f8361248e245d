package org.rnntk.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/** Runs bodies on several threads that start together, and collects what they threw. */
public final class Concurrent {

    private Concurrent() {
    }

    /** One thread's work: call {@code i} of that thread. */
    @FunctionalInterface
    public interface Call {
        void run(int thread, int call) throws Exception;
    }

    /**
     * Runs {@code calls} calls of {@code body} on each of {@code threads} threads, all released at once;
     * returns every throwable raised (empty when none), after all threads have ended.
     */
    public static List<Throwable> run(int threads, int calls, Call body) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < calls; i++) {
                        body.run(thread, i);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "concurrent-test-" + t);
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return failures;
    }

    /** A counter of outcomes shared by the threads of a run. */
    public static final class Counts {
        public final AtomicLong correct = new AtomicLong();
        public final AtomicLong refused = new AtomicLong();

        public long total() {
            return correct.get() + refused.get();
        }
    }
}
