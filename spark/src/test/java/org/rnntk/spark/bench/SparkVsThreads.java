package org.rnntk.spark.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.core.Loss;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkImplementation;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.spark.SparkContexts;
import org.rnntk.spark.gram.GramProblem;
import org.rnntk.spark.gram.GramTiles;
import org.rnntk.spark.gram.SparkGram;
import org.rnntk.spark.sweep.SparkSweep;
import org.rnntk.spark.sweep.SweepGrid;
import org.rnntk.spark.sweep.SweepRow;
import org.rnntk.spark.sweep.SweepRunner;

/**
 * Spark local[2] against a pool of 2 threads in this JVM on the same work, rounds interleaved:
 * a 32-run sweep, and the n = 8192 last-step Gram in tiles (also against the single-machine Gram).
 * Not a test; run by spark/scripts/benchmark.sh, report in docs/design/spark.md.
 */
public final class SparkVsThreads {

    private SparkVsThreads() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        Path out = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/spark-benchmark"));
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        System.out.printf(Locale.ROOT, "java %s, %d processors, OMP_NUM_THREADS=%s, rounds %d%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getenv("OMP_NUM_THREADS"), rounds);

        SweepGrid grid = SweepGrid.parse("""
                task = filter
                n = 64
                steps = 16
                d = 4
                width = 64, 128, 256, 512
                seed = 1, 2, 3, 4, 5, 6, 7, 8
                optimizer = gd
                step = 0.5
                iterations = %d
                loss = all
                record = loss, drift
                """.formatted(iterations), "benchmark grid");
        long t0 = System.nanoTime();
        JavaSparkContext sc = SparkContexts.create("local[2]", "rnntk benchmark");
        System.out.printf(Locale.ROOT, "spark context local[2] started in %.2f s%n", (System.nanoTime() - t0) / 1e9);
        try {
            List<SweepRow> reference = SweepRunner.threads(grid, 2, null);  // warm-up (ND4J, JIT)
            double[] pool = new double[rounds];
            double[] spark = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long a = System.nanoTime();
                List<SweepRow> p = SweepRunner.threads(grid, 2, null);
                pool[r] = (System.nanoTime() - a) / 1e9;
                a = System.nanoTime();
                List<SweepRow> s = SparkSweep.run(sc, grid, null);
                spark[r] = (System.nanoTime() - a) / 1e9;
                if (!p.equals(reference) || !s.equals(reference)) {
                    throw new IllegalStateException("sweep rows differ between runners");
                }
            }
            report("sweep, 32 runs (n=64, T=16, d=4, m=64..512, " + iterations + " GD iterations)", pool, spark,
                    "thread pool (2)", "spark local[2]");

            DiagonalRnn model = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 1)
                    .initialize(64, 4, Activations.tanh());
            SequenceDataset data = SyntheticTasks.filter(n, 16, 4, 0.5, 1.0, 1).generate();
            GramProblem problem = GramProblem.of(model, data, null, Loss.LAST_STEP, 1024,
                    NtkImplementation.JACOBIAN_CONTRACTION, NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES);
            Configuration conf = new Configuration();
            double[] tilesPool = new double[rounds];
            double[] tilesSpark = new double[rounds];
            double[] single = new double[rounds];
            GramMatrix k = null;
            for (int r = 0; r < rounds; r++) {
                long a = System.nanoTime();
                GramTiles.write(conf, out.resolve("pool").toString(), problem, 2, null);
                tilesPool[r] = (System.nanoTime() - a) / 1e9;
                a = System.nanoTime();
                SparkGram.write(sc, problem, out.resolve("spark").toString(), null);
                tilesSpark[r] = (System.nanoTime() - a) / 1e9;
                k = null;
                a = System.nanoTime();
                try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(2))) {
                    k = ntk.gram(model, data, Loss.LAST_STEP);
                }
                single[r] = (System.nanoTime() - a) / 1e9;
            }
            String what = "last-step Gram n=" + n + " (T=16, d=4, m=64), tiles of 1024, "
                    + GramTiles.layout(problem).size() + " tiles written as .npy";
            report(what, tilesPool, tilesSpark, "tiles on thread pool (2)", "tiles on spark local[2]");
            report(what + ", against the single-machine Gram (2 threads, in memory, not written)", single, tilesSpark,
                    "single-machine Gram", "tiles on spark local[2]");
            GramMatrix pooled = GramTiles.assemble(conf, out.resolve("pool").toString());
            GramMatrix sparked = GramTiles.assemble(conf, out.resolve("spark").toString());
            double maxDiff = 0;
            double maxUlps = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double diff = Math.abs(sparked.get(i, j) - k.get(i, j));
                    maxDiff = Math.max(maxDiff, diff);
                    maxUlps = Math.max(maxUlps, diff / Math.ulp(k.get(i, j)));
                }
            }
            System.out.printf(Locale.ROOT, "spark tiles = thread-pool tiles bit for bit: %b; against the single-machine"
                    + " Gram: max abs diff %.3g (%.0f ulps of the entry), max |K| %.3g%n", pooled.equals(sparked),
                    maxDiff, maxUlps, k.maxAbs());
        } finally {
            sc.close();
        }
    }

    private static void report(String what, double[] base, double[] other, String baseName, String otherName) {
        double[] ratio = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            ratio[i] = other[i] / base[i];
        }
        System.out.printf(Locale.ROOT, "%s%n  %-28s median %.2f s  %s%n  %-28s median %.2f s  %s%n  ratio %s/%s per round %s,"
                        + " median %.2f%n", what, baseName, median(base), fmt(base), otherName, median(other), fmt(other),
                otherName, baseName, fmt(ratio), median(ratio));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String fmt(double[] v) {
        List<String> s = new ArrayList<>();
        for (double x : v) {
            s.add(String.format(Locale.ROOT, "%.2f", x));
        }
        return s.toString();
    }
}
