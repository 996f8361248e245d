package org.rnntk.spark.gram;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.rnntk.spark.internal.HadoopConf;
import org.rnntk.spark.internal.Progress;

/**
 * A block Gram as a Spark job: one task per tile ({@link GramTiles#computeTile}), each written by
 * its executor into the output folder (the driver never holds the Gram), then the index written by
 * the driver. The folder's tiles are the same bits as {@link GramTiles#write}'s.
 */
public final class SparkGram {

    private static final long POLL_MILLIS = 500;

    private SparkGram() {
    }

    /**
     * Computes and writes the tiles of {@code p} into {@code folder} (a local path or a Hadoop file
     * system URI every executor can write to) and returns the index.
     *
     * @param progress where the driver reports finished tiles and an ETA; null for silence
     */
    public static TileIndex write(JavaSparkContext sc, GramProblem p, String folder, PrintStream progress) {
        return writeCounted(sc, p, folder, new Progress("gram", "tiles", GramTiles.layout(p).size(), progress));
    }

    /** As {@link #write(JavaSparkContext, GramProblem, String, PrintStream)}, the driver updating {@code counter} (may be null). */
    public static TileIndex writeCounted(JavaSparkContext sc, GramProblem p, String folder, Progress counter) {
        Objects.requireNonNull(sc, "sc");
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(folder, "folder");
        TileIndex index = GramTiles.index(p);
        List<Tile> tiles = index.tiles();
        Broadcast<GramProblem> problem = sc.broadcast(p);
        HadoopConf conf = new HadoopConf(sc.hadoopConfiguration());
        LongAccumulator finished = sc.sc().longAccumulator("rnntk tiles finished");
        JavaFutureAction<List<Tile>> job = sc.parallelize(tiles, tiles.size()).map(t -> {
            Tile done = GramTiles.computeAndWrite(conf.get(), folder, problem.value(), t);
            finished.add(1);
            return done;
        }).collectAsync();
        Progress count = counter != null ? counter : new Progress("gram", "tiles", tiles.size(), (PrintStream) null);
        try {
            while (!job.isDone()) {
                count.update(finished.value().intValue(), 0);
                Thread.sleep(POLL_MILLIS);
            }
            job.get();
            count.update(tiles.size(), 0);
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Gram job", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Gram job failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            problem.destroy();
        }
        GramTiles.writeIndex(sc.hadoopConfiguration(), folder, index);
        return index;
    }
}
