package org.rnntk.spark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Sweep.map without Spark: order, failed cells, progress, executor parsing (Spark: cli's SparkExperimentsTest). */
class SweepMapTest {

    /** Cell i: a value computed from i alone; cell 3 throws. */
    private static final SerializableFunction<Integer, Double> F = i -> {
        if (i == 3) {
            throw new IllegalArgumentException("cell three rejects its input");
        }
        double s = 0;
        for (int k = 1; k <= 1000 * (8 - i % 4); k++) {
            s += Math.sin(i * 0.1 + k) / k;
        }
        return s;
    };

    private static List<Integer> cells() {
        List<Integer> cells = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            cells.add(i);
        }
        return cells;
    }

    @Test
    void sequentialAndThreadsGiveTheSameResultsInCellOrderWithFailedCellsAsResults() {
        List<int[]> reports = new ArrayList<>();
        List<CellResult<Double>> seq = Sweep.map(cells(), F, Executor.sequential(),
                (finished, failed, total, elapsed, eta) -> reports.add(new int[] {finished, failed, total}));
        List<CellResult<Double>> thr = Sweep.map(cells(), F, Executor.threads(3), null);
        assertEquals(9, seq.size());
        assertEquals(seq, thr);
        for (int i = 0; i < 9; i++) {
            assertEquals(i, seq.get(i).cell());
            if (i != 3) {
                assertTrue(seq.get(i).ok());
                assertEquals(F.apply(i), seq.get(i).value());
            }
        }
        CellResult<Double> bad = seq.get(3);
        assertFalse(bad.ok());
        assertNull(bad.value());
        assertEquals("IllegalArgumentException: cell three rejects its input", bad.error());
        IllegalStateException e = assertThrows(IllegalStateException.class, bad::orElseThrow);
        assertTrue(e.getMessage().contains("cell 3"), e.getMessage());
        assertEquals(9, reports.size());
        int[] last = reports.get(8);
        assertEquals(List.of(9, 1, 9), List.of(last[0], last[1], last[2]));
        for (int i = 0; i < 9; i++) {
            assertEquals(i + 1, reports.get(i)[0]);
        }
    }

    @Test
    void emptyCellsGiveNoResultsAndNullCellsAreRejected() {
        assertTrue(Sweep.map(List.<Integer>of(), F, Executor.threads(2), null).isEmpty());
        List<Integer> withNull = new ArrayList<>(List.of(1, 2));
        withNull.add(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sweep.map(withNull, F, Executor.sequential(), null));
        assertTrue(e.getMessage().contains("cell 2"), e.getMessage());
    }

    @Test
    void parsesExecutorsAndRejectsUnknownOnes() {
        assertEquals(Executor.sequential(), Executor.parse("sequential"));
        assertEquals(new Executor.Threads(4), Executor.parse("threads(4)"));
        assertEquals(new Executor.Spark("local[2]", null), Executor.parse("local[2]"));
        assertEquals(new Executor.Spark("spark://host:7077", null), Executor.parse("spark://host:7077"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Executor.parse("cluster"));
        assertTrue(e.getMessage().contains("'cluster'") && e.getMessage().contains("local[N]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Executor.parse("threads(0)"));
        assertThrows(IllegalArgumentException.class, () -> Executor.parse("threads(x)"));
    }
}
