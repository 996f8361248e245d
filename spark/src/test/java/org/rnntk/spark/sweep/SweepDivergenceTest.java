package org.rnntk.spark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A run stopped by the divergence rule is a row that says so, without Spark. */
class SweepDivergenceTest {

    @Test
    void aDivergedRunIsAnErrorRowNamingTheDivergence() {
        SweepGrid grid = SweepGrid.parse("""
                n = 8
                steps = 5
                d = 3
                width = 64
                optimizer = gd
                step = 0.5, 1e300
                iterations = 10
                record = loss
                """, "grid");
        List<SweepRow> rows = SweepRunner.sequential(grid, null);
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).ok(), rows.get(0).toString());
        SweepRow diverged = rows.get(1);
        assertFalse(diverged.ok(), diverged.toString());
        assertTrue(diverged.error().startsWith("diverged: loss "), diverged.error());
        assertTrue(diverged.error().contains("at iteration 1"), diverged.error());
    }
}
