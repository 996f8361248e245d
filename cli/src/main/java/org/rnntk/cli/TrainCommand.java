package org.rnntk.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Divergence;
import org.rnntk.core.DivergenceRule;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentHistory;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.RecurrentModel;
import org.rnntk.core.RecurrentTraining;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.init.MirroredDenseInitializer;
import org.rnntk.core.init.SymmetricInitializer;
import org.rnntk.core.io.ModelFolder;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.core.io.SavedDenseModel;
import org.rnntk.core.io.SavedModel;
import org.rnntk.experiments.CsvTable;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.dense.DenseKernelRegimeMonitor;
import org.rnntk.kernels.dense.DenseNtk;
import org.rnntk.kernels.dense.Nd4jDenseBackend;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.KernelRegimeMonitor;
import org.rnntk.kernels.ntk.KernelRegimeRecord;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnntk train}: trains a diagonal RNN, or the dense one (docs/theory.md §11), by GD or projected
 * GD (docs/theory.md §3; for the dense network the projection acts on neuron i's row of W and of U) on
 * NumPy data and writes the initial and trained models (model folders, {@link ModelFolder}), the loss
 * history and the kernel-regime diagnostics (docs/theory.md §5) as CSV, all or none
 * ({@link OutputFiles}). A run stopped by the divergence rule is a result (exit 0): its files hold the
 * run up to the last finite iterate and the summary says {@code status DIVERGED} with the reason.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Train a diagonal or dense RNN by GD or projected GD on .npy data.",
        description = {"Inputs: --x FILE (n,T,d), --y FILE (n,T) or (n,) (the last step's targets, with --loss last).",
                "Start: the symmetric initialization of the diagonal network (--width, --alpha, --law, --input-scale,"
                        + " --seed), the mirrored initialization of the dense network (--dense with --width, --rho,"
                        + " --dense-law, --input-scale, --seed), or --init DIR: a model folder (model.json) or a folder"
                        + " of w.npy, u.npy, c.npy, where w.npy of shape (m,m) is the dense network.",
                "Writes into --out DIR, all or none: initial/ and model/ (w.npy, u.npy, c.npy, model.json),"
                        + " loss.csv (k, loss, max drift w, max drift u) and diagnostics.csv (drift, relative kernel"
                        + " change, linearization error, on the training set). A run whose loss becomes non-finite or"
                        + " exceeds --divergence-factor x R(Theta0) is stopped and reported as DIVERGED (exit 0);"
                        + " its files hold the run up to there."})
final class TrainCommand extends RnntkCommand {

    private static final String[] FOLDERS = {"initial", "model"};

    @Option(names = "--x", required = true, description = "inputs, shape (n, T, d)")
    Path x;

    @Option(names = "--y", required = true, description = "targets, shape (n, T), or (n,) with --loss last")
    Path y;

    @Option(names = "--out", required = true, description = "output folder (created when missing)")
    Path out;

    @Option(names = "--init", description = "start from this folder: a model folder, or w.npy, u.npy, c.npy "
            + "(w.npy (m) diagonal, (m,m) dense)")
    Path init;

    @Option(names = "--width", description = "hidden width m, even (required unless --init)")
    Integer width;

    @Option(names = "--dense", description = "draw the mirrored dense initialization W(0) = diag(A, A) "
            + "(docs/theory.md §11) instead of the diagonal one")
    boolean dense;

    @Option(names = "--alpha", defaultValue = "0.5",
            description = "diagonal: recurrent weight scale alpha (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--law", defaultValue = "uniform",
            description = "diagonal: w(0) law, uniform (Uniform[-alpha, alpha]) or constant (alpha) "
                    + "(default: ${DEFAULT-VALUE})")
    String law;

    @Option(names = "--rho", description = "with --dense: the spectral radius rho of A (default 0.5)")
    Double rho;

    @Option(names = "--dense-law", description = "with --dense: the law of A, gaussian or orthogonal "
            + "(default gaussian)")
    DenseLaw denseLaw;

    @Option(names = "--input-scale", defaultValue = "1.0",
            description = "standard deviation of u(0)'s entries (default: ${DEFAULT-VALUE})")
    double inputScale;

    @Option(names = "--seed", defaultValue = "0", description = "initialization seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--activation", description = "tanh or sigmoid (default tanh; with a model folder in --init, "
            + "the one in its model.json, which a given --activation must name)")
    String activation;

    @Option(names = "--loss", defaultValue = "all", description = "all or last (default: ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--eta", required = true, description = "step size eta")
    double eta;

    @Option(names = "--iterations", required = true, description = "number of updates tau")
    int iterations;

    @Option(names = "--pgd", description = "projected GD around the initialization (needs --rho-w and --rho-u)")
    boolean pgd;

    @Option(names = "--rho-w", description = "PGD radius rho_w (per neuron ||w_i - w_i(0)|| <= rho_w/sqrt(m); "
            + "w_i is row i of W for the dense network)")
    Double rhoW;

    @Option(names = "--rho-u", description = "PGD radius rho_u (per neuron ||u_i - u_i(0)|| <= rho_u/sqrt(m))")
    Double rhoU;

    @Option(names = "--divergence-factor", defaultValue = "100",
            description = "stop a run whose loss exceeds this x R(Theta0), > 1 (default: ${DEFAULT-VALUE}; "
                    + "Infinity stops on non-finite values only)")
    double divergenceFactor;

    @Option(names = "--diagnostics-every", defaultValue = "0",
            description = "record the kernel-regime diagnostics every K iterations; 0: about 10 records, "
                    + "-1: none (default: ${DEFAULT-VALUE})")
    int diagnosticsEvery;

    @Option(names = "--precision", defaultValue = "FLOAT64", description = "FLOAT64 or FLOAT32 (default: ${DEFAULT-VALUE})")
    Precision precision;

    /** The start of a run: the network and the initialization it was drawn from (null when unknown). */
    private record Start(DiagonalRnn diagonal, SymmetricInitializer symmetric, DenseRnn denseModel,
                         MirroredDenseInitializer mirrored) {

        RecurrentModel<?> model() {
            return diagonal != null ? diagonal : denseModel;
        }
    }

    @Override
    protected int run() {
        InputFiles.readableFile("--x", x);
        InputFiles.readableFile("--y", y);
        if (init != null) {
            InputFiles.readableDirectory("--init", init);
            if (!Files.isRegularFile(init.resolve(ModelFolder.METADATA))) {
                InputFiles.readableFilesIn("--init", init, "w.npy", "u.npy", "c.npy");
            }
        }
        Loss mode = Loss.parse(loss);
        Optimizer optimizer = optimizer();
        checkOptions();
        DivergenceRule rule = DivergenceRule.lossGrowth(divergenceFactor);
        int period = diagnosticsEvery == 0 ? Math.max(1, iterations / 10) : diagnosticsEvery;
        boolean diagnostics = diagnosticsEvery != -1;

        try (OutputFiles outputs = OutputFiles.intoCreated("--out", out);
             StageProgress progress = progress("train")) {
            List<String> files = diagnostics ? List.of("loss.csv", "diagnostics.csv") : List.of("loss.csv");
            outputs.requireKinds(files, List.of(FOLDERS));
            progress.stage("reading the inputs");
            NpyArray xs = Npy.read(x);
            long[] shape = xs.requireRank("--x " + x.getFileName(), 3);
            int n = (int) shape[0];
            int steps = (int) shape[1];
            int d = (int) shape[2];
            SequenceDataset data = new SequenceDataset(n, steps, d, xs.data(), targets(Npy.read(y), n, steps, mode));
            Start start = start(d);
            data.requireInputDim(start.model().inputDim(), init != null ? "the model in --init " + init : "--width");

            CsvTable diagnosticsTable = new CsvTable("k", "loss", "max_drift_w", "max_drift_u", "mean_drift_w",
                    "mean_drift_u", "relative_kernel_change", "linearization_error", "max_output_change");
            progress.stage("training");
            TrainingListener iterationProgress = (k, total, value) -> progress.detail(String.format(Locale.ROOT,
                    "training, iteration %d/%d, loss %.6g", k, total, value));
            RecurrentHistory<?> history;
            List<KernelRegimeRecord> records = List.of();
            if (start.diagonal() != null) {
                try (Nd4jBackend backend = Nd4jBackend.create(precision, threads());
                     EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(threads()));
                     KernelRegimeMonitor monitor = diagnostics ? KernelRegimeMonitor.every(period, ntk, data, mode)
                             : null) {
                    history = RecurrentTraining.run(backend, start.diagonal(), data, mode, optimizer, iterations,
                            both(monitor, iterationProgress), rule);
                    if (monitor != null) {
                        records = monitor.records();
                    }
                }
            } else {
                try (Nd4jDenseBackend backend = Nd4jDenseBackend.create(precision, threads());
                     DenseNtk ntk = DenseNtk.create(NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES, threads());
                     DenseKernelRegimeMonitor monitor = diagnostics
                             ? DenseKernelRegimeMonitor.every(period, ntk, data, mode) : null) {
                    history = RecurrentTraining.run(backend, start.denseModel(), data, mode, optimizer, iterations,
                            both(monitor, iterationProgress), rule);
                    if (monitor != null) {
                        records = monitor.records();
                    }
                }
            }
            for (KernelRegimeRecord r : records) {
                diagnosticsTable.add(r.iteration(), r.loss(), r.drift().maxW(), r.drift().maxU(), r.drift().meanW(),
                        r.drift().meanU(), r.relativeKernelChange(), r.linearizationError(), r.maxOutputChange());
            }

            progress.stage("writing the outputs");
            RecurrentModel<?> last = history.last();
            if (start.diagonal() != null) {
                outputs.stageFolder("initial", p -> ModelFolder.save(p, start.diagonal(), start.symmetric()));
                outputs.stageFolder("model", p -> ModelFolder.save(p, (DiagonalRnn) last, start.symmetric()));
            } else {
                outputs.stageFolder("initial", p -> ModelFolder.saveDense(p, start.denseModel(), start.mirrored()));
                outputs.stageFolder("model", p -> ModelFolder.saveDense(p, (DenseRnn) last, start.mirrored()));
            }
            CsvTable losses = new CsvTable("k", "loss", "max_drift_w", "max_drift_u");
            double[] l = history.losses();
            double[] dw = history.maxDriftW();
            double[] du = history.maxDriftU();
            for (int k = 0; k < l.length; k++) {
                losses.add(k, l[k], dw[k], du[k]);
            }
            outputs.stage("loss.csv", p -> Files.writeString(p, losses.toCsv(), StandardCharsets.UTF_8));
            if (diagnostics) {
                outputs.stage("diagnostics.csv", p -> Files.writeString(p, diagnosticsTable.toCsv(),
                        StandardCharsets.UTF_8));
            }
            outputs.commit();
            progress.close();

            RecurrentModel<?> first = start.model();
            System.out.printf(Locale.ROOT, "%sn=%d T=%d d=%d m=%d %s, %s, %d iterations: loss %.6g -> %.6g (min %.6g),"
                            + " max drift w %.4g u %.4g%n", start.diagonal() == null ? "dense W: " : "", n, steps, d,
                    first.width(), mode, optimizer.describe(), history.iterations(), history.initialLoss(),
                    history.lastLoss(), history.minLoss(), max(dw), max(du));
            if (history.diverged()) {
                Divergence why = history.divergence().orElseThrow();
                System.out.println("status DIVERGED: " + why.describe() + "; the files hold the run up to iteration "
                        + history.iterations());
            } else {
                System.out.println("status COMPLETED");
            }
            List<String> written = new ArrayList<>();
            for (String name : FOLDERS) {
                written.add(outputs.finalPath(name).toString());
            }
            for (String name : files) {
                written.add(outputs.finalPath(name).toString());
            }
            System.out.println("written: " + String.join(", ", written));
        }
        return 0;
    }

    private void checkOptions() {
        if (iterations < 0) {
            throw CliFailure.usage("--iterations (" + iterations + ") must be >= 0");
        }
        if (diagnosticsEvery < -1) {
            throw CliFailure.usage("--diagnostics-every (" + diagnosticsEvery
                    + ") must be >= 1, 0 (about 10 records) or -1 (none)");
        }
        if (!(divergenceFactor > 1)) {
            throw CliFailure.usage("--divergence-factor (" + divergenceFactor + ") must be > 1, or Infinity");
        }
        if (!dense && (rho != null || denseLaw != null)) {
            throw CliFailure.usage("--rho/--dense-law describe the dense initialization; add --dense");
        }
        if (init != null) {
            if (width != null) {
                throw CliFailure.usage("--width (" + width + ") and --init (" + init
                        + ") exclude each other: the width comes from the model folder");
            }
            if (dense) {
                throw CliFailure.usage("--dense draws a fresh dense initialization and --init (" + init
                        + ") gives one; use one of them (w.npy of shape (m, m) in --init is the dense network)");
            }
        } else if (width == null) {
            throw CliFailure.usage("--width is required unless --init gives a model folder");
        }
    }

    private Start start(int d) {
        if (init == null) {
            Activation act = Activations.byName(activation == null ? "tanh" : activation);
            if (dense) {
                MirroredDenseInitializer mirrored = Initializers.mirroredDense(rho == null ? 0.5 : rho,
                        denseLaw == null ? DenseLaw.GAUSSIAN : denseLaw, inputScale, seed);
                return new Start(null, null, mirrored.initialize(width, d, act), mirrored);
            }
            SymmetricInitializer symmetric = Initializers.symmetric(alpha, parseLaw(law), inputScale, seed);
            return new Start(symmetric.initialize(width, d, act), symmetric, null, null);
        }
        if (Files.isRegularFile(init.resolve(ModelFolder.METADATA))) {
            if (ModelFolder.isDense(init)) {
                SavedDenseModel saved = activation == null ? ModelFolder.loadDense(init)
                        : ModelFolder.loadDense(init, Activations.byName(activation));
                return new Start(null, null, saved.model(), saved.initializer());
            }
            SavedModel saved = activation == null ? ModelFolder.load(init)
                    : ModelFolder.load(init, Activations.byName(activation));
            return new Start(saved.model(), saved.initializer(), null, null);
        }
        Activation act = ModelFiles.activation(activation);
        if (ModelFiles.isDense(init)) {
            return new Start(null, null, ModelFiles.readDense(init, act, d), null);
        }
        return new Start(ModelFiles.read(init, act, d), null, null, null);
    }

    /** The monitor (when recording) and the progress, in that order. */
    private static TrainingListener both(TrainingListener monitor, TrainingListener progress) {
        if (monitor == null) {
            return progress;
        }
        return new TrainingListener() {
            @Override
            public void onIteration(int iteration, int total, double value) {
                monitor.onIteration(iteration, total, value);
                progress.onIteration(iteration, total, value);
            }

            @Override
            public void onModel(int iteration, RecurrentModel<?> parameters) {
                monitor.onModel(iteration, parameters);
            }

            @Override
            public void onDivergence(Divergence divergence) {
                monitor.onDivergence(divergence);
            }
        };
    }

    private static double max(double[] v) {
        double m = v[0];
        for (double e : v) {
            m = Math.max(m, e);
        }
        return m;
    }

    private Optimizer optimizer() {
        if (!pgd) {
            if (rhoW != null || rhoU != null) {
                throw CliFailure.usage("--rho-w/--rho-u are the radii of projected GD; add --pgd");
            }
            return Optimizers.gradientDescent(eta);
        }
        if (rhoW == null || rhoU == null) {
            throw CliFailure.usage("--pgd needs both --rho-w and --rho-u; got --rho-w " + rhoW
                    + " and --rho-u " + rhoU);
        }
        return Optimizers.projected(eta, rhoW, rhoU);
    }

    private static RecurrentLaw parseLaw(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "uniform":
                return RecurrentLaw.UNIFORM;
            case "constant":
                return RecurrentLaw.CONSTANT;
            default:
                throw new IllegalArgumentException("--law '" + text + "' is unknown; expected 'uniform' or 'constant'");
        }
    }

    /** (n, T) as is; (n,) with the last-step loss into the last column (the others are not fitted). */
    private double[] targets(NpyArray ys, int n, int steps, Loss mode) {
        if (ys.rank() == 1 && mode == Loss.LAST_STEP) {
            ys.requireShape("--y " + y.getFileName(), n);
            double[] full = new double[n * steps];
            double[] v = ys.data();
            for (int j = 0; j < n; j++) {
                full[j * steps + steps - 1] = v[j];
            }
            return full;
        }
        ys.requireShape("--y " + y.getFileName(), n, steps);
        return ys.data();
    }
}
