package org.rnntk.spark.gram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.math3.random.Well19937c;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.bounds.Certification;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.ntk.Spectrum;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.pl.GramRoute;
import org.rnntk.kernels.pl.RnnCertificate;
import org.rnntk.kernels.pl.RnnCertificates;
import org.rnntk.spark.SparkContexts;

/**
 * The RNN verdict with its Gram computed by Spark executors (local[2]): the certified route gives the
 * single-machine verdict and certified λ_min (within the order-of-summation difference of the
 * tiles); the Lanczos route gives λ_min within its tolerance but never a certified verdict.
 */
class SparkCertificatesTest {

    /** The certified λ_min values of the tiled and single-machine Grams are λ_min less ~1e−12 relative. */
    private static final double ROUTES_AGREE = 1e-6;

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

    /** A width at which the criterion certifies GD on {@link #data()} (last step, N = 3). */
    private static DiagonalRnn model() {
        return Initializers.symmetric(0.2, RecurrentLaw.CONSTANT, 7).initialize(1024, 3, Activations.tanh());
    }

    /** Unit-norm Gaussian inputs and ±0.05 targets. */
    private static SequenceDataset data() {
        int n = 3;
        int steps = 3;
        int d = 3;
        Well19937c rng = new Well19937c(3);
        double[] x = new double[n * steps * d];
        for (int row = 0; row < n * steps; row++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                x[row * d + k] = rng.nextGaussian();
                norm += x[row * d + k] * x[row * d + k];
            }
            for (int k = 0; k < d; k++) {
                x[row * d + k] /= Math.sqrt(norm);
            }
        }
        double[] y = new double[n * steps];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextBoolean() ? 0.05 : -0.05;
        }
        return new SequenceDataset(n, steps, d, x, y);
    }

    @Test
    void certifiedRouteGivesTheSingleMachineVerdict(@TempDir Path dir) {
        DiagonalRnn model = model();
        SequenceDataset data = data();
        RnnCertificate local;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            local = RnnCertificates.certify(backend, model, data, Loss.LAST_STEP, Double.NaN, GramRoute.FULL_SPECTRUM);
        }
        assertTrue(local.certifiedConvergence(), local.toString());
        RnnCertificate tiled = SparkCertificates.certify(sc, model, data, Loss.LAST_STEP, Double.NaN,
                dir.resolve("k").toString(), 2, SparkCertificates.Route.CERTIFIED, null);
        assertTrue(Files.isRegularFile(dir.resolve("k").resolve(TileIndex.FILE_NAME)), "the tiles stay in the folder");
        assertTrue(tiled.certifiedConvergence(), tiled.toString());
        assertEquals(Certification.CERTIFIED, tiled.verdict().verdict().certification());
        double lambdaMin = Spectrum.of(Ntk.gram(model, data, Loss.LAST_STEP)).lambdaMin();
        assertTrue(tiled.spectrum().certifiedLambdaMin() <= lambdaMin, tiled.spectrum() + " vs " + lambdaMin);
        assertEquals(local.spectrum().certifiedLambdaMin(), tiled.spectrum().certifiedLambdaMin(),
                ROUTES_AGREE * lambdaMin);
        assertEquals(local.verdict().radius(), tiled.verdict().radius(), ROUTES_AGREE * local.verdict().radius());
    }

    @Test
    void lanczosRouteEstimatesButNeverCertifies(@TempDir Path dir) {
        DiagonalRnn model = model();
        SequenceDataset data = data();
        RnnCertificate estimate = SparkCertificates.certify(sc, model, data, Loss.LAST_STEP, Double.NaN,
                dir.resolve("k").toString(), 2, SparkCertificates.Route.ESTIMATE, null);
        Spectrum dense = Spectrum.of(Ntk.gram(model, data, Loss.LAST_STEP));
        double tolerance = 1e-8 * dense.lambdaMax();
        assertEquals(dense.lambdaMin(), estimate.spectrum().lambdaMin(), tolerance);
        assertEquals(dense.lambdaMax(), estimate.spectrum().lambdaMax(), tolerance);
        assertEquals(Double.NEGATIVE_INFINITY, estimate.spectrum().certifiedLambdaMin());
        assertFalse(estimate.certifiedConvergence(), "an estimate never certifies: " + estimate);
        assertEquals(Certification.ESTIMATE, estimate.verdict().verdict().certification());
        assertTrue(estimate.reasons().stream().anyMatch(r -> r.contains("estimate")), estimate.reasons().toString());
    }

    @Test
    void aViolatedHypothesisFailsBeforeAnyTile(@TempDir Path dir) {
        DiagonalRnn symmetric = model();
        double[] c = symmetric.c();
        c[0] = -c[0];  // breaks the mirrored pair, so F(Θ0) ≠ 0
        DiagonalRnn broken = new DiagonalRnn(symmetric.activation(), symmetric.inputDim(), symmetric.w(),
                symmetric.u(), c);
        Path folder = dir.resolve("k");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkCertificates.certify(sc,
                broken, data(), Loss.LAST_STEP, Double.NaN, folder.toString(), 2, SparkCertificates.Route.ESTIMATE,
                null));
        assertTrue(e.getMessage().contains("F(Theta0) = 0"), e.getMessage());
        assertFalse(Files.exists(folder), "no tile was computed");
    }

    @Test
    void theCertifiedRouteRefusesAGramTheDriverCannotHold(@TempDir Path dir) {
        int n = 60_000;  // N² = 3.6e9 entries: more than a Java array holds
        SequenceDataset big = new SequenceDataset(n, 1, 3, new double[n * 3], new double[n]);
        Path folder = dir.resolve("k");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkCertificates.certify(sc,
                model(), big, Loss.LAST_STEP, Double.NaN, folder.toString(), 1024, SparkCertificates.Route.CERTIFIED,
                null));
        assertTrue(e.getMessage().contains("N = 60000") && e.getMessage().contains("Route.ESTIMATE"), e.getMessage());
        assertFalse(Files.exists(folder), "no tile was computed");
    }
}
