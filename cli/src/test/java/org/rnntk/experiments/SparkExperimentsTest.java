package org.rnntk.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Activations;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.core.data.Digits;
import org.rnntk.kernels.dense.Nd4jDenseBackend;
import org.rnntk.spark.SparkContexts;
import org.rnntk.spark.sweep.CellResult;
import org.rnntk.spark.sweep.Executor;
import org.rnntk.spark.sweep.SerializableFunction;
import org.rnntk.spark.sweep.Sweep;

/**
 * The experiments ported to the sweep engine give the in-process rows bit for bit, whichever
 * executor: sequential, threads and Spark {@code local[2]}. One Spark context for the class.
 */
class SparkExperimentsTest {

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

    /** The CSV files of a report, concatenated with their names. */
    private static String csvs(ExperimentReport report) {
        StringBuilder sb = new StringBuilder(report.table().toCsv());
        report.extraTables().forEach((name, t) -> sb.append("== ").append(name).append('\n').append(t.toCsv()));
        return sb.toString();
    }

    @Test
    void widthVsNIsByteIdenticalInProcessSequentialThreadsAndOnSpark() {
        WidthVsN.Config config = WidthVsN.Config.tiny();
        String inProcess;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            inProcess = csvs(WidthVsN.run(config, ExperimentListener.NONE, backend));
        }
        WidthVsN.Result sequential = WidthVsN.run(config, ExperimentListener.NONE, Executor.sequential());
        assertTrue(sequential.runs().stream().anyMatch(WidthVsN.Run::trained), "the tiny grid trains");
        assertEquals(inProcess, csvs(sequential));
        assertEquals(inProcess, csvs(WidthVsN.run(config, ExperimentListener.NONE, Executor.threads(2))));
        assertEquals(inProcess, csvs(WidthVsN.run(config, ExperimentListener.NONE, Executor.spark(sc))));
    }

    @Test
    void projectionRadiusIsByteIdenticalInProcessSequentialAndOnSpark() {
        ProjectionRadius.Config config = ProjectionRadius.Config.tiny();
        String inProcess;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            inProcess = csvs(ProjectionRadius.run(config, ExperimentListener.NONE, backend));
        }
        ProjectionRadius.Result sequential = ProjectionRadius.run(config, ExperimentListener.NONE, Executor.sequential());
        assertFalse(sequential.scans().isEmpty());
        assertEquals(inProcess, csvs(sequential));
        assertEquals(inProcess, csvs(ProjectionRadius.run(config, ExperimentListener.NONE, Executor.spark(sc))));
    }

    @Test
    void nonSmoothIsByteIdenticalInProcessSequentialAndOnSpark() {
        NonSmooth.Config config = NonSmooth.Config.tiny();
        String inProcess;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            inProcess = csvs(NonSmooth.run(config, ExperimentListener.NONE, backend));
        }
        NonSmooth.Result sequential = NonSmooth.run(config, ExperimentListener.NONE, Executor.sequential());
        assertFalse(sequential.rows().isEmpty());
        assertEquals(inProcess, csvs(sequential));
        assertEquals(inProcess, csvs(NonSmooth.run(config, ExperimentListener.NONE, Executor.spark(sc))));
    }

    @Test
    void memoryCutoffIsByteIdenticalInProcessSequentialAndOnSpark() {
        MemoryCutoff.Config config = MemoryCutoff.Config.tiny();
        String inProcess;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            inProcess = csvs(MemoryCutoff.run(config, ExperimentListener.NONE, backend));
        }
        MemoryCutoff.Result sequential = MemoryCutoff.run(config, ExperimentListener.NONE, Executor.sequential());
        assertFalse(sequential.rows().isEmpty());
        assertEquals(inProcess, csvs(sequential));
        assertEquals(inProcess, csvs(MemoryCutoff.run(config, ExperimentListener.NONE, Executor.spark(sc))));
    }

    @Test
    void pgdVsGdIsByteIdenticalInProcessSequentialAndOnSpark() {
        PgdVsGd.Config config = PgdVsGd.Config.tiny();
        String inProcess;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            inProcess = csvs(PgdVsGd.run(config, ExperimentListener.NONE, backend));
        }
        PgdVsGd.Result sequential = PgdVsGd.run(config, ExperimentListener.NONE, Executor.sequential());
        assertFalse(sequential.rows().isEmpty());
        assertEquals(inProcess, csvs(sequential));
        assertEquals(inProcess, csvs(PgdVsGd.run(config, ExperimentListener.NONE, Executor.spark(sc))));
    }

    @Test
    void positiveVsRandomIsByteIdenticalInProcessSequentialAndOnSpark() {
        PositiveVsRandom.Config config = new PositiveVsRandom.Config(List.of(new int[]{8}, new int[]{6, 6}), 3, 4,
                1e-3, 400, 2, new double[]{0.5, 1.5}, 40);
        String inProcess = csvs(PositiveVsRandom.run(config, ExperimentListener.NONE));
        assertEquals(inProcess, csvs(PositiveVsRandom.run(config, ExperimentListener.NONE, Executor.sequential())));
        assertEquals(inProcess, csvs(PositiveVsRandom.run(config, ExperimentListener.NONE, Executor.spark(sc))));
    }

    /** The CSV files and the summary of a report, without the summary's run time (machine dependent). */
    private static String numbers(ExperimentReport report) {
        String summary = report.summary();
        int runTime = summary.lastIndexOf("\nRun time ");
        assertTrue(runTime > 0, "the summary ends with its run time");
        return csvs(report) + "== summary\n" + summary.substring(0, runTime);
    }

    @Test
    void certificateVsRealityIsByteIdenticalInProcessSequentialAndOnSpark() {
        CertificateVsReality.Config config = CertificateVsReality.Config.tiny();
        CertificateVsReality.Config digits = new CertificateVsReality.Config(config.activation(), config.alpha(),
                config.law(), 4, 3, 2, config.amplitude(), config.widths(), config.stepSize(), config.iterations(),
                config.period(), config.seed(), null).onDigits(Digits.oneVsRest(3));
        String inProcess;
        String inProcessDigits;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            inProcess = numbers(CertificateVsReality.run(config, ExperimentListener.NONE, backend));
            inProcessDigits = numbers(CertificateVsReality.run(digits, ExperimentListener.NONE, backend));
        }
        CertificateVsReality.Result sequential = CertificateVsReality.run(config, ExperimentListener.NONE,
                Executor.sequential());
        assertEquals(config.widths().size(), sequential.rows().size());
        assertEquals(inProcess, numbers(sequential));
        assertEquals(inProcess, numbers(CertificateVsReality.run(config, ExperimentListener.NONE, Executor.spark(sc))));
        assertEquals(inProcessDigits, numbers(CertificateVsReality.run(digits, ExperimentListener.NONE,
                Executor.sequential())), "the digits task travels to the cells");
        assertFalse(inProcessDigits.equals(inProcess));
    }

    @Test
    void gatingIsByteIdenticalInProcessSequentialAndOnSpark() {
        Gating.Config config = Gating.Config.tiny();
        String inProcess = numbers(Gating.run(config, ExperimentListener.NONE));
        Gating.Result sequential = Gating.run(config, ExperimentListener.NONE, Executor.sequential());
        assertEquals(2 * config.alphas().size(), sequential.outcomes().size());
        assertEquals(inProcess, numbers(sequential));
        assertEquals(inProcess, numbers(Gating.run(config, ExperimentListener.NONE, Executor.spark(sc))));
    }

    @Test
    void denseVsDiagonalIsByteIdenticalInProcessSequentialAndOnSpark() {
        DenseVsDiagonal.Config config = DenseVsDiagonal.Config.tiny();
        String inProcess;
        try (Nd4jBackend backend = Nd4jBackend.create(); Nd4jDenseBackend dense = Nd4jDenseBackend.create()) {
            inProcess = numbers(DenseVsDiagonal.run(config, ExperimentListener.NONE, backend, dense));
        }
        DenseVsDiagonal.Result sequential = DenseVsDiagonal.run(config, ExperimentListener.NONE, Executor.sequential());
        assertEquals(3 * config.widths().size(), sequential.runs().size());
        assertEquals(2 * config.ratios().size() * config.memorySteps().size(), sequential.memory().size());
        assertEquals(inProcess, numbers(sequential));
        assertEquals(inProcess, numbers(DenseVsDiagonal.run(config, ExperimentListener.NONE, Executor.spark(sc))));
    }

    @Test
    void aFailedCellOnSparkIsAResultWithItsErrorAndTheOthersMatchSequential() {
        SerializableFunction<Integer, Double> f = i -> {
            if (i == 2) {
                throw new ArithmeticException("cell two divides by zero");
            }
            return Math.exp(-i / 3.0) * Math.log1p(i);
        };
        List<Integer> cells = List.of(0, 1, 2, 3, 4);
        List<CellResult<Double>> onSpark = Sweep.map(cells, f, Executor.spark(sc), null);
        assertEquals(Sweep.map(cells, f, Executor.sequential(), null), onSpark);
        assertFalse(onSpark.get(2).ok());
        assertEquals("ArithmeticException: cell two divides by zero", onSpark.get(2).error());
        assertEquals(4, onSpark.stream().filter(CellResult::ok).count());
    }

    @Test
    void aCustomActivationIsRejectedBeforeAnyCellRuns() {
        Activation custom = Activations.custom("tanh2", Math::tanh, z -> 1 - Math.tanh(z) * Math.tanh(z),
                z -> -2 * Math.tanh(z) * (1 - Math.tanh(z) * Math.tanh(z)), new ActivationConstants(1, 1, 0.77));
        WidthVsN.Config t = WidthVsN.Config.tiny();
        WidthVsN.Config config = new WidthVsN.Config(custom, t.alpha(), t.law(), t.timeSteps(), t.inputDim(),
                t.nuBarW(), t.nuBarU(), t.rhoW(), t.rhoU(), t.samples(), t.seeds(), t.widths(), t.stepSize(),
                t.iterations(), t.targetRatio(), t.delta(), t.confirm(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WidthVsN.run(config, ExperimentListener.NONE, Executor.sequential()));
        assertTrue(e.getMessage().contains("'tanh2'"), e.getMessage());
    }
}
