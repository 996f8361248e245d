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
import org.rnntk.bounds.Bounds;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.spark.sweep.Executor;

/**
 * Open question (2) of source 1, smallest honest version: long memory with gating. The plain
 * diagonal RNN and the same network with a learned scalar forget gate per neuron
 * ({@link GatedRnn}: f_t^i = sigmoid(⟨g_i, x_t⟩ + b_i), g = 0 and b = {@code gateBias} at Θ0) train by
 * full-batch GD with one step size from the same symmetric Θ(0), with every w_i(0) = α (law
 * CONSTANT, so each neuron sits at ασ1), on a long-memory task: a filter teacher with memory 1 (no
 * forgetting: the target at T is A·tanh of the sum of ⟨v, x_t⟩ over all T steps), last-step loss,
 * T ≥ 64 by default. Reported: the loss over k, the gradient norm, the mean gate and the mean
 * one-step BPTT factor f|w|σ'(z), beside log10 µ_T of the plain model's bound at ασ1.
 * A run counts as diverged when its loss is not finite or exceeds 100·R̂(Θ0); it stops there.
 */
public final class Gating {

    /** The command name and file stem. */
    public static final String NAME = "gating";

    /** A loss above this multiple of R̂(Θ0) counts as divergence. */
    static final double DIVERGENCE_FACTOR = 100;

    private Gating() {
    }

    /**
     * @param activation σ
     * @param alphas     the values of w(0) = α (CONSTANT law), increasing
     * @param n          sequences
     * @param timeSteps  T
     * @param inputDim   d
     * @param amplitude  A of the filter teacher (memory 1)
     * @param width      m (even)
     * @param gateBias   b_i at Θ0 (the gate starts at sigmoid(gateBias) for every input)
     * @param stepSize   GD step η, the same for both models
     * @param iterations τ
     * @param period     record every {@code period} iterations
     * @param seed       data and initialization seed
     */
    public record Config(Activation activation, List<Double> alphas, int n, int timeSteps, int inputDim,
                         double amplitude, int width, double gateBias, double stepSize, int iterations, int period,
                         long seed) {

        public Config {
            Objects.requireNonNull(activation, "activation");
            alphas = Experiments.increasingDoubles("alphas", alphas, 0.0);
            Checks.positive("n", n);
            Checks.positive("time steps T", timeSteps);
            Checks.positive("input dimension d", inputDim);
            Checks.positive("amplitude", amplitude);
            Checks.evenWidth("width m", width);
            Checks.finite("gate bias", gateBias);
            Checks.positive("step size eta", stepSize);
            Checks.positive("iterations", iterations);
            Checks.positive("period", period);
        }

        /** The defaults of {@code rnntk experiment gating}: tanh, ασ1 = 0.5 and 1.5, T = 64. */
        public static Config defaults() {
            return new Config(Activations.tanh(), List.of(0.5, 1.5), 16, 64, 4, 0.5, 128, 4.0, 0.5, 400, 10, 1);
        }

        /** A tiny instance for tests and notebooks. */
        public static Config tiny() {
            return new Config(Activations.tanh(), List.of(0.5, 1.5), 4, 8, 2, 0.5, 8, 4.0, 0.5, 20, 5, 1);
        }
    }

    /** One recorded iterate. */
    public record Row(String model, double alpha, int iteration, double loss, double gradientNorm, double meanGate,
                      double meanEffectiveRatio) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One run's outcome. */
    public record Outcome(String model, double alpha, double initialLoss, double finalLoss, double minLoss,
                          boolean diverged, int lastIteration, Row first, Row last, double log10MuT)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The result; see {@link ExperimentReport}. */
    public record Result(Config config, List<Row> rows, List<Outcome> outcomes, double seconds)
            implements ExperimentReport {

        public Result {
            rows = List.copyOf(rows);
            outcomes = List.copyOf(outcomes);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CsvTable table() {
            CsvTable t = new CsvTable("model", "alpha", "alpha_sigma1", "k", "loss", "gradient_norm", "mean_gate",
                    "mean_bptt_factor");
            double s1 = config.activation().constants().sigma1();
            for (Row r : rows) {
                t.add(r.model(), r.alpha(), r.alpha() * s1, r.iteration(), r.loss(), r.gradientNorm(), r.meanGate(),
                        r.meanEffectiveRatio());
            }
            return t;
        }

        @Override
        public Map<String, CsvTable> extraTables() {
            CsvTable s = new CsvTable("model", "alpha", "log10_mu_T", "initial_loss", "final_loss_over_initial",
                    "min_loss_over_initial", "diverged", "last_iteration", "initial_gradient_norm", "mean_gate_start",
                    "mean_gate_end", "mean_bptt_factor_start", "mean_bptt_factor_end");
            for (Outcome o : outcomes) {
                s.add(o.model(), o.alpha(), o.log10MuT(), o.initialLoss(), o.finalLoss() / o.initialLoss(),
                        o.minLoss() / o.initialLoss(), o.diverged(), o.lastIteration(), o.first().gradientNorm(),
                        o.first().meanGate(), o.last().meanGate(), o.first().meanEffectiveRatio(),
                        o.last().meanEffectiveRatio());
            }
            Map<String, CsvTable> map = new LinkedHashMap<>();
            map.put("summary", s);
            return map;
        }

        private List<Row> select(String model, double alpha) {
            return rows.stream().filter(r -> r.model().equals(model) && r.alpha() == alpha).toList();
        }

        @Override
        public BufferedImage figure() {
            XYChart loss = Charts.panel("Training loss (solid plain, dashed gated)", "iteration k",
                    "R(Theta(k)) / R(Theta0) (log scale)", false, true);
            XYChart grad = Charts.panel("Gradient norm", "iteration k", "||grad R|| (log scale)", false, true);
            XYChart gate = Charts.panel("Mean gate f and mean BPTT factor f|w|sigma'(z) (gated)", "iteration k",
                    "value", false, false);
            for (XYChart c : new XYChart[]{loss, grad, gate}) {
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            }
            for (int i = 0; i < config.alphas().size(); i++) {
                double a = config.alphas().get(i);
                for (String model : new String[]{"plain", "gated"}) {
                    List<Row> s = select(model, a);
                    boolean dashed = model.equals("gated");
                    double r0 = s.get(0).loss();
                    double[] k = s.stream().mapToDouble(Row::iteration).toArray();
                    String label = model + " alpha*sigma1=" + Experiments.fmt(a * config.activation().constants().sigma1());
                    Charts.line(loss, label, k, s.stream().mapToDouble(r -> r.loss() / r0).toArray(), i, dashed,
                            SeriesMarkers.NONE);
                    Charts.line(grad, label, k, s.stream().mapToDouble(Row::gradientNorm).toArray(), i, dashed,
                            SeriesMarkers.NONE);
                    if (dashed) {
                        Charts.line(gate, "gate, " + label, k, s.stream().mapToDouble(Row::meanGate).toArray(), i, false,
                                SeriesMarkers.NONE);
                        Charts.line(gate, "BPTT factor, " + label, k,
                                s.stream().mapToDouble(Row::meanEffectiveRatio).toArray(), i, true, SeriesMarkers.NONE);
                    }
                }
            }
            String caption = String.format(Locale.ROOT,
                    "gating: %s, w(0)=alpha for every neuron, m=%d, n=%d, T=%d, d=%d, filter teacher memory 1 (A=%s),"
                            + " last-step loss, GD eta=%s, tau=%d; gate bias %s at Theta0; seed %d",
                    config.activation().name(), config.width(), config.n(), config.timeSteps(), config.inputDim(),
                    config.amplitude(), config.stepSize(), config.iterations(), config.gateBias(), config.seed());
            return Charts.compose(caption, 3, loss, grad, gate);
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder("# gating\n\n");
            sb.append(String.format(Locale.ROOT,
                    "%s, w_i(0) = alpha for every neuron, m = %d, n = %d, T = %d, d = %d, filter teacher with memory 1"
                            + " (no forgetting), A = %s, last-step loss; GD with eta = %s for tau = %d; gated model:"
                            + " f = sigmoid(<g_i, x_t> + b_i), g = 0 and b = %s at Theta0 (gate %.4f); seed %d.%n%n",
                    config.activation().name(), config.width(), config.n(), config.timeSteps(), config.inputDim(),
                    config.amplitude(), config.stepSize(), config.iterations(), config.gateBias(),
                    1 / (1 + Math.exp(-config.gateBias())), config.seed()));
            sb.append("| model | alpha*sigma1 | log10 mu_T (plain bound) | final / R(Theta0) | min / R(Theta0) |"
                    + " initial grad norm | mean gate start / end | mean BPTT factor start / end |\n"
                    + "|---|---:|---:|---:|---:|---:|---|---|\n");
            double s1 = config.activation().constants().sigma1();
            for (Outcome o : outcomes) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %.4g | %.4g | %.4f / %.4f | %.4f / %.4f |%n",
                        o.model(), Experiments.fmt(o.alpha() * s1), o.log10MuT(),
                        o.diverged() ? "diverged at k = " + o.lastIteration()
                                : String.format(Locale.ROOT, "%.4g", o.finalLoss() / o.initialLoss()),
                        o.minLoss() / o.initialLoss(), o.first().gradientNorm(), o.first().meanGate(),
                        o.last().meanGate(), o.first().meanEffectiveRatio(), o.last().meanEffectiveRatio()));
            }
            sb.append(String.format(Locale.ROOT, "%nRun time %.1f s (machine dependent; every number above is"
                    + " deterministic given the configuration).%n", seconds));
            return sb.toString();
        }
    }

    /** Runs the experiment in this thread (plain Java; no backend needed). */
    public static Result run(Config c, ExperimentListener listener) {
        Objects.requireNonNull(c, "config");
        ExperimentListener progress = listener == null ? ExperimentListener.NONE : listener;
        long start = System.nanoTime();
        SequenceDataset data = data(c);
        List<Cell> cells = cells(c);
        List<CellOut> outs = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            TrainingListener tl = progress.onStage(new ExperimentStage(NAME, cell.model() + " alpha="
                    + c.alphas().get(cell.alpha()), i, cells.size(), i, cells.size()));
            outs.add(train(c, cell, data, tl));
        }
        return assemble(c, outs, start);
    }

    /**
     * Runs the experiment's cells (each model at each α) on the sweep engine. The result equals
     * {@link #run(Config, ExperimentListener)}'s, bit for bit.
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
            Config config = spec.config();
            return train(config, cell, data(config), TrainingListener.NONE);
        }, executor, listener);
        return assemble(c, outs, start);
    }

    /** One cell: {@code model} (plain or gated) from w(0) = α, α the {@code alpha}-th of the configuration. */
    record Cell(int alpha, String model) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** α outer, then plain and gated. */
    static List<Cell> cells(Config c) {
        List<Cell> cells = new ArrayList<>();
        for (int a = 0; a < c.alphas().size(); a++) {
            cells.add(new Cell(a, "plain"));
            cells.add(new Cell(a, "gated"));
        }
        return cells;
    }

    /** A cell's recorded iterates and its outcome. */
    record CellOut(List<Row> rows, Outcome outcome) implements Serializable {
        private static final long serialVersionUID = 1L;

        CellOut {
            rows = new ArrayList<>(rows);
        }
    }

    /** The configuration as serializable values, for cells computed elsewhere. */
    private record Spec(Cells.ActivationRef activation, List<Double> alphas, int n, int timeSteps, int inputDim,
                        double amplitude, int width, double gateBias, double stepSize, int iterations, int period,
                        long seed) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(Config c) {
            return new Spec(Cells.ActivationRef.of(c.activation()), new ArrayList<>(c.alphas()), c.n(), c.timeSteps(),
                    c.inputDim(), c.amplitude(), c.width(), c.gateBias(), c.stepSize(), c.iterations(), c.period(),
                    c.seed());
        }

        Config config() {
            return new Config(activation.activation(), alphas, n, timeSteps, inputDim, amplitude, width, gateBias,
                    stepSize, iterations, period, seed);
        }
    }

    /** The long-memory task (filter teacher with memory 1), unit inputs (checked). */
    private static SequenceDataset data(Config c) {
        SequenceDataset data = SyntheticTasks.filter(c.n(), c.timeSteps(), c.inputDim(), 1.0, c.amplitude(), c.seed())
                .generate();
        Experiments.requireUnitInputs(data);
        return data;
    }

    /** One cell: full-batch GD of the cell's model from the symmetric Θ(0), stopped at divergence. */
    private static CellOut train(Config c, Cell cell, SequenceDataset data, TrainingListener tl) {
        double alpha = c.alphas().get(cell.alpha());
        String model = cell.model();
        DiagonalRnn theta0 = Initializers.symmetric(alpha, RecurrentLaw.CONSTANT, WidthVsN.initSeed(c.seed()))
                .initialize(c.width(), c.inputDim(), c.activation());
        double log10MuT = Bounds.logMuT(alpha, c.activation().constants().sigma1(), c.timeSteps()) / Math.log(10);
        GatedRnn net = model.equals("plain") ? GatedRnn.plain(theta0) : GatedRnn.gated(theta0, c.gateBias());
        List<Row> run = new ArrayList<>();
        double initial = Double.NaN;
        double min = Double.POSITIVE_INFINITY;
        boolean diverged = false;
        double last = Double.NaN;
        int lastK = 0;
        for (int k = 0; k <= c.iterations(); k++) {
            GatedRnn.Evaluation e = net.evaluate(data, Loss.LAST_STEP);
            if (k == 0) {
                initial = e.loss();
            }
            double norm = norm(e.gradient());
            if (!Double.isFinite(e.loss()) || e.loss() > DIVERGENCE_FACTOR * initial || !Double.isFinite(norm)) {
                diverged = true;
                run.add(new Row(model, alpha, k, e.loss(), norm, e.meanGate(), e.meanEffectiveRatio()));
                lastK = k;
                break;
            }
            min = Math.min(min, e.loss());
            last = e.loss();
            lastK = k;
            if (k % c.period() == 0 || k == c.iterations()) {
                run.add(new Row(model, alpha, k, e.loss(), norm, e.meanGate(), e.meanEffectiveRatio()));
            }
            tl.onIteration(k, c.iterations(), e.loss());
            if (k < c.iterations()) {
                double[] p = net.parameters();
                double[] g = e.gradient();
                for (int a = 0; a < p.length; a++) {
                    p[a] -= c.stepSize() * g[a];
                }
                if (!java.util.Arrays.stream(p).allMatch(Double::isFinite)) {
                    diverged = true;
                    break;
                }
                net = net.withParameters(p);
            }
        }
        return new CellOut(run, new Outcome(model, alpha, initial, diverged ? Double.NaN : last, min, diverged, lastK,
                run.get(0), run.get(run.size() - 1), log10MuT));
    }

    /** The result from the cells, in {@link #cells} order. */
    private static Result assemble(Config c, List<CellOut> outs, long start) {
        List<Row> rows = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (CellOut out : outs) {
            rows.addAll(out.rows());
            outcomes.add(out.outcome());
        }
        return new Result(c, rows, outcomes, (System.nanoTime() - start) / 1e9);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
