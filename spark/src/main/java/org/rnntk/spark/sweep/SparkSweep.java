package org.rnntk.spark.sweep;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

import org.apache.spark.api.java.JavaSparkContext;
import org.rnntk.spark.internal.HadoopFiles;
import org.rnntk.spark.internal.Progress;

/**
 * Runs a sweep as a Spark job: one task per run, each applying {@link SweepRunner#execute} on an
 * executor; a run that fails is a row with its error, never a failed job. The driver collects the
 * rows (small), prints finished runs and an ETA, and writes the table ({@link SweepTable}) into an
 * output folder on any Hadoop file system. The rows equal {@link SweepRunner#sequential}'s.
 */
public final class SparkSweep {

    private SparkSweep() {
    }

    /**
     * Runs the grid's runs on the context's executors.
     *
     * @param progress where the driver reports finished runs and an ETA; null for silence
     */
    public static List<SweepRow> run(JavaSparkContext sc, SweepGrid grid, PrintStream progress) {
        return runCounted(sc, grid, new Progress("sweep", "runs", grid.size(), progress));
    }

    /** Runs the grid's runs on the context's executors, the driver updating {@code counter} (may be null). */
    public static List<SweepRow> runCounted(JavaSparkContext sc, SweepGrid grid, Progress counter) {
        Objects.requireNonNull(sc, "sc");
        return SweepRunner.on(grid, Executor.spark(sc), counter);
    }

    /**
     * Runs the grid and writes {@value SweepTable#FILE_NAME} into {@code out} (a local path or a Hadoop
     * file system URI such as {@code hdfs://host/dir}). Returns the rows.
     */
    public static List<SweepRow> runAndWrite(JavaSparkContext sc, SweepGrid grid, String out, PrintStream progress) {
        List<SweepRow> rows = run(sc, grid, progress);
        HadoopFiles.writeLines(sc.hadoopConfiguration(), out, SweepTable.FILE_NAME,
                SweepTable.lines(grid.recorded(), rows));
        return rows;
    }
}
