package org.rnntk.cli;

import java.nio.file.Path;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.rnntk.core.Activation;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.kernels.dense.DenseNtk;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.core.Loss;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkImplementation;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.spark.SparkContexts;
import org.rnntk.spark.gram.ExtremeEigenvalues;
import org.rnntk.spark.gram.GramOperator;
import org.rnntk.spark.gram.GramProblem;
import org.rnntk.spark.gram.GramTiles;
import org.rnntk.spark.gram.Lanczos;
import org.rnntk.spark.gram.SparkGram;
import org.rnntk.spark.gram.SparkGramOperator;
import org.rnntk.spark.gram.TileIndex;
import org.rnntk.spark.internal.Progress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnntk gram}: an empirical NTK (cross-)Gram from .npy files (docs/theory.md §5), of the
 * diagonal network or, when {@code w.npy} is an (m, m) matrix, the dense one (§11); with
 * {@code --master} or {@code --tile}, the diagonal network's Gram in .npy tiles written into a folder
 * by Spark executors or by an in-process pool (docs/spark.md, "Block Grams").
 */
@Command(name = "gram", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Compute the empirical NTK Gram K(X, X') of a diagonal or dense RNN from .npy files.",
        description = {"Model: --model DIR with w.npy (m) or, dense, (m,m), u.npy (m,d), c.npy (m). Inputs: --x FILE "
                + "(n,T,d), optionally --x2 FILE (n',T',d) for a cross-Gram. Writes --out FILE (atomically: a failed "
                + "run leaves no file) and prints the spectrum. The Gram's memory is checked before it is computed.",
                "Tiles (diagonal W): with --master URL or --tile N, --out DIR gets tile-i-j.npy and index.txt "
                        + "(docs/spark.md), each tile computed and written by a Spark executor, or without --master by a "
                        + "pool of --threads threads; the folder receives them only when every tile is done. --eigen: "
                        + "lambda_min/lambda_max by Lanczos on the tiles' Gram-vector product."})
final class GramCommand extends RnntkCommand {

    @Option(names = "--model", required = true, description = "folder with w.npy, u.npy, c.npy")
    Path model;

    @Option(names = "--x", required = true, description = "inputs of the rows, shape (n, T, d)")
    Path x;

    @Option(names = "--x2", description = "inputs of the columns, shape (n', T', d); default: the rows")
    Path x2;

    @Option(names = "--mode", defaultValue = "last", description = "last or all (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--activation",
            description = "tanh or sigmoid (default: the model.json of a model folder from rnntk train, else tanh)")
    String activation;

    @Option(names = "--spectrum", defaultValue = "extremes",
            description = "none, extremes (lambda_min and lambda_max by Lanczos, shift-invert for lambda_min,"
                    + " residual <= 1e-10 * lambda_max, and certified bounds on both by Cholesky) or full (every eigenvalue, O(N^3), written to --out's name"
                    + " + .eigenvalues.npy) (default: ${DEFAULT-VALUE})")
    String spectrum;

    @Option(names = "--implementation", defaultValue = "jacobian_contraction",
            description = "jacobian_contraction or per_neuron_factorized, diagonal W only (default: ${DEFAULT-VALUE})")
    NtkImplementation implementation;

    @Option(names = "--block-mib", defaultValue = "256",
            description = "memory budget of the Jacobian blocks in MiB (default: ${DEFAULT-VALUE})")
    long blockMib;

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR",
            description = "output .npy file; with tiles, the output folder (local path or Hadoop URI)")
    String out;

    @Option(names = "--master", paramLabel = "URL",
            description = "tiles on this Spark master (local[N], local[*], spark://HOST:PORT, yarn, k8s://...)")
    String master;

    @Option(names = "--tile", paramLabel = "N",
            description = "tiles of N sequences per side (default with --master: 1024 outputs per side)")
    Integer tile;

    @Option(names = "--eigen", description = "tiles: lambda_min and lambda_max by Lanczos on the Gram-vector product")
    boolean eigen;

    @Option(names = "--tolerance", defaultValue = "1e-10",
            description = "tiles: Lanczos residual bound relative to lambda_max (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--assemble", paramLabel = "FILE",
            description = "tiles: also write the assembled Gram to this .npy file (sizes that fit)")
    Path assemble;

    @Override
    protected int run() {
        String spark = Execution.sparkMaster(master, threadsGiven(), threads());
        boolean tiled = spark != null || tile != null;
        if (!tiled && (eigen || assemble != null)) {
            throw CliFailure.usage((eigen ? "--eigen" : "--assemble (" + assemble + ")")
                    + " is for a Gram in tiles; add --master URL or --tile N");
        }
        if (tiled) {
            return tiles(spark);
        }
        Path out = Path.of(this.out);
        InputFiles.readableDirectory("--model", model);
        InputFiles.readableFilesIn("--model", model, "w.npy", "u.npy", "c.npy");
        InputFiles.readableFile("--x", x);
        if (x2 != null) {
            InputFiles.readableFile("--x2", x2);
        }
        if (blockMib < 1) {
            throw CliFailure.usage("--block-mib (" + blockMib + ") must be >= 1");
        }
        String spectrumChoice = spectrum.trim().toLowerCase(Locale.ROOT);
        if (!spectrumChoice.equals("none") && !spectrumChoice.equals("extremes") && !spectrumChoice.equals("full")) {
            throw CliFailure.usage("--spectrum '" + spectrum + "' is unknown; expected none, extremes or full");
        }
        Loss gramMode = gramMode();
        try (OutputFiles output = OutputFiles.forFile("--out", out);
             StageProgress progress = progress("gram")) {
            progress.stage("reading the inputs");
            boolean dense = ModelFiles.isDense(model);
            if (dense && implementation != NtkImplementation.JACOBIAN_CONTRACTION) {
                throw CliFailure.usage("--implementation " + implementation + " is for a diagonal W; "
                        + "the dense network's Gram is computed by Jacobian contraction");
            }
            DenseRnn denseNet = dense ? ModelFiles.readDenseAny(model, activation, -1) : null;
            DiagonalRnn net = dense ? null : ModelFiles.readAny(model, activation, -1);
            int d = dense ? denseNet.inputDim() : net.inputDim();
            SequenceDataset rows = inputs(x, "--x", d);
            SequenceDataset cols = x2 == null ? rows : inputs(x2, "--x2", d);
            long r = gramMode == Loss.ALL_STEPS ? (long) rows.size() * rows.timeSteps() : rows.size();
            long c = gramMode == Loss.ALL_STEPS ? (long) cols.size() * cols.timeSteps() : cols.size();
            long budget = blockMib << 20;
            MemoryBudget.require("the " + gramMode + " Gram (" + r + " x " + c + ")", r * c,
                    MemoryBudget.gramBytes(r, c, budget) + (x2 == null ? 8 * r * c : 0),
                    gramMode == Loss.ALL_STEPS ? "use --mode last, or fewer sequences" : "use fewer sequences");
            GramMatrix gram;
            progress.stage("the " + gramMode + " Gram (" + r + " x " + c + ")");
            if (dense) {
                // the dense kernel's parallelism is OpenBLAS's, inside its GEMMs
                try (DenseNtk ntk = DenseNtk.create(budget, threads())) {
                    gram = ntk.gram(denseNet, rows, cols, gramMode);
                }
            } else {
                NtkOptions options = NtkOptions.defaults().withImplementation(implementation)
                        .withBlockBudgetBytes(budget).withThreads(threads());
                try (EmpiricalNtk ntk = Ntk.empirical(options)) {
                    gram = x2 == null ? ntk.gram(net, rows, gramMode) : ntk.gram(net, rows, cols, gramMode);
                }
            }
            progress.stage("writing " + out.getFileName());
            output.stage(out.getFileName().toString(), p -> Npy.write(p, gram.values(), gram.rows(), gram.cols()));
            output.commit();
            progress.close();
            System.out.printf(Locale.ROOT, "%s%s Gram %d x %d written to %s%n", dense ? "dense W: " : "", gram.mode(),
                    gram.rows(), gram.cols(), out);
            if (x2 == null) {
                GramSpectrumReport.print(gram, spectrumChoice, out, System.out);
            }
        }
        return 0;
    }

    private Loss gramMode() {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "last" -> Loss.LAST_STEP;
            case "all" -> Loss.ALL_STEPS;
            default -> throw CliFailure.usage("--mode '" + mode + "' is unknown; expected 'last' or 'all'");
        };
    }

    /** The Gram in tiles, on Spark ({@code spark} non-null) or on the in-process pool. */
    private int tiles(String spark) {
        InputFiles.readableDirectory("--model", model);
        InputFiles.readableFilesIn("--model", model, "w.npy", "u.npy", "c.npy");
        InputFiles.readableFile("--x", x);
        if (x2 != null) {
            InputFiles.readableFile("--x2", x2);
        }
        if (blockMib < 1) {
            throw CliFailure.usage("--block-mib (" + blockMib + ") must be >= 1");
        }
        if (tile != null && tile < 1) {
            throw CliFailure.usage("--tile (" + tile + ") must be >= 1 sequence");
        }
        if (eigen && x2 != null) {
            throw CliFailure.usage("--eigen needs the Gram of one data set; --x2 (" + x2 + ") makes a cross-Gram");
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw CliFailure.usage("--tolerance (" + tolerance + ") must be in (0, 1)");
        }
        if (assemble != null) {
            OutputFiles.forFile("--assemble", assemble).close();
        }
        Loss gramMode = gramMode();
        if (ModelFiles.isDense(model)) {
            throw CliFailure.usage("--model (" + model + ") holds a dense (m, m) w.npy; tiles are computed for a "
                    + "diagonal W only (drop --master and --tile for the dense Gram)");
        }
        Configuration conf = new Configuration();
        try (OutputFolder folder = OutputFolder.prepare("--out", out, conf);
             StageProgress progress = progress("gram")) {
            progress.stage("reading the inputs");
            DiagonalRnn net = ModelFiles.readAny(model, activation, -1);
            SequenceDataset rows = inputs(x, "--x", net.inputDim());
            SequenceDataset cols = x2 == null ? null : inputs(x2, "--x2", net.inputDim());
            int tileSequences = tile != null ? tile
                    : gramMode == Loss.LAST_STEP ? 1024 : Math.max(1, 1024 / rows.timeSteps());
            GramProblem p = GramProblem.of(net, rows, cols, gramMode, tileSequences, implementation, blockMib << 20);
            int count = GramTiles.layout(p).size();
            TileIndex planned = GramTiles.index(p);
            long entries = (long) planned.rows() * planned.cols();
            String size = planned.rows() + " x " + planned.cols();
            if (assemble != null) {
                MemoryBudget.require("the assembled Gram (" + size + ")", entries, 2 * 8 * entries,
                        "drop --assemble and read the tiles");
            }
            if (eigen && spark == null) {
                // without Spark the products run on the assembled Gram, which must fit
                MemoryBudget.require("the assembled Gram for --eigen (" + size + ")", entries, 8 * entries,
                        "use --master to multiply by the tiles on Spark");
            }
            TileIndex index;
            ExtremeEigenvalues e = null;
            if (spark == null) {
                progress.stage(count + " tiles on " + threads() + " threads", "tiles", count);
                index = GramTiles.write(conf, folder.staging(), p, threads(), new Progress("tiles", count, progress::counted));
                if (eigen) {
                    progress.stage("lambda_min and lambda_max (Lanczos)");
                    e = eigenvalues(GramOperator.dense(GramTiles.assemble(conf, folder.staging())));
                }
            } else {
                progress.stage("starting Spark (" + spark + ")");
                try (JavaSparkContext sc = SparkContexts.create(master == null ? null : spark, "rnntk gram")) {
                    progress.stage(count + " tiles on Spark " + spark, "tiles", count);
                    index = SparkGram.writeCounted(sc, p, folder.staging(), new Progress("tiles", count, progress::counted));
                    if (eigen) {
                        progress.stage("lambda_min and lambda_max (Lanczos on Spark)");
                        try (SparkGramOperator k = new SparkGramOperator(sc, folder.staging())) {
                            e = eigenvalues(k);
                        }
                    }
                }
            }
            GramMatrix assembled = null;
            if (assemble != null) {
                progress.stage("assembling the Gram");
                assembled = GramTiles.assemble(conf, folder.staging());
            }
            progress.stage("moving the tiles into " + out);
            if (assembled != null) {
                GramMatrix g = assembled;
                try (OutputFiles file = OutputFiles.forFile("--assemble", assemble)) {
                    file.stage(assemble.getFileName().toString(), f -> Npy.write(f, g.values(), g.rows(), g.cols()));
                    folder.commit(TileIndex.FILE_NAME);
                    file.commit();
                }
            } else {
                folder.commit(TileIndex.FILE_NAME);
            }
            progress.close();
            System.out.printf(Locale.ROOT, "%s Gram %d x %d in %d tiles of %d sequences written to %s%n", gramMode,
                    index.rows(), index.cols(), index.tiles().size(), tileSequences, out);
            if (e != null) {
                System.out.printf(Locale.ROOT, "lambda_min %.17g (residual %.3g), lambda_max %.17g (residual %.3g),"
                                + " %d products%s%n", e.lambdaMin(), e.residualMin(), e.lambdaMax(), e.residualMax(),
                        e.iterations(), e.converged() ? "" : ", NOT converged to the tolerance " + tolerance);
            }
            if (assembled != null) {
                System.out.printf(Locale.ROOT, "assembled Gram written to %s%n", assemble);
            }
        }
        return 0;
    }

    private ExtremeEigenvalues eigenvalues(GramOperator k) {
        return Lanczos.extremes(k, tolerance, Lanczos.DEFAULT_MAX_ITERATIONS, 1);
    }

    private static SequenceDataset inputs(Path file, String option, int d) {
        NpyArray a = Npy.read(file);
        long[] shape = a.requireShape(option + " " + file.getFileName(), -1, -1, d);
        int n = (int) shape[0];
        int steps = (int) shape[1];
        return new SequenceDataset(n, steps, d, a.data(), new double[n * steps]);
    }
}
