package org.rnntk.experiments;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnntk.bounds.LocalPl;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.Checks;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.RecurrentTraining;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingListener;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.core.data.Digits;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.dense.DenseKernelRegimeMonitor;
import org.rnntk.kernels.dense.DenseNtk;
import org.rnntk.kernels.dense.Nd4jDenseBackend;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.KernelRegimeMonitor;
import org.rnntk.kernels.ntk.KernelRegimeRecord;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.spark.sweep.Executor;

/**
 * The extension to non-diagonal W named by source 1 (docs/theory.md §11). Two parts:
 * <ol>
 *   <li><b>Training</b>: GD with one step from Θ(0) for the dense network (mirrored
 *       initialization, A Gaussian with spectral-radius target r) and the diagonal one (w(0) ~ U[−r, r],
 *       symmetric), at equal width m and, for the diagonal network, at the width with the dense
 *       network's parameter count p = m(m + d) (m' = the even width nearest p/(1 + d)): the loss over
 *       k, the drift, the relative NTK change and λ_min of the NTK Gram at Θ(0).</li>
 *   <li><b>Memory</b>: at Θ(0), the kernel scale mean_j ‖∇_Θ F_T(X_j)‖² (the last-step Gram's mean
 *       diagonal) against T for the dense network with W(0) = diag(A, A), A = r·Q orthogonal (every
 *       eigenvalue of modulus r, so spectral radius · σ1 = r for tanh) and for the diagonal network
 *       with every w_i(0) = r (ασ1 = r), r on both sides of 1.</li>
 * </ol>
 * Data of the training part: a filter teacher (memory 0.6) or the sequential digits; all-steps loss
 * for the teacher, last-step for digits. The memory part always uses the filter teacher's unit-sphere
 * inputs (d as configured, T up to the largest memory T): it measures the networks, not the task.
 */
public final class DenseVsDiagonal {

    /** The command name and file stem. */
    public static final String NAME = "dense-vs-diagonal";

    private DenseVsDiagonal() {
    }

    /**
     * @param activation  σ
     * @param radius      r: the spectral-radius target of A (dense) and α (diagonal) for training
     * @param n           sequences
     * @param timeSteps   T of the training part
     * @param inputDim    d
     * @param amplitude   targets: filter-teacher amplitude, or the digits' label ±amplitude
     * @param widths      the dense (and equal-width diagonal) widths, increasing and even
     * @param stepSize    GD step η
     * @param iterations  τ
     * @param period      record every {@code period} iterations
     * @param ratios      the values of r·σ1 of the memory part, increasing
     * @param memorySteps the values of T of the memory part, increasing
     * @param memoryWidth m of the memory part
     * @param seed        data and initialization seed
     * @param digits      null for the filter teacher, else the digits task (T = d = 8)
     */
    public record Config(Activation activation, double radius, int n, int timeSteps, int inputDim, double amplitude,
                         List<Integer> widths, double stepSize, int iterations, int period, List<Double> ratios,
                         List<Integer> memorySteps, int memoryWidth, long seed, Digits.Task digits) {

        public Config {
            Objects.requireNonNull(activation, "activation");
            Checks.nonNegative("radius r", radius);
            Checks.positive("n", n);
            Checks.positive("time steps T", timeSteps);
            Checks.positive("input dimension d", inputDim);
            Checks.positive("amplitude", amplitude);
            widths = Experiments.increasing("widths", widths, 2);
            for (int m : widths) {
                Checks.evenWidth("width m", m);
            }
            Checks.positive("step size eta", stepSize);
            Checks.positive("iterations", iterations);
            Checks.positive("period", period);
            ratios = Experiments.increasingDoubles("ratios r*sigma1", ratios, 0.0);
            memorySteps = Experiments.increasing("memory T values", memorySteps, 1);
            Checks.evenWidth("memory width m", memoryWidth);
            if (digits != null && (timeSteps != Digits.TIME_STEPS || inputDim != Digits.INPUT_DIM)) {
                throw new IllegalArgumentException("the digits task has T = d = 8, but the configuration has T = "
                        + timeSteps + ", d = " + inputDim);
            }
        }

        /** The defaults of {@code rnntk experiment dense-vs-diagonal}. */
        public static Config defaults() {
            return new Config(Activations.tanh(), 0.5, 16, 5, 4, 0.5, List.of(16, 64), 2.0, 500, 25,
                    List.of(0.5, 0.9, 1.0, 1.1, 1.5), List.of(1, 2, 4, 8, 16, 32), 64, 1, null);
        }

        /** A tiny instance for tests and notebooks. */
        public static Config tiny() {
            return new Config(Activations.tanh(), 0.5, 4, 3, 2, 0.5, List.of(8), 1.0, 20, 5, List.of(0.5, 1.5),
                    List.of(1, 8), 8, 1, null);
        }

        /** The same experiment on the sequential digits (T = d = 8, last-step loss). */
        public Config onDigits(Digits.Task task) {
            return new Config(activation, radius, n, Digits.TIME_STEPS, Digits.INPUT_DIM, amplitude, widths, stepSize,
                    iterations, period, ratios, memorySteps, memoryWidth, seed, Objects.requireNonNull(task, "task"));
        }

        /** All steps on the teacher, the last step (the label) on digits. */
        public Loss loss() {
            return digits == null ? Loss.ALL_STEPS : Loss.LAST_STEP;
        }

        String dataDescription() {
            return digits == null ? "filter teacher (memory 0.6, A = " + amplitude + "), all-steps loss"
                    : "sequential digits " + digits + " (labels +-" + amplitude + "), last-step loss";
        }
    }

    /** The even width of the diagonal network with about p = m(m + d) parameters. */
    static int equalParameterWidth(int m, int d) {
        double p = (double) m * (m + d);
        return Math.max(2, (int) (2 * Math.round(p / (1 + d) / 2)));
    }

    /** One recorded iterate of one run; {@code model} is dense, diagonal or diagonal-equal-p. */
    public record Row(String model, int width, long parameters, KernelRegimeRecord record) {
    }

    /** One run's summary. */
    public record Run(String model, int width, long parameters, double lambdaMin, double lambdaMax,
                      KernelRegimeRecord last, boolean diverged) {
    }

    /** One memory measurement at Θ(0). */
    public record MemoryRow(String model, double ratio, int timeSteps, double kernelScale) {
    }

    /** The result; see {@link ExperimentReport}. */
    public record Result(Config config, List<Row> rows, List<Run> runs, List<MemoryRow> memory, double initialLoss,
                         double seconds) implements ExperimentReport {

        public Result {
            rows = List.copyOf(rows);
            runs = List.copyOf(runs);
            memory = List.copyOf(memory);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CsvTable table() {
            CsvTable t = new CsvTable("model", "m", "parameters", "k", "loss", "max_drift_w", "max_drift_u",
                    "relative_kernel_change", "linearization_error");
            for (Row r : rows) {
                KernelRegimeRecord k = r.record();
                t.add(r.model(), r.width(), r.parameters(), k.iteration(), k.loss(), k.drift().maxW(),
                        k.drift().maxU(), k.relativeKernelChange(), k.linearizationError());
            }
            return t;
        }

        @Override
        public Map<String, CsvTable> extraTables() {
            CsvTable s = new CsvTable("model", "m", "parameters", "lambda_min_initial", "lambda_max_initial",
                    "final_loss_over_initial", "diverged", "max_drift_w", "max_drift_u", "relative_kernel_change");
            for (Run r : runs) {
                s.add(r.model(), r.width(), r.parameters(), r.lambdaMin(), r.lambdaMax(),
                        r.last().loss() / initialLoss, r.diverged(), r.last().drift().maxW(), r.last().drift().maxU(),
                        r.last().relativeKernelChange());
            }
            CsvTable m = new CsvTable("model", "ratio", "T", "kernel_scale");
            for (MemoryRow r : memory) {
                m.add(r.model(), r.ratio(), r.timeSteps(), r.kernelScale());
            }
            Map<String, CsvTable> map = new LinkedHashMap<>();
            map.put("summary", s);
            map.put("memory", m);
            return map;
        }

        private List<KernelRegimeRecord> select(String model, int m) {
            return rows.stream().filter(r -> r.model().equals(model) && r.width() == m).map(Row::record).toList();
        }

        /** The kernel scale of one memory cell. */
        public double kernelScale(String model, double ratio, int steps) {
            return memory.stream().filter(r -> r.model().equals(model) && r.ratio() == ratio && r.timeSteps() == steps)
                    .findFirst().orElseThrow().kernelScale();
        }

        @Override
        public BufferedImage figure() {
            XYChart loss = Charts.panel("Training loss (solid dense, dashed diagonal, diamonds equal p)",
                    "iteration k", "R(Theta(k)) (log scale)", false, true);
            XYChart kernel = Charts.panel("Relative NTK change", "iteration k",
                    "||K(k) - K(0)||_F / ||K(0)||_F (log scale)", false, true);
            XYChart drift = Charts.panel("Max per-neuron drift (units 1/sqrt(m); dense: row norms)", "iteration k",
                    "sqrt(m) * max row change", false, false);
            XYChart mem = Charts.panel("Memory: mean ||grad F_T||^2 at Theta(0) (solid dense, dashed diagonal)", "T",
                    "kernel scale (log scale)", false, true);
            for (XYChart c : new XYChart[]{loss, kernel, drift, mem}) {
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            }
            int colour = 0;
            for (Run r : runs) {
                List<KernelRegimeRecord> s = select(r.model(), r.width());
                double[] k = s.stream().mapToDouble(KernelRegimeRecord::iteration).toArray();
                boolean dashed = !r.model().equals("dense");
                var marker = r.model().equals("diagonal-equal-p") ? SeriesMarkers.DIAMOND : SeriesMarkers.NONE;
                String label = r.model() + " m=" + r.width() + " p=" + r.parameters();
                Charts.line(loss, label, k, s.stream().mapToDouble(KernelRegimeRecord::loss).toArray(), colour, dashed,
                        marker);
                Charts.line(kernel, label, k, s.stream().mapToDouble(KernelRegimeRecord::relativeKernelChange)
                        .toArray(), colour, dashed, marker);
                Charts.line(drift, label, k, s.stream().mapToDouble(x -> Math.max(x.drift().maxW(), x.drift().maxU()))
                        .toArray(), colour, dashed, marker);
                colour++;
            }
            double[] ts = Experiments.toArray(config.memorySteps());
            for (int i = 0; i < config.ratios().size(); i++) {
                double q = config.ratios().get(i);
                for (String model : new String[]{"dense", "diagonal"}) {
                    Charts.line(mem, model + " r*sigma1=" + Experiments.fmt(q), ts, config.memorySteps().stream()
                            .mapToDouble(t -> kernelScale(model, q, t)).toArray(), i, model.equals("diagonal"),
                            SeriesMarkers.CIRCLE);
                }
            }
            String caption = String.format(Locale.ROOT,
                    "dense-vs-diagonal: %s, n=%d, T=%d, d=%d, %s; GD eta=%s, tau=%d, r=%s; memory: m=%d,"
                            + " dense A = r Q, diagonal w = r; seed %d",
                    config.activation().name(), config.n(), config.timeSteps(), config.inputDim(),
                    config.dataDescription(), config.stepSize(), config.iterations(), config.radius(),
                    config.memoryWidth(), config.seed());
            return Charts.compose(caption, 2, loss, kernel, drift, mem);
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder("# dense-vs-diagonal\n\n");
            sb.append(String.format(Locale.ROOT,
                    "%s, n = %d, T = %d, d = %d, %s, R(Theta0) = %.4g; GD with eta = %s for tau = %d; dense: mirrored"
                            + " initialization with A Gaussian of spectral-radius target r = %s; diagonal: symmetric,"
                            + " w(0) ~ U[-r, r]; seed %d.%n%n",
                    config.activation().name(), config.n(), config.timeSteps(), config.inputDim(),
                    config.dataDescription(), initialLoss, config.stepSize(), config.iterations(), config.radius(),
                    config.seed()));
            sb.append("| model | m | parameters | lambda_min(K0) | lambda_max(K0) | loss / R(Theta0) at tau |"
                    + " max drift W / u | rel. kernel change |\n|---|---:|---:|---:|---:|---:|---|---:|\n");
            for (Run r : runs) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.4g | %.4g | %.4g%s | %.3g / %.3g | %.4g |%n",
                        r.model(), r.width(), r.parameters(), r.lambdaMin(), r.lambdaMax(),
                        r.last().loss() / initialLoss, r.diverged() ? " (diverged)" : "", r.last().drift().maxW(),
                        r.last().drift().maxU(), r.last().relativeKernelChange()));
            }
            sb.append(String.format(Locale.ROOT, "%nMemory at Theta(0), m = %d: kernel scale mean_j ||grad F_T(X_j)||^2"
                    + " (dense: A = r Q, spectral radius r; diagonal: w = r)%n%n| model | r*sigma1 |", config.memoryWidth()));
            for (int t : config.memorySteps()) {
                sb.append(" T = ").append(t).append(" |");
            }
            sb.append("\n|---|---:|");
            config.memorySteps().forEach(t -> sb.append("---:|"));
            sb.append('\n');
            for (double q : config.ratios()) {
                for (String model : new String[]{"dense", "diagonal"}) {
                    sb.append("| ").append(model).append(" | ").append(Experiments.fmt(q)).append(" |");
                    for (int t : config.memorySteps()) {
                        sb.append(String.format(Locale.ROOT, " %.4g |", kernelScale(model, q, t)));
                    }
                    sb.append('\n');
                }
            }
            sb.append(String.format(Locale.ROOT, "%nRun time %.1f s (machine dependent; every number above is"
                    + " deterministic given the configuration).%n", seconds));
            return sb.toString();
        }
    }

    /** Runs the experiment with its own backends, one thread per available processor. */
    public static Result run(Config config, ExperimentListener listener) {
        return run(config, listener, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs the experiment with its own backends; the diagonal backend and its NTK use {@code threads}
     * threads, the dense backend and its NTK {@code threads} OpenBLAS threads.
     */
    public static Result run(Config config, ExperimentListener listener, int threads) {
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, threads);
             Nd4jDenseBackend dense = Nd4jDenseBackend.create(Precision.FLOAT64, threads)) {
            return run(config, listener, backend, dense);
        }
    }

    /** Runs the experiment on the given backends. */
    public static Result run(Config c, ExperimentListener listener, Nd4jBackend backend, Nd4jDenseBackend dense) {
        Objects.requireNonNull(c, "config");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(dense, "dense backend");
        ExperimentListener progress = listener == null ? ExperimentListener.NONE : listener;
        long start = System.nanoTime();
        List<Cell> cells = cells(c);
        List<CellOut> outs = new ArrayList<>();
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(backend.threads()));
             DenseNtk denseNtk = dense.threads() == 0 ? DenseNtk.create()
                     : DenseNtk.create(NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES, dense.threads())) {
            for (int i = 0; i < cells.size(); i++) {
                TrainingListener tl = progress.onStage(new ExperimentStage(NAME, cells.get(i).toString(), i,
                        cells.size(), i, cells.size()));
                outs.add(compute(c, cells.get(i), new Engines(backend, dense, ntk, denseNtk), tl));
            }
        }
        return assemble(c, outs, start);
    }

    /**
     * Runs the experiment's cells (each training run; the memory measurements of each model at each
     * r·σ1) on the sweep engine, each with its own single-threaded backends and NTKs. The result
     * equals {@link #run(Config, ExperimentListener, Nd4jBackend, Nd4jDenseBackend)}'s, bit for bit.
     *
     * @throws IllegalArgumentException when the activation cannot travel to a cell (a custom one)
     */
    public static Result run(Config c, ExperimentListener listener, Executor executor) {
        Objects.requireNonNull(c, "config");
        Objects.requireNonNull(executor, "executor");
        long start = System.nanoTime();
        data(c); // bad inputs fail here, before any cell runs
        Spec spec = Spec.of(c);
        List<CellOut> outs = Cells.compute(NAME, cells(c), cell -> {
            try (Nd4jBackend backend = Cells.cellBackend();
                 Nd4jDenseBackend dense = Nd4jDenseBackend.create(Precision.FLOAT64, 1);
                 EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(1));
                 DenseNtk denseNtk = DenseNtk.create(NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES, 1)) {
                return compute(spec.config(), cell, new Engines(backend, dense, ntk, denseNtk), TrainingListener.NONE);
            }
        }, executor, listener);
        return assemble(c, outs, start);
    }

    /**
     * One cell: the GD run of {@code model} (dense, diagonal or diagonal-equal-p) at {@code width}, or
     * ({@code memory}) the kernel scales of {@code model} (dense or diagonal) at r·σ1 = {@code ratio}
     * for every memory T.
     */
    record Cell(boolean memory, String model, int width, double ratio) implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return memory ? "memory " + model + " r*sigma1=" + ratio : model + " m=" + width;
        }
    }

    /** The training runs (per dense width: dense, diagonal, diagonal at equal p), then memory per ratio. */
    static List<Cell> cells(Config c) {
        List<Cell> cells = new ArrayList<>();
        for (int m : c.widths()) {
            cells.add(new Cell(false, "dense", m, Double.NaN));
            cells.add(new Cell(false, "diagonal", m, Double.NaN));
            int mm = equalParameterWidth(m, c.inputDim());
            cells.add(new Cell(false, mm == m ? "diagonal" : "diagonal-equal-p", mm, Double.NaN));
        }
        for (double q : c.ratios()) {
            cells.add(new Cell(true, "dense", c.memoryWidth(), q));
            cells.add(new Cell(true, "diagonal", c.memoryWidth(), q));
        }
        return cells;
    }

    /**
     * A cell's numbers: a training run's records, λ_min and λ_max of its Gram at Θ(0) and whether it
     * diverged; or a memory cell's kernel scales, one per memory T.
     */
    record CellOut(List<KernelRegimeRecord> records, double lambdaMin, double lambdaMax, boolean diverged,
                   double[] kernelScales) implements Serializable {
        private static final long serialVersionUID = 1L;

        CellOut {
            records = new ArrayList<>(records);
        }
    }

    /** What a cell computes on: the backends and kernels of both networks. */
    private record Engines(Nd4jBackend backend, Nd4jDenseBackend dense, EmpiricalNtk ntk, DenseNtk denseNtk) {
    }

    /** The configuration as serializable values, for cells computed elsewhere. */
    private record Spec(Cells.ActivationRef activation, double radius, int n, int timeSteps, int inputDim,
                        double amplitude, List<Integer> widths, double stepSize, int iterations, int period,
                        List<Double> ratios, List<Integer> memorySteps, int memoryWidth, long seed, int[] digits)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(Config c) {
            return new Spec(Cells.ActivationRef.of(c.activation()), c.radius(), c.n(), c.timeSteps(), c.inputDim(),
                    c.amplitude(), new ArrayList<>(c.widths()), c.stepSize(), c.iterations(), c.period(),
                    new ArrayList<>(c.ratios()), new ArrayList<>(c.memorySteps()), c.memoryWidth(), c.seed(),
                    c.digits() == null ? null : new int[]{c.digits().positive(), c.digits().negative()});
        }

        Config config() {
            return new Config(activation.activation(), radius, n, timeSteps, inputDim, amplitude, widths, stepSize,
                    iterations, period, ratios, memorySteps, memoryWidth, seed,
                    digits == null ? null : new Digits.Task(digits[0], digits[1]));
        }
    }

    /** The training data: the filter teacher or the digits sample, unit inputs (checked). */
    private static SequenceDataset data(Config c) {
        SequenceDataset data = c.digits() != null ? c.digits().sample(c.n(), c.amplitude(), c.seed())
                : SyntheticTasks.filter(c.n(), c.timeSteps(), c.inputDim(), 0.6, c.amplitude(), c.seed()).generate();
        Experiments.requireUnitInputs(data);
        return data;
    }

    /** One cell on {@code e} (progress of a training run to {@code tl}). */
    private static CellOut compute(Config c, Cell cell, Engines e, TrainingListener tl) {
        long initSeed = WidthVsN.initSeed(c.seed());
        if (cell.memory()) {
            int maxT = c.memorySteps().get(c.memorySteps().size() - 1);
            double r = cell.ratio() / c.activation().constants().sigma1();
            SequenceDataset long0 = SyntheticTasks.filter(c.n(), maxT, c.inputDim(), 0.6, c.amplitude(), c.seed())
                    .generate();
            boolean dense = cell.model().equals("dense");
            DenseRnn dm = dense ? Initializers.mirroredDense(r, DenseLaw.ORTHOGONAL, initSeed)
                    .initialize(cell.width(), c.inputDim(), c.activation()) : null;
            DiagonalRnn gm = dense ? null : Initializers.symmetric(r, RecurrentLaw.CONSTANT, initSeed)
                    .initialize(cell.width(), c.inputDim(), c.activation());
            double[] scales = new double[c.memorySteps().size()];
            for (int i = 0; i < scales.length; i++) {
                SequenceDataset prefix = prefix(long0, c.memorySteps().get(i));
                scales[i] = meanDiagonal(dense ? e.denseNtk().gram(dm, prefix, Loss.LAST_STEP)
                        : e.ntk().gram(gm, prefix, Loss.LAST_STEP));
            }
            return new CellOut(List.of(), Double.NaN, Double.NaN, false, scales);
        }
        SequenceDataset data = data(c);
        Loss loss = c.loss();
        if (cell.model().equals("dense")) {
            DenseRnn d0 = Initializers.mirroredDense(c.radius(), DenseLaw.GAUSSIAN, initSeed)
                    .initialize(cell.width(), c.inputDim(), c.activation());
            try (DenseKernelRegimeMonitor monitor = DenseKernelRegimeMonitor.every(c.period(), e.denseNtk(), data,
                    loss)) {
                boolean diverged = RecurrentTraining.run(e.dense(), d0, data, loss,
                        Optimizers.gradientDescent(c.stepSize()), c.iterations(), both(monitor, tl)).diverged();
                double[] spec = spectrum(monitor.initialGram());
                return new CellOut(monitor.records(), spec[0], spec[1], diverged, null);
            }
        }
        DiagonalRnn t0 = Initializers.symmetric(c.radius(), RecurrentLaw.UNIFORM, initSeed)
                .initialize(cell.width(), c.inputDim(), c.activation());
        try (KernelRegimeMonitor monitor = KernelRegimeMonitor.every(c.period(), e.ntk(), data, loss)) {
            boolean diverged = RecurrentTraining.run(e.backend(), t0, data, loss,
                    Optimizers.gradientDescent(c.stepSize()), c.iterations(), both(monitor, tl)).diverged();
            double[] spec = spectrum(monitor.initialGram());
            return new CellOut(monitor.records(), spec[0], spec[1], diverged, null);
        }
    }

    /** The result from the cells, in {@link #cells} order; memory rows by ratio, then T, dense before diagonal. */
    private static Result assemble(Config c, List<CellOut> outs, long start) {
        List<Row> rows = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        List<MemoryRow> memory = new ArrayList<>();
        double initialLoss = Double.NaN;
        List<Cell> cells = cells(c);
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            CellOut out = outs.get(i);
            if (cell.memory()) {
                if (cell.model().equals("dense")) {
                    double[] diagonal = outs.get(i + 1).kernelScales();
                    for (int t = 0; t < c.memorySteps().size(); t++) {
                        int steps = c.memorySteps().get(t);
                        memory.add(new MemoryRow("dense", cell.ratio(), steps, out.kernelScales()[t]));
                        memory.add(new MemoryRow("diagonal", cell.ratio(), steps, diagonal[t]));
                    }
                }
                continue;
            }
            String model = cell.model();
            int m = cell.width();
            long p = model.equals("dense") ? (long) m * (m + c.inputDim()) : (long) m * (1 + c.inputDim());
            out.records().forEach(r -> rows.add(new Row(model, m, p, r)));
            runs.add(new Run(model, m, p, out.lambdaMin(), out.lambdaMax(),
                    out.records().get(out.records().size() - 1), out.diverged()));
            if (model.equals("dense")) {
                initialLoss = out.records().get(0).loss();
            }
        }
        return new Result(c, rows, runs, memory, initialLoss, (System.nanoTime() - start) / 1e9);
    }

    private static TrainingListener both(TrainingListener monitor, TrainingListener progress) {
        return new TrainingListener() {
            @Override
            public void onIteration(int iteration, int totalIterations, double value) {
                monitor.onIteration(iteration, totalIterations, value);
                progress.onIteration(iteration, totalIterations, value);
            }

            @Override
            public void onModel(int iteration, org.rnntk.core.RecurrentModel<?> parameters) {
                monitor.onModel(iteration, parameters);
            }
        };
    }

    private static double[] spectrum(GramMatrix gram) {
        LocalPl.GramSpectrum s = LocalPl.gramSpectrum(gram.toArray());
        return new double[]{s.lambdaMin(), s.lambdaMax()};
    }

    private static double meanDiagonal(GramMatrix g) {
        double s = 0;
        for (int i = 0; i < g.rows(); i++) {
            s += g.get(i, i);
        }
        return s / g.rows();
    }

    /** The first {@code steps} steps of every sequence. */
    static SequenceDataset prefix(SequenceDataset data, int steps) {
        int n = data.size();
        int d = data.inputDim();
        int full = data.timeSteps();
        double[] x = data.inputs();
        double[] y = data.targets();
        double[] px = new double[n * steps * d];
        double[] py = new double[n * steps];
        for (int j = 0; j < n; j++) {
            System.arraycopy(x, j * full * d, px, j * steps * d, steps * d);
            System.arraycopy(y, j * full, py, j * steps, steps);
        }
        return new SequenceDataset(n, steps, d, px, py);
    }
}
