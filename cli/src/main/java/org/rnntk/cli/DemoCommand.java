package org.rnntk.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.DivergenceRule;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.core.data.SyntheticTask;
import org.rnntk.core.data.SyntheticTasks;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnntk demo}: a small synthetic problem, the symmetric initialization, GD and PGD from the
 * same Θ(0), and a short report. Defaults finish in seconds. A run stopped by the divergence rule is
 * a row with status DIVERGED (exit code 0: it is a result).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Train a diagonal RNN by GD and projected GD on a synthetic filter task and report.",
        description = "Train a diagonal RNN by GD and projected GD on a synthetic filter task and report the loss, "
                + "drift and status of each run. A run whose loss becomes non-finite or exceeds "
                + "--divergence-factor x R(Theta0) is stopped and reported as DIVERGED.")
final class DemoCommand extends RnntkCommand {

    @Option(names = "--n", defaultValue = "32", description = "sequences (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--T", defaultValue = "20", description = "sequence length (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--d", defaultValue = "8", description = "input dimension (default: ${DEFAULT-VALUE})")
    int d;

    @Option(names = "--m", defaultValue = "512", description = "hidden width, even (default: ${DEFAULT-VALUE})")
    int m;

    @Option(names = "--memory", defaultValue = "0.6",
            description = "memory rho of the filter teacher (default: ${DEFAULT-VALUE})")
    double memory;

    @Option(names = "--alpha", defaultValue = "0.5",
            description = "w(0) ~ Uniform[-alpha, alpha] (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--activation", defaultValue = "tanh", description = "tanh or sigmoid (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--eta", defaultValue = "2.0", description = "step size (default: ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--rho", defaultValue = "1.0",
            description = "PGD radii rho_w = rho_u (default: ${DEFAULT-VALUE})")
    double rho;

    @Option(names = "--iterations", defaultValue = "400", description = "updates (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--divergence-factor", defaultValue = "100",
            description = "stop a run whose loss exceeds this x R(Theta0), > 1 (default: ${DEFAULT-VALUE}; "
                    + "Infinity stops on non-finite values only)")
    double divergenceFactor;

    @Option(names = "--seed", defaultValue = "1", description = "seed of data and initialization (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    protected int run() {
        PrintStream out = System.out;
        Activation act = Activations.byName(activation);
        if (!(divergenceFactor > 1)) {
            throw CliFailure.usage("--divergence-factor (" + divergenceFactor + ") must be > 1, or Infinity");
        }
        DivergenceRule rule = DivergenceRule.lossGrowth(divergenceFactor);
        Optimizer[] optimizers = {Optimizers.gradientDescent(eta), Optimizers.projected(eta, rho, rho)};
        SyntheticTask task = SyntheticTasks.filter(n, steps, d, memory, 0.5, seed);
        SequenceDataset data = task.generate();
        DiagonalRnn theta0 = Initializers.symmetric(alpha, RecurrentLaw.UNIFORM, seed).initialize(m, d, act);
        Loss loss = Loss.ALL_STEPS;

        out.println("rnntk demo — diagonal RNN, symmetric initialization, full-batch training");
        out.printf(Locale.ROOT, "  data     %s%n", task.describe());
        out.printf(Locale.ROOT, "  model    m=%d, d=%d, %s, p=%d parameters, w(0) ~ U[-%.3g, %.3g], F(X; Theta(0)) = 0%n",
                m, d, act.name(), theta0.parameterCount(), alpha, alpha);
        out.printf(Locale.ROOT, "  loss     %s, N=%d fitted outputs, max ||x_t|| = %.4f%n", loss,
                loss.outputCount(n, steps), data.maxInputNorm());
        out.println();
        List<TrainingHistory> diverged = new ArrayList<>();
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, threads())) {
            out.printf(Locale.ROOT, "  %-36s %-9s %10s %10s %10s %10s %10s %10s %10s %8s%n", "optimizer", "status",
                    "R(0)", "R(10%)", "R(last)", "min", "average", "drift w", "drift u", "seconds");
            for (Optimizer optimizer : optimizers) {
                long start = System.nanoTime();
                TrainingListener progress = common.noProgress ? TrainingListener.NONE
                        : ConsoleProgress.forTerminal(optimizer.describe());
                TrainingHistory h = Training.run(backend, theta0, data, loss, optimizer, iterations, progress, rule);
                double seconds = (System.nanoTime() - start) / 1e9;
                int tenth = iterations / 10;
                out.printf(Locale.ROOT, "  %-36s %-9s %10s %10s %10s %10s %10s %10s %10s %8.2f%n",
                        optimizer.describe(), h.status(), num(h.initialLoss()),
                        tenth <= h.iterations() ? num(h.loss(tenth)) : "-", num(h.lastLoss()), num(h.minLoss()),
                        num(h.averageLoss()), num(h.maxDriftWOverRun()), num(h.maxDriftUOverRun()), seconds);
                if (h.diverged()) {
                    diverged.add(h);
                }
            }
        }
        out.println();
        for (TrainingHistory h : diverged) {
            out.printf(Locale.ROOT, "  %s DIVERGED: %s (limit %s x R(0)); its row ends at iteration %d.%n",
                    h.optimizer(), h.divergence().orElseThrow().describe(), num(divergenceFactor).trim(),
                    h.iterations());
        }
        out.println("  drift = max over neurons and iterates of sqrt(m)*|w_i - w_i(0)| and sqrt(m)*||u_i - u_i(0)||;");
        out.printf(Locale.ROOT, "  PGD keeps both <= rho = %.3g (docs/theory.md §3).%n", rho);
        return 0;
    }

    /** A number in 10 columns, 4 significant digits (an exponent when large or small): never 300 digits. */
    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%10.4g", v) : String.format(Locale.ROOT, "%10s", v);
    }
}
