package org.rnntk.spark.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.spark.SparkContexts;

/** A sweep on Spark local[2] gives the sequential runner's rows, bit for bit. One context for the class. */
class SparkSweepTest {

    /** Sixteen runs: two tasks, two widths, GD and PGD, two seeds; the odd width fails (the initialization is symmetric). */
    static final String GRID = """
            task = filter, rnn
            n = 6
            steps = 4
            d = 2
            width = 8, 13
            optimizer = gd, pgd
            seed = 1, 2
            iterations = 12
            loss = all
            record = loss, drift, curve, ntk
            """;

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkContexts.create("local[2]", "rnntk-test");
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    @Test
    void sparkRowsEqualTheSequentialRows(@TempDir Path dir) throws Exception {
        SweepGrid grid = SweepGrid.parse(GRID, "grid");
        List<SweepRow> sequential = SweepRunner.sequential(grid, null);
        List<SweepRow> spark = SparkSweep.runAndWrite(sc, grid, dir.resolve("spark").toString(), null);
        assertEquals(16, spark.size());
        assertEquals(sequential, spark);
        assertEquals(SweepTable.lines(grid.recorded(), sequential),
                Files.readAllLines(dir.resolve("spark").resolve(SweepTable.FILE_NAME)));
        assertEquals(sequential, SweepRunner.threads(grid, 2, null), "a thread pool gives the same rows");

        long ok = spark.stream().filter(SweepRow::ok).count();
        assertEquals(8, ok, "width 8: 2 tasks x 2 optimizers x 2 seeds");
        for (SweepRow row : spark) {
            if (row.ok()) {
                double initial = Double.parseDouble(row.values().get(0));
                double last = Double.parseDouble(row.values().get(1));
                assertTrue(last < initial, "training lowers the loss: " + row);
                assertEquals(13, row.values().get(5).split(" ").length, "τ + 1 losses");
                assertTrue(Double.parseDouble(row.values().get(7)) > 0, "λ_max > 0: " + row);
            } else {
                assertEquals("13", row.settings().get(9), row.toString());
                assertTrue(row.error().contains("width"), row.error());
            }
        }
    }

    @Test
    void progressReportsEveryRun() {
        SweepGrid grid = SweepGrid.parse("width = 4\nseed = 1, 2, 3\niterations = 2\nn = 3", "grid");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        List<SweepRow> rows = SparkSweep.run(sc, grid, new java.io.PrintStream(bytes, true));
        assertEquals(3, rows.size());
        String text = bytes.toString();
        assertTrue(text.contains("sweep: 3/3 runs finished"), text);
        assertArrayEquals(new int[] {0, 1, 2}, rows.stream().mapToInt(SweepRow::run).toArray());
    }
}
