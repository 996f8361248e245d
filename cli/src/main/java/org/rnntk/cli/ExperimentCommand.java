package org.rnntk.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rnntk.experiments.CertificateVsReality;
import org.rnntk.experiments.DenseVsDiagonal;
import org.rnntk.experiments.ExperimentListener;
import org.rnntk.experiments.ExperimentReport;
import org.rnntk.experiments.Gating;
import org.rnntk.experiments.MemoryCutoff;
import org.rnntk.experiments.NonSmooth;
import org.rnntk.experiments.NonSmoothActivations;
import org.rnntk.experiments.PgdVsGd;
import org.rnntk.experiments.PositiveVsRandom;
import org.rnntk.experiments.ProjectionRadius;
import org.rnntk.experiments.WidthVsN;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.data.Digits;
import org.rnntk.spark.sweep.Executor;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnntk experiment <name>}: the experiments of docs/theory.md §10 (docs/experiments.md).
 * Each writes {@code <name>.csv}, {@code <name>.png} and {@code <name>.md} into {@code --out}
 * (default {@code experiments-out/<name>/}) and prints the summary.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        header = "Run one of the experiments of docs/theory.md §10 (see docs/experiments.md).",
        description = "Run one of the experiments of docs/theory.md §10 (see docs/experiments.md). Each writes a CSV "
                + "of the raw numbers, a PNG figure and a markdown summary into --out, all or none; --out is checked "
                + "(and created) before the run starts.",
        subcommands = {ExperimentCommand.WidthVsNCommand.class, ExperimentCommand.MemoryCutoffCommand.class,
            ExperimentCommand.PgdVsGdCommand.class, ExperimentCommand.PositiveVsRandomCommand.class,
            ExperimentCommand.CertificateCommand.class, ExperimentCommand.ProjectionRadiusCommand.class,
            ExperimentCommand.NonSmoothCommand.class, ExperimentCommand.GatingCommand.class,
            ExperimentCommand.DenseVsDiagonalCommand.class})
final class ExperimentCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Options every experiment has. */
    static final class Common {
        @Option(names = "--out", paramLabel = "DIR",
                description = "output folder (default: experiments-out/<name>)")
        Path out;

        @Option(names = "--quiet", description = "no progress line even on a terminal (as --no-progress)")
        boolean quiet;

        @Option(names = "--master", paramLabel = "URL",
                description = "run the experiment's cells on the sweep engine: a Spark master (local[2], local[*],"
                        + " spark://host:7077, yarn, k8s://...), or sequential or threads(N) in this JVM; the rows"
                        + " equal the in-process run's (default: in-process, no Spark)")
        String master;

        Path outFor(String name) {
            return out != null ? out : Paths.get("experiments-out", name);
        }
    }

    /**
     * The base of every experiment command: checks (and creates) {@code --out} before the run, runs it
     * with {@code --threads}, then writes its files all or none.
     */
    abstract static class ExperimentRun extends RnntkCommand {
        @CommandLine.Mixin
        Common experiment = new Common();

        /** The experiment's name (its --out default and file stem). */
        abstract String name();

        /** Runs the experiment in-process with the given progress listener and thread count. */
        abstract ExperimentReport runExperiment(ExperimentListener listener, int threads);

        /** Runs the experiment's cells on the sweep engine ({@code --master}). */
        abstract ExperimentReport runExperiment(ExperimentListener listener, Executor executor);

        @Override
        protected final int run() throws IOException {
            Executor executor;
            try {
                executor = experiment.master == null ? null : Executor.parse(experiment.master);
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage("--master: " + e.getMessage(), e);
            }
            try (OutputFiles outputs = OutputFiles.intoCreated("--out", experiment.outFor(name()))) {
                ExperimentListener listener = experiment.quiet || common.noProgress ? ExperimentListener.NONE
                        : consoleListener(name());
                ExperimentReport report = executor == null ? runExperiment(listener, threads())
                        : runExperiment(listener, executor);
                return write(report, outputs);
            }
        }
    }

    /** Whether {@code --scale} names the paper setting (default or paper, case-insensitive). */
    static boolean paperScale(String scale) {
        switch (scale.trim().toLowerCase(Locale.ROOT)) {
            case "default":
                return false;
            case "paper":
                return true;
            default:
                throw new IllegalArgumentException("--scale '" + scale + "' is unknown; expected default or paper");
        }
    }

    /** The data option of the experiments that also run on the sequential digits. */
    static final class DataOption {
        @Option(names = "--data", defaultValue = "teacher",
                description = "teacher (synthetic, the default) or digits (UCI digits row by row: T = d = 8)")
        String data;

        @Option(names = "--digits", defaultValue = "3v8",
                description = "the digits task: a pair such as 3v8 (3 is +1) or one-vs-rest such as 0vrest"
                        + " (default: ${DEFAULT-VALUE})")
        String digits;

        /** null for the synthetic teacher. */
        Digits.Task task() {
            switch (data.trim().toLowerCase(Locale.ROOT)) {
                case "teacher":
                    return null;
                case "digits":
                    return Digits.Task.parse(digits);
                default:
                    throw new IllegalArgumentException("--data '" + data + "' is unknown; expected teacher or digits");
            }
        }
    }

    /**
     * A progress line on a terminal: the stage, its iteration and loss (through {@link ConsoleProgress}),
     * and the experiment's overall fraction done and ETA; silent without a terminal.
     */
    static ExperimentListener consoleListener(String name) {
        long start = System.nanoTime();
        return stage -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            double f = stage.fractionDone();
            String eta = f > 0.02 ? formatSeconds(elapsed / f * (1 - f)) : "?";
            String label = String.format(Locale.ROOT, "[%s %3.0f%% elapsed %s eta %s] %s", name, 100 * f,
                    formatSeconds(elapsed), eta, stage.description());
            return ConsoleProgress.forTerminal(label);
        };
    }

    static String formatSeconds(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.0fs", s);
        }
        return String.format(Locale.ROOT, "%dm%02ds", (long) (s / 60), (long) (s % 60));
    }

    static int write(ExperimentReport report, OutputFiles outputs) throws IOException {
        for (Map.Entry<String, byte[]> e : report.contents().entrySet()) {
            outputs.stage(e.getKey(), p -> Files.write(p, e.getValue()));
        }
        List<Path> files = outputs.commit();
        PrintStream out = System.out;
        out.println(report.summary());
        out.println("wrote:");
        for (Path p : files) {
            out.println("  " + p);
        }
        return 0;
    }

    @Command(name = WidthVsN.NAME, mixinStandardHelpOptions = true,
            header = "Claim 1: the smallest width at which PGD reaches a loss target, against n.",
            description = "Claim 1: the smallest width at which PGD reaches a fixed training-loss target, against "
                + "n, next to Bounds.requiredWidth (reference-class teacher with known nuBar).")
    static final class WidthVsNCommand extends ExperimentRun {

        @CommandLine.Mixin
        DataOption data = new DataOption();

        @Option(names = "--scale", defaultValue = "default",
                description = "default (n 8..256, T = 5, d = 4, seeds 1-5) or paper (n 16..16384, T = 16, d = 8,"
                        + " seeds 1-10; hours, see docs/experiments.md); --n, --seeds, --T, --d override it")
        String scale;

        @Option(names = "--n", split = ",", description = "values of n (default: from --scale)")
        List<Integer> samples;

        @Option(names = "--seeds", split = ",", description = "seeds (default: from --scale)")
        List<Long> seeds;

        @Option(names = "--min-width", defaultValue = "4", description = "smallest grid width (default: ${DEFAULT-VALUE})")
        int minWidth;

        @Option(names = "--max-width", defaultValue = "4096", description = "largest grid width (default: ${DEFAULT-VALUE})")
        int maxWidth;

        @Option(names = "--width-ratio", defaultValue = "1.189207115002721",
                description = "ratio of the geometric width grid, even-rounded (default: 2^(1/4))")
        double widthRatio;

        @Option(names = "--T", description = "sequence length (default: from --scale; 8 with --data digits)")
        Integer steps;

        @Option(names = "--d", description = "input dimension (default: from --scale; 8 with --data digits)")
        Integer d;

        @Option(names = "--alpha", defaultValue = "0.5", description = "initialization scale (default: ${DEFAULT-VALUE})")
        double alpha;

        @Option(names = "--law", defaultValue = "UNIFORM", description = "CONSTANT or UNIFORM (default: ${DEFAULT-VALUE})")
        RecurrentLaw law;

        @Option(names = "--activation", defaultValue = "tanh", description = "tanh or sigmoid (default: ${DEFAULT-VALUE})")
        String activation;

        @Option(names = "--nu-bar", defaultValue = "1.0",
                description = "teacher nuBar_w = nuBar_u (assumed by the bound with --data digits)"
                        + " (default: ${DEFAULT-VALUE})")
        double nuBar;

        @Option(names = "--rho", defaultValue = "1.0", description = "PGD radii rho_w = rho_u >= nuBar (default: ${DEFAULT-VALUE})")
        double rho;

        @Option(names = "--eta", defaultValue = "4.0", description = "PGD step size (default: ${DEFAULT-VALUE})")
        double eta;

        @Option(names = "--iterations", defaultValue = "200", description = "PGD iterations (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--target-ratio", defaultValue = "0.02",
                description = "loss target as a fraction of R(Theta0) (default: ${DEFAULT-VALUE})")
        double targetRatio;

        @Option(names = "--delta", defaultValue = "0.05", description = "delta of Bounds.requiredWidth (default: ${DEFAULT-VALUE})")
        double delta;

        @Option(names = "--confirm", defaultValue = "2",
                description = "consecutive grid widths that must reach the target (default: ${DEFAULT-VALUE})")
        int confirm;

        @Override
        String name() {
            return WidthVsN.NAME;
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, int threads) {
            return WidthVsN.run(config(), listener, threads);
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, Executor executor) {
            return WidthVsN.run(config(), listener, executor);
        }

        private WidthVsN.Config config() {
            WidthVsN.Config d0 = paperScale(scale) ? WidthVsN.Config.paper() : WidthVsN.Config.defaults();
            Digits.Task task = data.task();
            int fallbackT = task == null ? d0.timeSteps() : Digits.TIME_STEPS;
            int fallbackD = task == null ? d0.inputDim() : Digits.INPUT_DIM;
            WidthVsN.Config config = new WidthVsN.Config(Activations.byName(activation), alpha, law,
                    steps == null ? fallbackT : steps, d == null ? fallbackD : d, nuBar, nuBar, rho, rho,
                    samples == null ? d0.samples() : samples, seeds == null ? d0.seeds() : seeds,
                    WidthVsN.widthGrid(minWidth, maxWidth, widthRatio), eta, iterations, targetRatio, delta, confirm,
                    task);
            return config;
        }
    }

    @Command(name = MemoryCutoff.NAME, mixinStandardHelpOptions = true,
            header = "Claim 2: mu_T, required width, kernel scale and PGD outcome against T, across the cutoff.",
            description = "Claim 2: mu_T, the required width (log10) and the measured kernel scale and PGD outcome "
                + "against T, for alpha*sigma1 on both sides of the cutoff 1 (tanh alpha = 1, sigmoid alpha "
                + "= 4).")
    static final class MemoryCutoffCommand extends ExperimentRun {

        @Option(names = "--activations", split = ",", description = "activations (default: tanh,sigmoid)")
        List<String> activations;

        @Option(names = "--ratios", split = ",", description = "values of alpha*sigma1 (default: 0.5,0.9,1.0,1.1,1.5)")
        List<Double> ratios;

        @Option(names = "--scale", defaultValue = "default",
                description = "default (T up to 32) or paper (T up to 256; run time in docs/experiments.md)")
        String scale;

        @Option(names = "--T", split = ",", description = "values of T (default: from --scale)")
        List<Integer> steps;

        @Option(names = "--law", defaultValue = "CONSTANT", description = "CONSTANT or UNIFORM (default: ${DEFAULT-VALUE})")
        RecurrentLaw law;

        @Option(names = "--n", defaultValue = "16", description = "sequences (default: ${DEFAULT-VALUE})")
        int n;

        @Option(names = "--d", defaultValue = "4", description = "input dimension (default: ${DEFAULT-VALUE})")
        int d;

        @Option(names = "--m", defaultValue = "256", description = "width of the measurements (default: ${DEFAULT-VALUE})")
        int m;

        @Option(names = "--eta", defaultValue = "1.0", description = "PGD step size (default: ${DEFAULT-VALUE})")
        double eta;

        @Option(names = "--iterations", defaultValue = "200", description = "PGD iterations (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--nu-bar", defaultValue = "1.0",
                description = "teacher nuBar_w = nuBar_u = PGD radii (default: ${DEFAULT-VALUE})")
        double nuBar;

        @Option(names = "--epsilon", defaultValue = "0.1", description = "epsilon of the bound (default: ${DEFAULT-VALUE})")
        double epsilon;

        @Option(names = "--delta", defaultValue = "0.05", description = "delta of the bound (default: ${DEFAULT-VALUE})")
        double delta;

        @Option(names = "--y-max", description = "Ymax of the bound, at least the data's largest target (default: 1,"
                + " or 3 with --scale paper)")
        Double yMax;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        String name() {
            return MemoryCutoff.NAME;
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, int threads) {
            return MemoryCutoff.run(config(), listener, threads);
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, Executor executor) {
            return MemoryCutoff.run(config(), listener, executor);
        }

        private MemoryCutoff.Config config() {
            MemoryCutoff.Config d0 = paperScale(scale) ? MemoryCutoff.Config.paper() : MemoryCutoff.Config.defaults();
            List<Activation> acts = activations == null ? d0.activations()
                    : activations.stream().map(Activations::byName).toList();
            return new MemoryCutoff.Config(acts, ratios == null ? d0.ratios() : ratios,
                    steps == null ? d0.timeSteps() : steps, law, n, d, m, eta, iterations, nuBar, epsilon, delta,
                    yMax == null ? d0.theoryYMax() : yMax, seed);
        }
    }

    @Command(name = PgdVsGd.NAME, mixinStandardHelpOptions = true,
            header = "Claim 3: loss, drift and NTK change of GD and PGD from the same Theta(0), across widths.",
            description = "Claim 3: loss curves, drift and relative NTK change of GD and PGD from the same "
                + "Theta(0), at several widths (KernelRegimeMonitor), beside the bounds of docs/theory.md section 8 "
                + "(GD drift radius, GD, a-posteriori and PGD regret bounds; pgd-vs-gd-bounds.csv).")
    static final class PgdVsGdCommand extends ExperimentRun {

        @Option(names = "--scale", defaultValue = "default",
                description = "default (n = 16, T = 5, m up to 4096, tau = 1000) or paper (n = 64, T = 8, m up to"
                        + " 16384, and GD at eta <= 1/beta with tau = 2000; run time in docs/experiments.md)")
        String scale;

        @Option(names = "--widths", split = ",", description = "widths (default: from --scale)")
        List<Integer> widths;

        @Option(names = "--n", description = "sequences (default: from --scale)")
        Integer n;

        @Option(names = "--T", description = "sequence length (default: from --scale)")
        Integer steps;

        @Option(names = "--d", description = "input dimension (default: from --scale)")
        Integer d;

        @Option(names = "--alpha", defaultValue = "0.5", description = "initialization scale (default: ${DEFAULT-VALUE})")
        double alpha;

        @Option(names = "--law", defaultValue = "UNIFORM", description = "CONSTANT or UNIFORM (default: ${DEFAULT-VALUE})")
        RecurrentLaw law;

        @Option(names = "--activation", defaultValue = "tanh", description = "tanh or sigmoid (default: ${DEFAULT-VALUE})")
        String activation;

        @Option(names = "--nu-bar", defaultValue = "1.0", description = "teacher nuBar_w = nuBar_u (default: ${DEFAULT-VALUE})")
        double nuBar;

        @Option(names = "--rho", defaultValue = "1.0", description = "PGD radii rho_w = rho_u (default: ${DEFAULT-VALUE})")
        double rho;

        @Option(names = "--eta", defaultValue = "4.0", description = "step size of both (default: ${DEFAULT-VALUE})")
        double eta;

        @Option(names = "--iterations", description = "iterations (default: from --scale)")
        Integer iterations;

        @Option(names = "--period", description = "record every k iterations (default: from --scale)")
        Integer period;

        @Option(names = "--bound-iterations",
                description = "iterations of the extra GD run per width at the largest step with eta <= 1/beta;"
                        + " 0 for none (default: from --scale)")
        Integer boundIterations;

        @Option(names = "--delta", defaultValue = "0.05", description = "delta of the bounds (default: ${DEFAULT-VALUE})")
        double delta;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        String name() {
            return PgdVsGd.NAME;
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, int threads) {
            return PgdVsGd.run(config(), listener, threads);
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, Executor executor) {
            return PgdVsGd.run(config(), listener, executor);
        }

        private PgdVsGd.Config config() {
            PgdVsGd.Config d0 = paperScale(scale) ? PgdVsGd.Config.paper() : PgdVsGd.Config.defaults();
            return new PgdVsGd.Config(Activations.byName(activation), alpha, law, n == null ? d0.n() : n,
                    steps == null ? d0.timeSteps() : steps, d == null ? d0.inputDim() : d, nuBar, rho,
                    widths == null ? d0.widths() : widths, eta, iterations == null ? d0.iterations() : iterations,
                    period == null ? d0.period() : period, seed, delta,
                    boundIterations == null ? d0.boundIterations() : boundIterations);
        }
    }

    @Command(name = PositiveVsRandom.NAME, mixinStandardHelpOptions = true,
            header = "Claim 4: the positive initialization against Xavier and He normal (tanh MLPs).",
            description = "Claim 4 (source 2): the positive initialization against Xavier and He normal at the same "
                + "width, steps tuned per initialization, plus the certified step; tanh MLPs "
                + "(docs/criterion.md).")
    static final class PositiveVsRandomCommand extends ExperimentRun {

        @Option(names = "--seeds", defaultValue = "5", description = "seeds 0..seeds-1 (default: ${DEFAULT-VALUE})")
        int seeds;

        @Option(names = "--curve-iterations", defaultValue = "600",
                description = "GD iterations of the plotted curves (default: ${DEFAULT-VALUE})")
        int curveIterations;

        @Override
        String name() {
            return PositiveVsRandom.NAME;
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, int threads) {
            return PositiveVsRandom.run(config(), listener, threads);
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, Executor executor) {
            return PositiveVsRandom.run(config(), listener, executor);
        }

        private PositiveVsRandom.Config config() {
            PositiveVsRandom.Config d0 = PositiveVsRandom.Config.defaults();
            return new PositiveVsRandom.Config(d0.architectures(), d0.samples(),
                    d0.inputDim(), d0.lossLevel(), d0.maxIterations(), seeds, d0.stepFactors(), curveIterations);
        }
    }

    @Command(name = CertificateVsReality.NAME, mixinStandardHelpOptions = true,
            header = "Claim 5: the certified local-PL verdict against what GD does, across widths.",
            description = "Claim 5: the RNN's certified local-PL verdict (RnnPl.certify with the certified "
                + "lambda_min of the NTK Gram) against what GD with the same step does, across widths.")
    static final class CertificateCommand extends ExperimentRun {

        @CommandLine.Mixin
        DataOption data = new DataOption();

        @Option(names = "--scale", defaultValue = "default",
                description = "default (n = 4, m up to 262144) or paper (n = 64, m up to 1048576; run time in"
                        + " docs/experiments.md)")
        String scale;

        @Option(names = "--widths", split = ",",
                description = "widths (default: 256,1024,4096,16384,65536,262144)")
        List<Integer> widths;

        @Option(names = "--n", description = "sequences = outputs N (default: from --scale)")
        Integer n;

        @Option(names = "--T", description = "sequence length (default: 5; 8 with --data digits)")
        Integer steps;

        @Option(names = "--d", description = "input dimension (default: 3; 8 with --data digits)")
        Integer d;

        @Option(names = "--alpha", defaultValue = "0.5", description = "initialization scale (default: ${DEFAULT-VALUE})")
        double alpha;

        @Option(names = "--law", defaultValue = "UNIFORM", description = "CONSTANT or UNIFORM (default: ${DEFAULT-VALUE})")
        RecurrentLaw law;

        @Option(names = "--activation", defaultValue = "tanh", description = "tanh or sigmoid (default: ${DEFAULT-VALUE})")
        String activation;

        @Option(names = "--amplitude", defaultValue = "0.02",
                description = "target amplitude A, |y| <= A (default: ${DEFAULT-VALUE})")
        double amplitude;

        @Option(names = "--eta", defaultValue = "0.05", description = "GD step size (default: ${DEFAULT-VALUE})")
        double eta;

        @Option(names = "--iterations", defaultValue = "500", description = "GD iterations (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--period", defaultValue = "20",
                description = "sample the PL ratio every k iterations (default: ${DEFAULT-VALUE})")
        int period;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        String name() {
            return CertificateVsReality.NAME;
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, int threads) {
            return CertificateVsReality.run(config(), listener, threads);
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, Executor executor) {
            return CertificateVsReality.run(config(), listener, executor);
        }

        private CertificateVsReality.Config config() {
            Digits.Task task = data.task();
            CertificateVsReality.Config d0 = paperScale(scale) ? CertificateVsReality.Config.paper()
                    : CertificateVsReality.Config.defaults();
            int fallbackT = task == null ? d0.timeSteps() : Digits.TIME_STEPS;
            int fallbackD = task == null ? d0.inputDim() : Digits.INPUT_DIM;
            return new CertificateVsReality.Config(Activations.byName(activation), alpha,
                    law, n == null ? d0.n() : n, steps == null ? fallbackT : steps, d == null ? fallbackD : d,
                    amplitude, widths == null ? d0.widths() : widths, eta, iterations, period, seed, task);
        }
    }

    @Command(name = ProjectionRadius.NAME, mixinStandardHelpOptions = true,
            header = "Open question: the projection radius rho from nuBar/4 to 8 nuBar against the bound.",
            description = {"Open question: the projection radius rho from nuBar/4 to 8 nuBar - loss, speed, drift, kernel",
                "change and the smallest width reaching the target, beside Bounds.requiredWidth against rho."})
    static final class ProjectionRadiusCommand extends ExperimentRun {

        @Option(names = "--factors", split = ",", description = "values of rho/nuBar (default: 0.25,0.5,1,2,4,8)")
        List<Double> factors;

        @Option(names = "--m", defaultValue = "256", description = "width of the monitored runs (default: ${DEFAULT-VALUE})")
        int m;

        @Option(names = "--seeds", split = ",", description = "seeds of the width scans (default: 1,2,3)")
        List<Long> seeds;

        @Option(names = "--iterations", defaultValue = "1000",
                description = "iterations of the monitored runs (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--scan-iterations", defaultValue = "200",
                description = "iterations of each width-scan run (default: ${DEFAULT-VALUE})")
        int scanIterations;

        @Option(names = "--eta", defaultValue = "4.0", description = "PGD step size (default: ${DEFAULT-VALUE})")
        double eta;

        @Override
        String name() {
            return ProjectionRadius.NAME;
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, int threads) {
            return ProjectionRadius.run(config(), listener, threads);
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, Executor executor) {
            return ProjectionRadius.run(config(), listener, executor);
        }

        private ProjectionRadius.Config config() {
            ProjectionRadius.Config d0 = ProjectionRadius.Config.defaults();
            return new ProjectionRadius.Config(d0.activation(), d0.alpha(), d0.law(), d0.n(),
                    d0.timeSteps(), d0.inputDim(), d0.nuBar(), factors == null ? d0.radiusFactors() : factors, m,
                    d0.widths(), seeds == null ? d0.seeds() : seeds, eta, iterations, scanIterations, d0.period(),
                    d0.targetRatio(), d0.delta(), d0.confirm());
        }
    }

    @Command(name = NonSmooth.NAME, mixinStandardHelpOptions = true,
            header = "Open question: ReLU and sharpening softplus in training and in the empirical NTK.",
            description = {"Open question: ReLU and softplus with growing sharpness beside tanh - GD loss, drift and the",
                "empirical NTK's relative change against width; what the bounds say (they refuse ReLU)."})
    static final class NonSmoothCommand extends ExperimentRun {

        @Option(names = "--widths", split = ",", description = "widths (default: 16,64,256,1024)")
        List<Integer> widths;

        @Option(names = "--betas", split = ",", description = "softplus sharpness values (default: 1,4,16,64)")
        List<Double> betas;

        @Option(names = "--eta", defaultValue = "2.0", description = "GD step size (default: ${DEFAULT-VALUE})")
        double eta;

        @Option(names = "--iterations", defaultValue = "500", description = "GD iterations (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        String name() {
            return NonSmooth.NAME;
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, int threads) {
            return NonSmooth.run(config(), listener, threads);
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, Executor executor) {
            return NonSmooth.run(config(), listener, executor);
        }

        private NonSmooth.Config config() {
            NonSmooth.Config d0 = NonSmooth.Config.defaults();
            List<Activation> acts = d0.activations();
            if (betas != null) {
                List<Activation> a = new java.util.ArrayList<>();
                a.add(Activations.tanh());
                betas.forEach(b -> a.add(NonSmoothActivations.softplus(b)));
                a.add(NonSmoothActivations.relu());
                acts = a;
            }
            return new NonSmooth.Config(acts, d0.alpha(), d0.law(), d0.n(), d0.timeSteps(),
                    d0.inputDim(), d0.amplitude(), widths == null ? d0.widths() : widths, eta, iterations, d0.period(),
                    d0.targetRatio(), seed);
        }
    }

    @Command(name = Gating.NAME, mixinStandardHelpOptions = true,
            header = "Open question: a learned forget gate against the plain network on a long-memory task.",
            description = {"Open question: a learned scalar forget gate per neuron beside the plain diagonal RNN on a",
                "long-memory task (T = 64), below and above the cutoff alpha*sigma1 = 1."})
    static final class GatingCommand extends ExperimentRun {

        @Option(names = "--alphas", split = ",", description = "values of w(0) = alpha (default: 0.5,1.5)")
        List<Double> alphas;

        @Option(names = "--T", defaultValue = "64", description = "sequence length (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--m", defaultValue = "128", description = "width (default: ${DEFAULT-VALUE})")
        int m;

        @Option(names = "--gate-bias", defaultValue = "4.0",
                description = "gate bias b at Theta0 (default: ${DEFAULT-VALUE}, gate 0.982)")
        double gateBias;

        @Option(names = "--eta", defaultValue = "0.5", description = "GD step size (default: ${DEFAULT-VALUE})")
        double eta;

        @Option(names = "--iterations", defaultValue = "400", description = "GD iterations (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        String name() {
            return Gating.NAME;
        }

        /** Plain Java on one thread; --threads does not apply. */
        @Override
        ExperimentReport runExperiment(ExperimentListener listener, int threads) {
            return Gating.run(config(), listener);
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, Executor executor) {
            return Gating.run(config(), listener, executor);
        }

        private Gating.Config config() {
            Gating.Config d0 = Gating.Config.defaults();
            return new Gating.Config(d0.activation(), alphas == null ? d0.alphas() : alphas, d0.n(),
                    steps, d0.inputDim(), d0.amplitude(), m, gateBias, eta, iterations, d0.period(), seed);
        }
    }

    @Command(name = DenseVsDiagonal.NAME, mixinStandardHelpOptions = true,
            header = "Dense against diagonal W: equal width, equal parameters, memory across the cutoff.",
            description = {"The non-diagonal extension: dense and diagonal networks at equal width and equal parameter",
                "count (loss, drift, NTK change, lambda_min), and memory across spectral radius * sigma1 = 1."})
    static final class DenseVsDiagonalCommand extends ExperimentRun {

        @CommandLine.Mixin
        DataOption data = new DataOption();

        @Option(names = "--widths", split = ",", description = "dense widths (default: 16,64)")
        List<Integer> widths;

        @Option(names = "--radius", defaultValue = "0.5",
                description = "spectral-radius target of W(0) / alpha of the diagonal network (default: ${DEFAULT-VALUE})")
        double radius;

        @Option(names = "--eta", defaultValue = "2.0", description = "GD step size (default: ${DEFAULT-VALUE})")
        double eta;

        @Option(names = "--iterations", defaultValue = "500", description = "GD iterations (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--n", defaultValue = "16", description = "sequences (default: ${DEFAULT-VALUE})")
        int n;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        String name() {
            return DenseVsDiagonal.NAME;
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, int threads) {
            return DenseVsDiagonal.run(config(), listener, threads);
        }

        @Override
        ExperimentReport runExperiment(ExperimentListener listener, Executor executor) {
            return DenseVsDiagonal.run(config(), listener, executor);
        }

        private DenseVsDiagonal.Config config() {
            DenseVsDiagonal.Config d0 = DenseVsDiagonal.Config.defaults();
            DenseVsDiagonal.Config config = new DenseVsDiagonal.Config(d0.activation(), radius, n, d0.timeSteps(),
                    d0.inputDim(), d0.amplitude(), widths == null ? d0.widths() : widths, eta, iterations, d0.period(),
                    d0.ratios(), d0.memorySteps(), d0.memoryWidth(), seed, null);
            Digits.Task task = data.task();
            return task == null ? config : config.onDigits(task);
        }
    }
}
