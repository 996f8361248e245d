package org.rnntk.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.core.Loss;
import org.rnntk.kernels.ntk.NtkImplementation;
import org.rnntk.spark.SparkContexts;
import org.rnntk.spark.gram.ExtremeEigenvalues;
import org.rnntk.spark.gram.GramProblem;
import org.rnntk.spark.gram.GramTiles;
import org.rnntk.spark.gram.Lanczos;
import org.rnntk.spark.gram.SparkGram;
import org.rnntk.spark.gram.SparkGramOperator;
import org.rnntk.spark.gram.TileIndex;
import org.rnntk.spark.internal.Progress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnntk gram-tiles}: a block NTK Gram as .npy tiles written by Spark executors (docs/spark.md). */
@Command(name = "gram-tiles", mixinStandardHelpOptions = true,
        description = {"Compute the empirical NTK (cross-)Gram of `rnntk gram` in tiles, each computed and written",
                "by a Spark executor into --out (local path or Hadoop URI) with an index.txt. Embedded local[*]",
                "by default; --master URL for a cluster. --eigen: lambda_min/lambda_max by Lanczos on the",
                "distributed Gram-vector product, without assembling K."})
final class GramTilesCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "folder with w.npy, u.npy, c.npy")
    Path model;

    @Option(names = "--x", required = true, description = "inputs of the rows, shape (n, T, d)")
    Path x;

    @Option(names = "--x2", description = "inputs of the columns, shape (n', T', d); default: the rows")
    Path x2;

    @Option(names = "--mode", defaultValue = "last", description = "last or all (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--activation", defaultValue = "tanh", description = "tanh or sigmoid (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--implementation", defaultValue = "JACOBIAN_CONTRACTION",
            description = "JACOBIAN_CONTRACTION or PER_NEURON_FACTORIZED (default: ${DEFAULT-VALUE})")
    NtkImplementation implementation;

    @Option(names = "--block-mib", defaultValue = "256",
            description = "per-tile memory budget of the Jacobian blocks in MiB (default: ${DEFAULT-VALUE})")
    long blockMib;

    @Option(names = "--tile", description = "sequences per tile side (default: 1024 outputs per side, in sequences)")
    Integer tile;

    @Option(names = "--out", required = true, description = "output folder (local path or Hadoop URI)")
    String out;

    @Option(names = "--master", description = "Spark master URL (default: spark.master, else local[*])")
    String master;

    @Option(names = "--threads", description = "compute the tiles on this many threads of this JVM, without Spark")
    Integer threads;

    @Option(names = "--eigen", description = "lambda_min and lambda_max by Lanczos on the distributed product")
    boolean eigen;

    @Option(names = "--tolerance", defaultValue = "1e-10",
            description = "Lanczos residual bound relative to lambda_max (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--assemble", description = "also write the assembled Gram to this .npy file (sizes that fit)")
    Path assemble;

    @Override
    public Integer call() {
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("--model (" + model + ") is not a directory");
        }
        Loss gramMode = switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "last" -> Loss.LAST_STEP;
            case "all" -> Loss.ALL_STEPS;
            default -> throw new IllegalArgumentException("--mode '" + mode + "' is unknown; expected 'last' or 'all'");
        };
        DiagonalRnn net = ModelFiles.read(model, Activations.byName(activation), -1);
        SequenceDataset rows = inputs(x, "--x", net.inputDim());
        SequenceDataset cols = x2 == null ? null : inputs(x2, "--x2", net.inputDim());
        int tileSequences = tile != null ? tile
                : gramMode == Loss.LAST_STEP ? 1024 : Math.max(1, 1024 / rows.timeSteps());
        if (tileSequences < 1) {
            throw new IllegalArgumentException("--tile (" + tileSequences + ") must be >= 1 sequence");
        }
        if (eigen && cols != null) {
            throw new IllegalArgumentException("--eigen needs the Gram of one data set; --x2 (" + x2 + ") makes a cross-Gram");
        }
        GramProblem p = GramProblem.of(net, rows, cols, gramMode, tileSequences, implementation, blockMib << 20);
        TileIndex index;
        if (threads != null) {
            if (master != null || eigen) {
                throw new IllegalArgumentException("--threads (" + threads + ") runs without Spark; it cannot be"
                        + " combined with --master or --eigen");
            }
            index = GramTiles.write(new Configuration(), out, p, threads,
                    new Progress("gram", "tiles", GramTiles.layout(p).size(), System.err));
        } else {
            try (JavaSparkContext sc = SparkContexts.create(master, "rnntk gram-tiles")) {
                index = SparkGram.write(sc, p, out, System.err);
                if (eigen) {
                    try (SparkGramOperator k = new SparkGramOperator(sc, out)) {
                        ExtremeEigenvalues e = Lanczos.extremes(k, tolerance, Lanczos.DEFAULT_MAX_ITERATIONS, 1);
                        System.out.printf(Locale.ROOT, "lambda_min %.17g (residual %.3g), lambda_max %.17g (residual %.3g),"
                                        + " %d products%s%n", e.lambdaMin(), e.residualMin(), e.lambdaMax(), e.residualMax(),
                                e.iterations(), e.converged() ? "" : ", NOT converged to the tolerance " + tolerance);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s Gram %d x %d in %d tiles of %d sequences written to %s%n", gramMode,
                index.rows(), index.cols(), index.tiles().size(), tileSequences, out);
        if (assemble != null) {
            GramMatrix g = GramTiles.assemble(new Configuration(), out);
            Npy.write(assemble, g.values(), g.rows(), g.cols());
            System.out.printf(Locale.ROOT, "assembled Gram written to %s%n", assemble);
        }
        return 0;
    }

    private static SequenceDataset inputs(Path file, String option, int d) {
        NpyArray a = Npy.read(file);
        long[] shape = a.requireShape(option + " " + file.getFileName(), -1, -1, d);
        int n = (int) shape[0];
        int steps = (int) shape[1];
        return new SequenceDataset(n, steps, d, a.data(), new double[n * steps]);
    }
}
