package org.rnntk.spark.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Activations;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.NtkImplementation;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.spark.SparkContexts;
import org.rnntk.spark.gram.GramOperator;
import org.rnntk.spark.gram.GramProblem;
import org.rnntk.spark.gram.GramTiles;
import org.rnntk.spark.gram.SparkGram;
import org.rnntk.spark.gram.SparkGramOperator;
import org.rnntk.spark.gram.TileIndex;
import org.rnntk.spark.sweep.SparkSweep;
import org.rnntk.spark.sweep.SweepGrid;
import org.rnntk.spark.sweep.SweepRow;
import org.rnntk.spark.sweep.SweepRunner;
import org.rnntk.spark.sweep.SweepTable;

/**
 * Sweeps and block Grams on a Hadoop file system other than the local one ({@link RelocatedFileSystem},
 * reached only through Hadoop's {@code FileSystem} API, as {@code hdfs://} is), on Spark local[2]:
 * the driver and the executors write there, and the reader, the Gram-vector product and the sweep
 * table read back what the local runs give.
 */
class HadoopFileSystemTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkContexts.create("local[2]", "rnntk-test");
        sc.hadoopConfiguration().set(RelocatedFileSystem.IMPL_KEY, RelocatedFileSystem.class.getName());
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    private static Configuration conf() {
        Configuration conf = new Configuration();
        conf.set(RelocatedFileSystem.IMPL_KEY, RelocatedFileSystem.class.getName());
        return conf;
    }

    @Test
    void sweepTableIsWrittenThroughTheFileSystem(@TempDir Path dir) throws Exception {
        SweepGrid grid = SweepGrid.parse("""
                task = filter
                n = 5
                steps = 3
                d = 2
                width = 8
                optimizer = gd, pgd
                iterations = 10
                record = loss, drift
                """, "grid");
        List<SweepRow> rows = SparkSweep.runAndWrite(sc, grid, RelocatedFileSystem.uri(dir.resolve("sweep")), null);
        assertEquals(SweepRunner.sequential(grid, null), rows);
        assertEquals(SweepTable.lines(grid.recorded(), rows),
                Files.readAllLines(dir.resolve("sweep").resolve(SweepTable.FILE_NAME)),
                "the table lands where the file system keeps it");
    }

    @Test
    void gramTilesAreWrittenAndReadThroughTheFileSystem(@TempDir Path dir) {
        DiagonalRnn model = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 3)
                .initialize(16, 3, Activations.tanh());
        SequenceDataset data = SyntheticTasks.filter(12, 4, 3, 0.6, 0.5, 7).generate();
        GramProblem p = GramProblem.of(model, data, null, Loss.LAST_STEP, 5, NtkImplementation.JACOBIAN_CONTRACTION,
                NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES);
        String remote = RelocatedFileSystem.uri(dir.resolve("k"));
        TileIndex index = SparkGram.write(sc, p, remote, null);
        assertEquals(6, index.tiles().size(), "3 row tiles of up to 5 sequences: 6 upper tiles");
        assertTrue(Files.isRegularFile(dir.resolve("k").resolve(TileIndex.FILE_NAME)), "the index is on the disk");

        String local = dir.resolve("pool").toString();
        GramTiles.write(new Configuration(), local, p, 2, null);
        GramMatrix expected = GramTiles.assemble(new Configuration(), local);
        assertEquals(expected, GramTiles.assemble(conf(), remote), "the executors' tiles equal the pool's");

        double[] v = new double[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.cos(0.3 * i);
        }
        try (SparkGramOperator k = new SparkGramOperator(sc, remote)) {
            double[] y = k.multiply(v);
            double[] yDense = GramOperator.dense(expected).multiply(v);
            double bound = 12 * 0x1p-52 * expected.maxAbs() * 12;
            for (int i = 0; i < y.length; i++) {
                assertEquals(yDense[i], y[i], bound, "row " + i);
            }
        }
    }

    @Test
    void aSchemeWithoutAFileSystemIsRefusedByName(@TempDir Path dir) {
        String folder = "nosuchfs://" + dir.toAbsolutePath().toUri().getPath() + "k";
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> GramTiles.readIndex(new Configuration(), folder));
        assertTrue(e.getMessage().contains(folder), e.getMessage());
    }
}
