package org.rnntk.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.spark.api.java.JavaSparkContext;
import org.rnntk.spark.SparkContexts;
import org.rnntk.spark.internal.Progress;
import org.rnntk.spark.sweep.SparkSweep;
import org.rnntk.spark.sweep.SweepGrid;
import org.rnntk.spark.sweep.SweepRow;
import org.rnntk.spark.sweep.SweepRunner;
import org.rnntk.spark.sweep.SweepTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnntk sweep}: a grid of training runs on Spark (docs/spark.md). */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a grid of training runs (docs/spark.md, \"Grid files\") as a Spark job, each run on an",
                "executor, and write runs.csv into --out. Embedded local[*] by default; --master URL for a cluster.",
                "Failed runs are rows with their error. Progress and an ETA go to standard error."})
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--grid", required = true, description = "grid file: 'key = v1, v2, ...' lines")
    Path grid;

    @Option(names = "--out", required = true, description = "output folder (local path or Hadoop URI)")
    String out;

    @Option(names = "--master", description = "Spark master URL (default: spark.master, else local[*])")
    String master;

    @Option(names = "--threads", description = "run on this many threads of this JVM, without Spark")
    Integer threads;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(grid)) {
            throw new IllegalArgumentException("--grid (" + grid + ") is not a file");
        }
        SweepGrid g = SweepGrid.read(grid);
        List<SweepRow> rows;
        if (threads != null) {
            if (master != null) {
                throw new IllegalArgumentException("--threads (" + threads + ") runs without Spark; it cannot be"
                        + " combined with --master (" + master + ")");
            }
            rows = SweepRunner.threads(g, threads, new Progress("sweep", "runs", g.size(), System.err));
            SweepTable.write(Path.of(out), g.recorded(), rows);
        } else {
            try (JavaSparkContext sc = SparkContexts.create(master, "rnntk sweep")) {
                rows = SparkSweep.runAndWrite(sc, g, out, System.err);
            }
        }
        long failed = rows.stream().filter(r -> !r.ok()).count();
        System.out.printf(Locale.ROOT, "%d runs (%d failed) written to %s/%s%n", rows.size(), failed, out,
                SweepTable.FILE_NAME);
        return 0;
    }
}
