package org.rnntk.kernels.profiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnntk.kernels.Concurrent;
import org.rnntk.kernels.KernelProfiler.Phase;

/** PhaseTotals adds up exactly what it is told, from several threads at once. */
class PhaseTotalsTest {

    @Test
    void addsUpSpansFromSeveralThreadsExactly() throws InterruptedException {
        PhaseTotals totals = new PhaseTotals();
        Phase[] phases = Phase.values();
        int threads = 4;
        int calls = 20_000;
        List<Throwable> failures = Concurrent.run(threads, calls, (t, i) -> {
            Phase p = phases[(t + i) % phases.length];
            totals.record(p, p.ordinal() + 1L);
        });
        assertTrue(failures.isEmpty(), () -> "failed: " + failures.get(0));
        long spans = 0;
        for (Phase p : phases) {
            // Thread t gives phase q the calls i with (t + i) % P == q.
            long expected = 0;
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < calls; i++) {
                    if ((t + i) % phases.length == p.ordinal()) {
                        expected++;
                    }
                }
            }
            assertEquals(expected, totals.spans(p), p.name());
            assertEquals(expected * (p.ordinal() + 1L), totals.nanos(p), p.name());
            spans += totals.spans(p);
        }
        assertEquals((long) threads * calls, spans);
        assertTrue(totals.toString().contains("CONTRACTION: "), totals.toString());

        totals.reset();
        for (Phase p : phases) {
            assertEquals(0, totals.spans(p));
            assertEquals(0, totals.nanos(p));
        }
        assertEquals("PhaseTotals[]", totals.toString());
    }

    @Test
    void readingANullPhaseNamesIt() {
        PhaseTotals totals = new PhaseTotals();
        NullPointerException e = assertThrows(NullPointerException.class, () -> totals.nanos(null));
        assertTrue(e.getMessage().contains("phase"), e.getMessage());
    }
}
