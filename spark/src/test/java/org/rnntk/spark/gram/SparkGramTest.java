package org.rnntk.spark.gram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.core.Loss;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkImplementation;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.kernels.ntk.Spectrum;
import org.rnntk.spark.SparkContexts;

/**
 * Block Grams on Spark local[2]: the tiles equal the thread pool's bit for bit and the single-machine
 * Gram within the reordering bound of {@link GramFixtures}, and λ_min/λ_max
 * from the distributed product equal the dense eigensolver's within Lanczos' tolerance. One context.
 */
class SparkGramTest {

    private static final long BUDGET = NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES;

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
    void tilesEqualTheSingleMachineGramAndTheExtremeEigenvaluesMatch(@TempDir Path dir) {
        DiagonalRnn model = GramFixtures.model(32);
        SequenceDataset data = GramFixtures.data(40, 5, 4);
        GramProblem p = GramProblem.of(model, data, null, Loss.LAST_STEP, 9,
                NtkImplementation.JACOBIAN_CONTRACTION, BUDGET);
        String folder = dir.resolve("k").toUri().toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TileIndex index = SparkGram.write(sc, p, folder, new PrintStream(log, true));
        assertEquals(15, index.tiles().size(), "5 row tiles (the last of 4 sequences): 15 upper tiles");
        assertTrue(log.toString().contains("gram: 15/15 tiles finished"), log.toString());

        GramMatrix reference;
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            reference = ntk.gram(model, data, Loss.LAST_STEP);
        }
        GramMatrix tiled = GramTiles.assemble(new Configuration(), folder);
        double[] diag = GramFixtures.diagonal(reference);
        GramFixtures.assertWithinReorderBound(reference, tiled, diag, diag, 32 * 4);
        // Where a tile is computed does not matter: the executors' tiles are the thread pool's, bit for bit.
        String pool = dir.resolve("pool").toString();
        GramTiles.write(new Configuration(), pool, p, 2, null);
        assertEquals(GramTiles.assemble(new Configuration(), pool), tiled);

        Spectrum dense = Spectrum.of(reference);
        try (SparkGramOperator k = new SparkGramOperator(sc, folder)) {
            double[] v = new double[40];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.sin(1.0 + i);
            }
            double[] y = k.multiply(v);
            double[] yDense = GramOperator.dense(reference).multiply(v);
            // Summation orders differ (tile by tile against whole rows): N·eps·Σ|K_rc||v_c| bounds each entry.
            double bound = 40 * 0x1p-52 * reference.maxAbs() * 40;
            assertTrue(GramFixtures.maxAbsDiff(y, yDense) <= bound, "product within " + bound);

            ExtremeEigenvalues e = Lanczos.extremes(k);
            assertTrue(e.converged(), e.toString());
            double tol = e.tolerance() * dense.lambdaMax();
            assertEquals(dense.lambdaMax(), e.lambdaMax(), tol, e + " against " + dense);
            assertEquals(dense.lambdaMin(), e.lambdaMin(), tol, e + " against " + dense);
            assertTrue(e.residualMin() <= tol && e.residualMax() <= tol, e.toString());
        }
    }

    private static double[] diagonal(DiagonalRnn model, SequenceDataset data) {
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            return GramFixtures.diagonal(ntk.gram(model, data, Loss.ALL_STEPS));
        }
    }

    @Test
    void crossGramTilesMatchAndHaveNoEigenvalues(@TempDir Path dir) {
        DiagonalRnn model = GramFixtures.model(16);
        SequenceDataset train = GramFixtures.data(30, 4, 1);
        SequenceDataset test = GramFixtures.data(11, 3, 2);
        GramProblem p = GramProblem.of(model, train, test, Loss.ALL_STEPS, 8,
                NtkImplementation.JACOBIAN_CONTRACTION, BUDGET);
        String folder = dir.resolve("x").toString();
        SparkGram.write(sc, p, folder, null);
        GramMatrix reference;
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            reference = ntk.gram(model, train, test, Loss.ALL_STEPS);
        }
        GramMatrix tiled = GramTiles.assemble(new Configuration(), folder);
        GramFixtures.assertWithinReorderBound(reference, tiled, diagonal(model, train), diagonal(model, test), 16 * 4);
        String pool = dir.resolve("pool").toString();
        GramTiles.write(new Configuration(), pool, p, 2, null);
        assertEquals(GramTiles.assemble(new Configuration(), pool), tiled);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkGramOperator(sc, folder));
        assertTrue(e.getMessage().contains("cross-Gram"), e.getMessage());
    }
}
