package org.rnntk.spark.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.core.Loss;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.kernels.ntk.Spectrum;
import org.rnntk.spark.internal.Progress;

/**
 * Runs the training runs of a sweep in this JVM, without Spark: one after the other, or on a pool
 * of threads. {@link #execute(SweepRun, Set)} is the one function every runner (this one and
 * {@code SparkSweep}) applies to a run, so a sweep's rows do not depend on where it ran.
 *
 * <p>Each run uses its own single-threaded float64 backend, created and closed on the thread that
 * runs it: a run's numbers do not depend on the number of threads or tasks running beside it.
 */
public final class SweepRunner {

    private SweepRunner() {
    }

    /**
     * Runs one training run. A run stopped by the divergence rule ({@link TrainingHistory#diverged()})
     * is a row with the error {@code "diverged: <reason> at iteration k"}; an exception of the run (a
     * width the initialization rejects) becomes its row's error instead of propagating.
     *
     * @param recorded what to record; not modified
     */
    public static SweepRow execute(SweepRun run, Set<Recorded> recorded) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(recorded, "recorded");
        if (run.config() == null) {
            return failed(run, recorded, "IllegalArgumentException: " + run.invalid());
        }
        try {
            return measure(run, recorded);
        } catch (RuntimeException e) {
            return failed(run, recorded, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static SweepRow failed(SweepRun run, Set<Recorded> recorded, String error) {
        List<String> empty = new ArrayList<>();
        for (Recorded r : recorded) {
            for (int i = 0; i < r.columns().size(); i++) {
                empty.add("");
            }
        }
        return new SweepRow(run.run(), run.settings(), error, empty);
    }

    private static SweepRow measure(SweepRun run, Set<Recorded> recorded) {
        RunConfig c = run.config();
        SequenceDataset data = c.data();
        DiagonalRnn theta0 = Initializers.symmetric(c.alpha(), c.recurrentLaw(), c.seed())
                .initialize(c.width(), c.d(), c.activationFunction());
        TrainingHistory history;
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 1)) {
            history = Training.run(backend, theta0, data, c.lossMode(), c.optimizerInstance(), c.iterations());
        }
        if (history.diverged()) {
            return failed(run, recorded, "diverged: " + history.divergence().orElseThrow().describe());
        }
        List<String> out = new ArrayList<>();
        for (Recorded r : recorded) {
            switch (r) {
                case LOSS -> {
                    out.add(Double.toString(history.initialLoss()));
                    out.add(Double.toString(history.lastLoss()));
                    out.add(Double.toString(history.minLoss()));
                }
                case DRIFT -> {
                    out.add(Double.toString(history.maxDriftWOverRun()));
                    out.add(Double.toString(history.maxDriftUOverRun()));
                }
                case CURVE -> {
                    StringBuilder sb = new StringBuilder();
                    for (double v : history.losses()) {
                        if (sb.length() > 0) {
                            sb.append(' ');
                        }
                        sb.append(v);
                    }
                    out.add(sb.toString());
                }
                case NTK -> {
                    Loss mode = c.lossMode();
                    try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(1))) {
                        Spectrum s = Spectrum.of(ntk.gram(theta0, data, mode));
                        out.add(Double.toString(s.lambdaMin()));
                        out.add(Double.toString(s.lambdaMax()));
                    }
                }
                default -> throw new IllegalStateException("recorded item " + r);
            }
        }
        return new SweepRow(run.run(), run.settings(), null, out);
    }

    /** Runs every run of the grid in this thread, in order, reporting to {@code progress} (may be null). */
    public static List<SweepRow> sequential(SweepGrid grid, Progress progress) {
        return on(grid, Executor.sequential(), progress);
    }

    /**
     * Runs the grid on a pool of {@code threads} threads (the in-process alternative to a Spark
     * {@code local[threads]} job); rows in run order, equal to {@link #sequential}'s.
     */
    public static List<SweepRow> threads(SweepGrid grid, int threads, Progress progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1");
        }
        return on(grid, Executor.threads(threads), progress);
    }

    /**
     * Runs the grid's runs on the sweep engine ({@link Sweep#map}) with {@link #execute} as the cell
     * function, reporting to {@code progress} (may be null); rows in run order.
     */
    static List<SweepRow> on(SweepGrid grid, Executor executor, Progress progress) {
        Objects.requireNonNull(grid, "grid");
        List<SweepRun> runs = grid.runs();
        Set<Recorded> recorded = grid.recorded();
        SweepListener listener = progress == null ? SweepListener.NONE
                : (finished, failed, total, elapsed, eta) -> progress.update(finished, failed);
        List<CellResult<SweepRow>> results = Sweep.map(runs, run -> execute(run, recorded), executor, listener);
        List<SweepRow> rows = new ArrayList<>(results.size());
        for (CellResult<SweepRow> r : results) {
            // execute already turns a run's exception into its row; should one escape it, it is that row's error too.
            rows.add(r.ok() ? r.value() : failed(runs.get(r.cell()), recorded, r.error()));
        }
        return rows;
    }
}
