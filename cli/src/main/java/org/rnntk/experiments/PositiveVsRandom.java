package org.rnntk.experiments;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnntk.spark.sweep.Executor;
import org.rnntk.core.Checks;
import org.rnntk.experiments.InitializationComparison.Curve;
import org.rnntk.experiments.InitializationComparison.Row;
import org.rnntk.experiments.InitializationComparison.Settings;

/**
 * Claim 4 of docs/theory.md §10 (source 2): the positive initialization against Xavier and He
 * normal at the same width, each with its step tuned (protocol of
 * {@link InitializationComparison}, docs/criterion.md), plus the positive initialization with its
 * certified step. For every architecture: the tuned table (median iterations to the loss level) and
 * the loss curves of every seed at the chosen steps.
 */
public final class PositiveVsRandom {

    /** The command name and file stem. */
    public static final String NAME = "positive-vs-random";

    private PositiveVsRandom() {
    }

    /**
     * @param architectures hidden widths of each network compared (depth = length + 1)
     * @param samples       n
     * @param inputDim      d ≥ n (the certified bound needs linearly independent inputs)
     * @param lossLevel     the level whose first-hitting iteration is tabulated
     * @param maxIterations cap for the tuning runs
     * @param seeds         seeds 0..seeds−1
     * @param stepFactors   the tuning grid θ, η = θ/β̂
     * @param curveIterations iterations of the plotted curves
     */
    public record Config(List<int[]> architectures, int samples, int inputDim, double lossLevel, int maxIterations,
                         int seeds, double[] stepFactors, int curveIterations) implements Serializable {

        private static final long serialVersionUID = 1L;

        public Config {
            if (architectures == null || architectures.isEmpty()) {
                throw new IllegalArgumentException("architectures must list at least one network");
            }
            architectures = architectures.stream().map(int[]::clone).toList();
            Checks.positive("curve iterations", curveIterations);
            stepFactors = stepFactors.clone();
            // The remaining checks are InitializationComparison.Settings'.
            settings(architectures.get(0), samples, inputDim, lossLevel, maxIterations, seeds, stepFactors);
        }

        @Override
        public List<int[]> architectures() {
            return architectures.stream().map(int[]::clone).toList();
        }

        @Override
        public double[] stepFactors() {
            return stepFactors.clone();
        }

        Settings settings(int index) {
            return settings(architectures.get(index), samples, inputDim, lossLevel, maxIterations, seeds, stepFactors);
        }

        private static Settings settings(int[] widths, int n, int d, double level, int cap, int seeds,
                                         double[] factors) {
            return new Settings(n, d, widths, level, cap, seeds, factors);
        }

        /** The defaults of {@code rnntk experiment positive-vs-random}: docs/criterion.md's protocol. */
        public static Config defaults() {
            Settings s = Settings.standard(32);
            return new Config(List.of(new int[]{32}, new int[]{32, 32}), s.samples(), s.inputDim(), s.lossLevel(),
                    s.maxIterations(), s.seeds(), s.stepFactors(), 600);
        }

        /** A tiny instance for tests and notebooks. */
        public static Config tiny() {
            return new Config(List.of(new int[]{8}), 3, 4, 1e-3, 400, 2, new double[]{0.5, 1.5}, 40);
        }
    }

    /** The tuned table and curves of one architecture. */
    public record Architecture(int[] hiddenWidths, List<Row> rows, List<Curve> curves) implements Serializable {

        private static final long serialVersionUID = 1L;

        public Architecture {
            hiddenWidths = hiddenWidths.clone();
            rows = List.copyOf(rows);
            curves = List.copyOf(curves);
        }

        @Override
        public int[] hiddenWidths() {
            return hiddenWidths.clone();
        }

        String label() {
            return "widths " + Arrays.toString(hiddenWidths);
        }
    }

    /** The result; see {@link ExperimentReport}. */
    public record Result(Config config, List<Architecture> architectures, double seconds) implements ExperimentReport {

        public Result {
            architectures = List.copyOf(architectures);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CsvTable table() {
            CsvTable t = new CsvTable("hidden_widths", "initialization", "seed", "step", "k", "loss");
            for (Architecture a : architectures) {
                for (Curve c : a.curves()) {
                    double[] l = c.losses();
                    for (int k = 0; k < l.length; k++) {
                        t.add(Arrays.toString(a.hiddenWidths()).replace(", ", " "), c.initialization(), c.seed(),
                                c.step(), k, l[k]);
                    }
                }
            }
            return t;
        }

        @Override
        public java.util.Map<String, CsvTable> extraTables() {
            CsvTable t = new CsvTable("hidden_widths", "initialization", "tuned_theta", "median_iterations",
                    "reached", "seeds");
            for (Architecture a : architectures) {
                for (Row r : a.rows()) {
                    t.add(Arrays.toString(a.hiddenWidths()).replace(", ", " "), r.initialization(), r.stepFactor(),
                            r.medianIterations(), r.reached(), r.seeds());
                }
            }
            return java.util.Map.of("tuned", t);
        }

        @Override
        public BufferedImage figure() {
            List<XYChart> panels = new ArrayList<>();
            for (Architecture a : architectures) {
                XYChart chart = Charts.panel("Training loss, " + a.label() + " (median over seeds)",
                        "GD iteration k", "log10 of the training loss (1/n) sum (f(x_i) - y_i)^2", false, false);
                chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
                chart.getStyler().setXAxisMaxLabelCount(13);
                for (int row = 0; row < InitializationComparison.INITIALIZATIONS.size(); row++) {
                    String name = InitializationComparison.INITIALIZATIONS.get(row);
                    List<double[]> curves = a.curves().stream().filter(c -> c.initialization().equals(name))
                            .map(Curve::losses).toList();
                    int len = curves.stream().mapToInt(c -> c.length).min().orElse(0);
                    double[] k = Experiments.range(len);
                    double[] med = new double[len];
                    for (int i = 0; i < len; i++) {
                        int at = i;
                        med[i] = Stats.median(curves.stream().mapToDouble(c -> c[at]).toArray());
                    }
                    String step = Double.isNaN(a.rows().get(row).stepFactor()) ? "certified eta"
                            : String.format(Locale.ROOT, "eta = %.2f / beta_hat", a.rows().get(row).stepFactor());
                    Charts.line(chart, name + ", " + step, k, Charts.log10(floor(med)), row, row == 1, SeriesMarkers.NONE);
                }
                panels.add(chart);
            }
            String caption = String.format(Locale.ROOT, "positive-vs-random: tanh MLP, no biases, n=%d inputs on the"
                    + " unit sphere of R^%d, targets U[-1,1], %d seeds; steps tuned per initialization (theta/beta_hat)",
                    config.samples(), config.inputDim(), config.seeds());
            return Charts.compose(caption, panels.size(), panels.toArray(new XYChart[0]));
        }

        /** Exact zeros cannot sit on a log axis; they are drawn at the smallest positive double. */
        private static double[] floor(double[] v) {
            double[] out = v.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(out[i], Double.MIN_NORMAL);
            }
            return out;
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder("# positive-vs-random\n\n");
            for (Architecture a : architectures) {
                Settings s = config.settings(architectures.indexOf(a));
                sb.append("## ").append(a.label()).append("\n\n");
                sb.append(InitializationComparison.table(s, a.rows())).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "Curves: %d GD iterations per seed at the chosen steps"
                    + " (positive-vs-random.csv); tuned table in positive-vs-random-tuned.csv. Run time %.1f s"
                    + " (machine dependent; every number above is deterministic given the configuration).%n",
                    config.curveIterations(), seconds));
            return sb.toString();
        }
    }

    /** Runs the experiment. */
    public static Result run(Config config, ExperimentListener listener) {
        return run(config, listener, 0);
    }

    /**
     * As {@link #run(Config, ExperimentListener)}, the MLPs' DGEMMs on {@code threads} OpenBLAS threads
     * (0: OpenBLAS's own count); the result does not depend on it.
     */
    public static Result run(Config config, ExperimentListener listener, int threads) {
        Objects.requireNonNull(config, "config");
        if (threads < 0) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1, or 0 for OpenBLAS's own count");
        }
        ExperimentListener progress = listener == null ? ExperimentListener.NONE : listener;
        long start = System.nanoTime();
        List<Architecture> out = new ArrayList<>();
        int count = config.architectures().size();
        for (int i = 0; i < count; i++) {
            out.add(architecture(config, i, progress, count, threads));
        }
        return new Result(config, out, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs the experiment's cells (one architecture each: its tuning and its curves, on one-thread
     * backends the cell creates) on the sweep engine. The result equals {@link #run(Config, ExperimentListener)}'s,
     * bit for bit.
     */
    public static Result run(Config config, ExperimentListener listener, Executor executor) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(executor, "executor");
        long start = System.nanoTime();
        List<Integer> cells = new ArrayList<>();
        for (int i = 0; i < config.architectures().size(); i++) {
            cells.add(i);
        }
        List<Architecture> out = Cells.compute(NAME, cells,
                i -> architecture(config, i, ExperimentListener.NONE, config.architectures().size(), 1), executor,
                listener);
        return new Result(config, out, (System.nanoTime() - start) / 1e9);
    }

    private static Architecture architecture(Config config, int i, ExperimentListener progress, int count,
                                             int threads) {
        Settings s = config.settings(i);
        progress.onStage(new ExperimentStage(NAME, "tuning " + Arrays.toString(s.hiddenWidths()), 2 * i,
                2 * count, 2.0 * i, 2.0 * count));
        List<Row> rows = InitializationComparison.run(s, threads);
        progress.onStage(new ExperimentStage(NAME, "curves " + Arrays.toString(s.hiddenWidths()), 2 * i + 1,
                2 * count, 2.0 * i + 1, 2.0 * count));
        return new Architecture(s.hiddenWidths(), rows, InitializationComparison.curves(s, rows,
                config.curveIterations(), threads));
    }
}
