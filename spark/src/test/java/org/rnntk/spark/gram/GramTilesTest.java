package org.rnntk.spark.gram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
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

/** Tiles written on a thread pool, assembled, against the single-machine Gram; no Spark context. */
class GramTilesTest {

    // Tiles of odd sequence counts: OpenBLAS may sum the odd edge row of a GEMM in another order, so the
    // comparison with the single-machine Gram uses the reordering bound (GramFixtures).

    private static final Configuration CONF = new Configuration();
    private static final long BUDGET = NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES;

    private static GramMatrix single(DiagonalRnn model, SequenceDataset rows, SequenceDataset cols, Loss mode) {
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            return cols == null ? ntk.gram(model, rows, mode) : ntk.gram(model, rows, cols, mode);
        }
    }

    @Test
    void lastStepTilesAssembleToTheSingleMachineGram(@TempDir Path dir) {
        DiagonalRnn model = model(40);
        SequenceDataset data = GramFixtures.data(70, 6, 3);
        GramProblem p = GramProblem.of(model, data, null, Loss.LAST_STEP, 9,
                NtkImplementation.JACOBIAN_CONTRACTION, BUDGET);
        TileIndex index = GramTiles.write(CONF, dir.toString(), p, 2, null);
        assertEquals(8 * 9 / 2, index.tiles().size(), "8 row tiles (the last of 7), upper triangle with the diagonal");
        GramMatrix tiled = GramTiles.assemble(CONF, dir.toString());
        GramMatrix reference = single(model, data, null, Loss.LAST_STEP);
        assertTrue(tiled.symmetric());
        double[] diag = GramFixtures.diagonal(reference);
        GramFixtures.assertWithinReorderBound(reference, tiled, diag, diag, 40 * 4);
    }

    @Test
    void allStepsAndCrossGramTilesAssembleToTheSingleMachineGram(@TempDir Path dir) {
        DiagonalRnn model = model(24);
        SequenceDataset train = GramFixtures.data(23, 4, 5);
        SequenceDataset test = GramFixtures.data(17, 6, 6);
        GramProblem all = GramProblem.of(model, train, null, Loss.ALL_STEPS, 8,
                NtkImplementation.JACOBIAN_CONTRACTION, BUDGET);
        GramTiles.write(CONF, dir.resolve("all").toString(), all, 2, null);
        GramMatrix allReference = single(model, train, null, Loss.ALL_STEPS);
        double[] allDiag = GramFixtures.diagonal(allReference);
        GramFixtures.assertWithinReorderBound(allReference, GramTiles.assemble(CONF, dir.resolve("all").toString()),
                allDiag, allDiag, 24 * 4);

        GramProblem cross = GramProblem.of(model, train, test, Loss.LAST_STEP, 7,
                NtkImplementation.PER_NEURON_FACTORIZED, BUDGET);
        TileIndex index = GramTiles.write(CONF, dir.resolve("cross").toString(), cross, 2, null);
        assertEquals(4 * 3, index.tiles().size());
        GramMatrix tiled = GramTiles.assemble(CONF, dir.resolve("cross").toString());
        GramMatrix reference;
        try (EmpiricalNtk ntk = Ntk.empirical(NtkImplementation.PER_NEURON_FACTORIZED)) {
            reference = ntk.gram(model, train, test, Loss.LAST_STEP);
        }
        GramFixtures.assertWithinReorderBound(reference, tiled,
                GramFixtures.diagonal(single(model, train, null, Loss.LAST_STEP)),
                GramFixtures.diagonal(single(model, test, null, Loss.LAST_STEP)), 24 * 4);
    }

    @Test
    void lanczosOnTheDenseProductMatchesTheDenseEigensolver() {
        GramMatrix k = single(model(16), GramFixtures.data(60, 5, 9), null, Loss.LAST_STEP);
        org.rnntk.kernels.ntk.Spectrum s = org.rnntk.kernels.ntk.Spectrum.of(k);
        ExtremeEigenvalues e = Lanczos.extremes(GramOperator.dense(k));
        assertTrue(e.converged(), e.toString());
        double bound = Lanczos.DEFAULT_TOLERANCE * s.lambdaMax();
        assertEquals(s.lambdaMax(), e.lambdaMax(), bound, e.toString());
        assertEquals(s.lambdaMin(), e.lambdaMin(), bound, e.toString());
        assertTrue(e.iterations() < 60, "converges before N products: " + e);
    }

    @Test
    void indexRoundTripsAndRejectsAnIncompleteTiling() {
        GramProblem p = GramProblem.of(model(8), GramFixtures.data(10, 3, 1), null, Loss.ALL_STEPS, 4,
                NtkImplementation.JACOBIAN_CONTRACTION, BUDGET);
        TileIndex index = GramTiles.index(p);
        assertEquals(index, TileIndex.parse(index.lines(), "index"));
        assertEquals(List.of(0L, 12L, 24L), index.tiles().subList(0, 3).stream().map(Tile::col0).toList());
        List<String> missing = index.lines().subList(0, index.lines().size() - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileIndex.parse(missing, "idx"));
        assertTrue(e.getMessage().contains("stores 6 tiles; the index lists 5"), e.getMessage());
        assertArrayEquals(new int[] {12, 12, 6}, GramTiles.layout(p).stream().filter(t -> t.i() == 0)
                .mapToInt(Tile::cols).toArray());
    }

    @Test
    void badInputIsRejectedNamingTheParameter() {
        GramMatrix k = single(model(8), GramFixtures.data(6, 3, 2), null, Loss.LAST_STEP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lanczos.extremes(GramOperator.dense(k), 0, 10, 1));
        assertTrue(e.getMessage().contains("tolerance"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GramOperator.dense(k).multiply(new double[5]));
        assertTrue(e.getMessage().contains("length 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GramProblem.of(model(8), GramFixtures.data(6, 3, 2), null,
                Loss.LAST_STEP, 0, NtkImplementation.JACOBIAN_CONTRACTION, BUDGET));
        assertTrue(e.getMessage().contains("tileSequences"), e.getMessage());
        DiagonalRnn custom = new DiagonalRnn(org.rnntk.core.Activations.custom("soft", Math::tanh,
                z -> 1 - Math.tanh(z) * Math.tanh(z), z -> -2 * Math.tanh(z) * (1 - Math.tanh(z) * Math.tanh(z)), org.rnntk.core.ActivationConstants.TANH),
                3, new double[] {0.1, 0.1}, new double[6], new double[] {1, -1});
        e = assertThrows(IllegalArgumentException.class, () -> GramProblem.of(custom, GramFixtures.data(6, 3, 2), null,
                Loss.LAST_STEP, 2, NtkImplementation.JACOBIAN_CONTRACTION, BUDGET));
        assertTrue(e.getMessage().contains("'soft'"), e.getMessage());
    }

    private static DiagonalRnn model(int width) {
        return GramFixtures.model(width);
    }
}
