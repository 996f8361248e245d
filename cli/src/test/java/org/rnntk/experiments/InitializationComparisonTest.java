package org.rnntk.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A small run of the comparison: it produces a full table, and the certified step always converges. */
class InitializationComparisonTest {

    @Test
    void smallRunProducesATable() {
        InitializationComparison.Settings s = new InitializationComparison.Settings(4, 8, new int[] {8}, 1e-4, 2_000, 2,
                new double[] {0.5, 1.0});
        List<InitializationComparison.Row> rows = InitializationComparison.run(s);
        assertEquals(4, rows.size());
        InitializationComparison.Row certified = rows.get(1);
        assertEquals(2, certified.reached(), "the certified step must reach the level on every seed");
        String table = InitializationComparison.table(s, rows);
        assertTrue(table.contains("| Xavier normal |"), table);
    }

    @Test
    void settingsRejectFewerDimensionsThanSamples() {
        assertThrows(IllegalArgumentException.class, () -> new InitializationComparison.Settings(8, 4,
                new int[] {8}, 1e-4, 10, 1, new double[] {1.0}));
    }
}
