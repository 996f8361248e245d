package org.rnntk.spark.sweep;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.rnntk.spark.internal.HadoopFiles;
import org.rnntk.spark.internal.Progress;

/**
 * Runs a sweep as a Spark job: one task per run, each applying {@link SweepRunner#execute} on an
 * executor; a run that fails is a row with its error, never a failed job. The driver collects the
 * rows (small), prints finished runs and an ETA, and writes the table ({@link SweepTable}) into an
 * output folder on any Hadoop file system. The rows equal {@link SweepRunner#sequential}'s.
 */
public final class SparkSweep {

    private static final long POLL_MILLIS = 500;

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
        Objects.requireNonNull(grid, "grid");
        List<SweepRun> runs = grid.runs();
        Set<Recorded> recorded = grid.recorded();
        LongAccumulator finished = sc.sc().longAccumulator("rnntk runs finished");
        LongAccumulator failed = sc.sc().longAccumulator("rnntk runs failed");
        JavaRDD<SweepRow> rows = sc.parallelize(runs, Math.max(1, runs.size())).map(run -> {
            SweepRow row = SweepRunner.execute(run, recorded);
            finished.add(1);
            if (!row.ok()) {
                failed.add(1);
            }
            return row;
        });
        Progress count = counter != null ? counter : new Progress("sweep", "runs", runs.size(), (PrintStream) null);
        JavaFutureAction<List<SweepRow>> job = rows.collectAsync();
        try {
            while (!job.isDone()) {
                count.update(finished.value().intValue(), failed.value().intValue());
                Thread.sleep(POLL_MILLIS);
            }
            List<SweepRow> result = job.get();
            count.update(runs.size(), (int) result.stream().filter(r -> !r.ok()).count());
            return result;
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sweep job", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the sweep job failed: " + e.getCause().getMessage(), e.getCause());
        }
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
