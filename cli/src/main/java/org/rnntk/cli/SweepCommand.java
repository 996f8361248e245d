package org.rnntk.cli;

import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.rnntk.spark.SparkContexts;
import org.rnntk.spark.internal.HadoopFiles;
import org.rnntk.spark.internal.Progress;
import org.rnntk.spark.sweep.SparkSweep;
import org.rnntk.spark.sweep.SweepGrid;
import org.rnntk.spark.sweep.SweepRow;
import org.rnntk.spark.sweep.SweepRunner;
import org.rnntk.spark.sweep.SweepTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnntk sweep}: a grid of training runs, in process or on Spark (docs/spark.md). */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run a grid of training runs and write their table, runs.csv, into --out.",
        description = {"The grid file (docs/spark.md, \"Grid files\") is read and --out checked before anything runs. "
                + "Without --master the runs go to a pool of --threads threads of this process; with --master URL "
                + "(local[N], spark://HOST:PORT, yarn, k8s://...) each run is a Spark task. The rows are the same either "
                + "way; a failed run is a row with its error. runs.csv appears only when every run has finished."})
final class SweepCommand extends RnntkCommand {

    @Option(names = "--grid", required = true, paramLabel = "FILE", description = "grid file: 'key = v1, v2, ...' lines")
    java.nio.file.Path grid;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "output folder (local path or Hadoop URI), created when missing")
    String out;

    @Option(names = "--master", paramLabel = "URL",
            description = "run on this Spark master (local[N], local[*], spark://HOST:PORT, yarn, k8s://...)")
    String master;

    @Override
    protected int run() {
        InputFiles.readableFile("--grid", grid);
        SweepGrid g = SweepGrid.read(grid);
        String spark = Execution.sparkMaster(master, threadsGiven(), threads());
        Configuration conf = new Configuration();
        List<SweepRow> rows;
        try (OutputFolder folder = OutputFolder.prepare("--out", out, conf);
             StageProgress progress = progress("sweep")) {
            String where = spark == null ? threads() + " threads" : "Spark " + spark;
            if (spark == null) {
                progress.stage(g.size() + " runs on " + where, "runs", g.size());
                rows = SweepRunner.threads(g, threads(), new Progress("runs", g.size(), progress::counted));
            } else {
                progress.stage("starting Spark (" + spark + ")");
                try (JavaSparkContext sc = SparkContexts.create(master == null ? null : spark, "rnntk sweep")) {
                    progress.stage(g.size() + " runs on " + where, "runs", g.size());
                    rows = SparkSweep.runCounted(sc, g, new Progress("runs", g.size(), progress::counted));
                }
            }
            progress.stage("writing " + SweepTable.FILE_NAME);
            HadoopFiles.writeLines(conf, folder.staging(), SweepTable.FILE_NAME, SweepTable.lines(g.recorded(), rows));
            folder.commit(SweepTable.FILE_NAME);
            progress.close();
            long failed = rows.stream().filter(r -> !r.ok()).count();
            System.out.printf(Locale.ROOT, "%d runs (%d failed) written to %s/%s%n", rows.size(), failed, out,
                    SweepTable.FILE_NAME);
        }
        return 0;
    }
}
