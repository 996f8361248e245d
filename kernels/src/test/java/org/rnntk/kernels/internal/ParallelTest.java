package org.rnntk.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/**
 * The spinning pool: every item of a range runs exactly once, chunk c over its contiguous piece,
 * on as many threads as asked; failures reach the caller; nested and concurrent ranges and ranges
 * after the workers parked complete; close waits for a running range and a range after it throws.
 */
class ParallelTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** Runs forRange and checks every index was visited once, by the chunk that owns it. */
    private static void checkRange(Parallel p, int count, int chunks) {
        AtomicIntegerArray visits = new AtomicIntegerArray(count);
        AtomicIntegerArray owner = new AtomicIntegerArray(count);
        p.forRange(count, chunks, (c, from, to) -> {
            assertEquals((int) ((long) count * c / chunks), from, "start of chunk " + c);
            assertEquals((int) ((long) count * (c + 1) / chunks), to, "end of chunk " + c);
            for (int i = from; i < to; i++) {
                visits.incrementAndGet(i);
                owner.set(i, c);
            }
        });
        for (int i = 0; i < count; i++) {
            assertEquals(1, visits.get(i), count + " items in " + chunks + " chunks: item " + i);
        }
    }

    @Test
    void everyItemRunsOnceForAnyThreadAndChunkCount() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int threads = 1; threads <= 3; threads++) {
                try (Parallel p = new Parallel(threads)) {
                    for (int rep = 0; rep < 200; rep++) {
                        for (int chunks = 1; chunks <= 5; chunks++) {
                            checkRange(p, 37 + rep % 5, chunks);
                        }
                    }
                }
            }
        });
    }

    @Test
    void usesThePoolsThreads() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (Parallel p = new Parallel(3)) {
                Set<Thread> seen = ConcurrentHashMap.newKeySet();
                p.forRange(3, 3, (c, from, to) -> {
                    seen.add(Thread.currentThread());
                    long end = System.nanoTime() + 20_000_000;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                });
                assertEquals(3, seen.size(), "three chunks on three distinct threads");
                assertTrue(seen.contains(Thread.currentThread()), "chunk 0 on the caller's thread");
            }
        });
    }

    @Test
    void aFailureInAWorkerReachesTheCallerAndThePoolGoesOn() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (Parallel p = new Parallel(2)) {
                IllegalArgumentException boom = new IllegalArgumentException("boom");
                IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                        () -> p.forRange(10, 2, (c, from, to) -> {
                            if (c == 1) {
                                throw boom;
                            }
                        }));
                assertSame(boom, thrown);
                AssertionError error = new AssertionError("error in a worker");
                assertSame(error, assertThrows(AssertionError.class, () -> p.forRange(10, 2, (c, from, to) -> {
                    if (c == 1) {
                        throw error;
                    }
                })));
                // The caller's own chunk failing: the worker's chunk still finishes first.
                AtomicIntegerArray done = new AtomicIntegerArray(1);
                assertThrows(IllegalStateException.class, () -> p.forRange(10, 2, (c, from, to) -> {
                    if (c == 0) {
                        throw new IllegalStateException("caller");
                    }
                    long end = System.nanoTime() + 5_000_000;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    done.set(0, 1);
                }));
                assertEquals(1, done.get(0), "the worker's chunk ran to the end before the caller returned");
                checkRange(p, 100, 2);
            }
        });
    }

    @Test
    void nestedAndConcurrentRangesComplete() throws Exception {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (Parallel p = new Parallel(2)) {
                // A body starting a range on the same pool: the inner range runs on that thread.
                AtomicIntegerArray inner = new AtomicIntegerArray(2 * 50);
                p.forRange(2, 2, (c, from, to) -> p.forRange(50, 2, (ic, ifrom, ito) -> {
                    for (int i = ifrom; i < ito; i++) {
                        inner.incrementAndGet(c * 50 + i);
                    }
                }));
                for (int i = 0; i < inner.length(); i++) {
                    assertEquals(1, inner.get(i), "nested item " + i);
                }
                // Two threads using one pool at once.
                Thread other = new Thread(() -> {
                    for (int rep = 0; rep < 300; rep++) {
                        checkRange(p, 64, 2);
                    }
                });
                other.start();
                for (int rep = 0; rep < 300; rep++) {
                    checkRange(p, 64, 2);
                }
                other.join();
            }
        });
    }

    @Test
    void parkedWorkersWake() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (Parallel p = new Parallel(2)) {
                for (int rep = 0; rep < 5; rep++) {
                    Thread.sleep(Parallel.SPIN_NANOS / 1_000_000 + 5);  // past the spin: the worker has parked
                    checkRange(p, 1000, 2);
                }
            }
        });
    }

    @Test
    void closeWaitsForTheRunningRangeAndLaterRangesThrow() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int rep = 0; rep < 100; rep++) {
                Parallel p = new Parallel(2);
                AtomicIntegerArray visits = new AtomicIntegerArray(2000);
                java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
                Thread user = new Thread(() -> {
                    try {
                        started.countDown();
                        for (int k = 0; k < 50; k++) {
                            p.forRange(2000, 2, (c, from, to) -> {
                                for (int i = from; i < to; i++) {
                                    visits.incrementAndGet(i);
                                }
                            });
                        }
                    } catch (Throwable t) {
                        outcome.set(t);
                    }
                });
                user.start();
                started.await();
                p.close();
                int[] first = new int[2000];
                for (int i = 0; i < first.length; i++) {
                    first[i] = visits.get(i);
                }
                user.join();
                // Every range that began finished whole before close returned; none ran after.
                for (int i = 0; i < first.length; i++) {
                    assertEquals(first[0], first[i], "item " + i + " after close");
                    assertEquals(first[i], visits.get(i), "item " + i + " ran after close returned");
                }
                if (first[0] < 50) {
                    assertTrue(outcome.get() instanceof IllegalStateException, "outcome " + outcome.get());
                }
                assertThrows(IllegalStateException.class, () -> checkRange(p, 1000, 2));
                assertThrows(IllegalStateException.class, () -> checkRange(p, 10, 1));
                p.close();
            }
        });
    }

    @Test
    void closeFromInsideARangeIsRefused() {
        try (Parallel p = new Parallel(2)) {
            assertThrows(IllegalStateException.class, () -> p.forRange(2, 2, (c, from, to) -> {
                if (c == 0) {
                    p.close();
                }
            }));
        }
    }
}
