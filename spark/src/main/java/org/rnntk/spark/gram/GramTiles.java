package org.rnntk.spark.gram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.hadoop.conf.Configuration;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.io.NpyArray;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.spark.internal.HadoopFiles;
import org.rnntk.spark.internal.Progress;

/**
 * Block Grams as a folder of {@code .npy} tiles and an index ({@link TileIndex}), on a local path or
 * any Hadoop file system URI: the tile function every writer applies ({@link #computeTile}), a
 * writer on a thread pool of this JVM (the Spark one is {@code SparkGram}), and the reader that
 * assembles a Gram that fits in one array.
 *
 * <p>Tile (i, j) is the NTK (cross-)Gram of the i-th block of row sequences with the j-th block of
 * column sequences, computed by an {@link EmpiricalNtk} with one thread; a diagonal tile of a
 * symmetric Gram is the Gram of its block, so the assembled matrix is exactly symmetric.
 */
public final class GramTiles {

    private GramTiles() {
    }

    /** The tiles a problem stores, in (i, j) order, without values. */
    public static List<Tile> layout(GramProblem p) {
        List<Tile> tiles = new ArrayList<>();
        for (int i = 0; i < p.rowTiles(); i++) {
            for (int j = p.symmetric() ? i : 0; j < p.colTiles(); j++) {
                tiles.add(new Tile(i, j, TileIndex.tileStart(p.mode(), i, p.tileSequences(), p.rowSteps()),
                        TileIndex.tileStart(p.mode(), j, p.tileSequences(), p.colSteps()),
                        TileIndex.tileLength(p.mode(), i, p.tileSequences(), p.rowSequences(), p.rowSteps()),
                        TileIndex.tileLength(p.mode(), j, p.tileSequences(), p.colSequences(), p.colSteps()),
                        Tile.fileName(i, j)));
            }
        }
        return tiles;
    }

    /** The index of a problem's tiles. */
    public static TileIndex index(GramProblem p) {
        return new TileIndex(p.mode(), p.symmetric(), p.rowSequences(), p.rowSteps(), p.colSequences(),
                p.colSteps(), p.tileSequences(), layout(p));
    }

    /**
     * The values of one tile, row-major, tile.rows()×tile.cols(). Creates and closes its own
     * single-threaded {@link EmpiricalNtk}, so it may run on any thread.
     */
    public static double[] computeTile(GramProblem p, Tile tile) {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(tile, "tile");
        DiagonalRnn model = p.model();
        NtkOptions options = NtkOptions.defaults().withImplementation(p.implementation())
                .withBlockBudgetBytes(p.blockBudgetBytes()).withThreads(1);
        try (EmpiricalNtk ntk = Ntk.empirical(options)) {
            GramMatrix g = p.symmetric() && tile.i() == tile.j()
                    ? ntk.gram(model, p.slice(true, tile.i()), p.mode())
                    : ntk.gram(model, p.slice(true, tile.i()), p.slice(false, tile.j()), p.mode());
            if (g.rows() != tile.rows() || g.cols() != tile.cols()) {
                throw new IllegalStateException("tile " + tile + " computed as " + g);
            }
            return g.values();
        }
    }

    /** Computes a tile and writes it into {@code folder}; returns the tile. */
    public static Tile computeAndWrite(Configuration conf, String folder, GramProblem p, Tile tile) {
        double[] values = computeTile(p, tile);
        HadoopFiles.writeNpy(conf, folder, tile.file(), values, tile.rows(), tile.cols());
        return tile;
    }

    /**
     * Computes every tile on {@code threads} threads of this JVM and writes the tiles and the index
     * into {@code folder} (the in-process alternative to {@code SparkGram.write}).
     *
     * @param progress counter of finished tiles, or null
     */
    public static TileIndex write(Configuration conf, String folder, GramProblem p, int threads, Progress progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1");
        }
        TileIndex index = index(p);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Tile>> futures = new ArrayList<>();
            for (Tile t : index.tiles()) {
                futures.add(pool.submit(() -> {
                    Tile done = computeAndWrite(conf, folder, p, t);
                    if (progress != null) {
                        progress.finished(true);
                    }
                    return done;
                }));
            }
            for (Future<Tile> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing tiles", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("a tile failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        writeIndex(conf, folder, index);
        return index;
    }

    /** Writes the index file into {@code folder}. */
    public static void writeIndex(Configuration conf, String folder, TileIndex index) {
        HadoopFiles.writeLines(conf, folder, TileIndex.FILE_NAME, index.lines());
    }

    /** Reads the index of the Gram in {@code folder}. */
    public static TileIndex readIndex(Configuration conf, String folder) {
        return TileIndex.parse(HadoopFiles.readLines(conf, folder, TileIndex.FILE_NAME),
                folder + "/" + TileIndex.FILE_NAME);
    }

    /** Reads one tile's values, checking the file's shape against the index. */
    public static double[] readTile(Configuration conf, String folder, Tile tile) {
        NpyArray a = HadoopFiles.readNpy(conf, folder, tile.file());
        a.requireShape(folder + "/" + tile.file(), tile.rows(), tile.cols());
        return a.data();
    }

    /**
     * The whole Gram of the folder, for sizes that fit in one Java array (rows·cols &lt; 2³¹); a
     * symmetric Gram's lower tiles are the transposes of the stored upper ones.
     *
     * @throws IllegalArgumentException when the Gram has 2³¹ entries or more
     */
    public static GramMatrix assemble(Configuration conf, String folder) {
        TileIndex index = readIndex(conf, folder);
        long rows = index.rows();
        long cols = index.cols();
        if (rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the Gram in " + folder + " has " + rows + " x " + cols
                    + " entries, more than one Java array holds; use its tiles or GramOperator instead");
        }
        double[] k = new double[(int) (rows * cols)];
        for (Tile t : index.tiles()) {
            double[] v = readTile(conf, folder, t);
            for (int r = 0; r < t.rows(); r++) {
                for (int c = 0; c < t.cols(); c++) {
                    double x = v[r * t.cols() + c];
                    k[(int) ((t.row0() + r) * cols + t.col0() + c)] = x;
                    if (index.symmetric()) {
                        k[(int) ((t.col0() + c) * cols + t.row0() + r)] = x;
                    }
                }
            }
        }
        return new GramMatrix(index.mode(), index.rowSequences(), index.rowSteps(), index.colSequences(),
                index.colSteps(), index.symmetric(), k);
    }
}
