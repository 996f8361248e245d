package org.rnntk.spark.gram;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.rnntk.spark.internal.HadoopConf;

import scala.Tuple2;

/**
 * The product K·v of a symmetric block Gram stored as tiles ({@link SparkGram}, {@link GramTiles}),
 * computed by Spark without assembling K: one partition per block row I holds the tiles K_IJ of its
 * row (the stored K_IJ for J ≥ I, the transposes of the stored K_JI for J &lt; I), read by the
 * executors and cached ({@code MEMORY_AND_DISK}); each product broadcasts v and collects the block
 * rows' y_I = Σ_J K_IJ v_J, each summed in J order, so a product is deterministic. Feed it to
 * {@link Lanczos} for λ_min/λ_max.
 *
 * <p>Not thread-safe: one product at a time, from the driver thread. {@link #close()} unpersists the
 * cached tiles.
 */
public final class SparkGramOperator implements GramOperator, AutoCloseable {

    private final JavaSparkContext sc;
    private final TileIndex index;
    private final JavaRDD<BlockRow> rows;
    private final long owner = Thread.currentThread().getId();
    private boolean closed;

    /** The tiles of block row I: each as stored, and whether it is used transposed. */
    private record BlockRow(int i, long row0, int rows, List<Tile> tiles, List<Boolean> transposed,
                            List<double[]> values) implements Serializable {
        private static final long serialVersionUID = 1L;

        double[] multiply(double[] v) {
            double[] y = new double[rows];
            for (int t = 0; t < tiles.size(); t++) {
                Tile tile = tiles.get(t);
                double[] k = values.get(t);
                int cols = tile.cols();
                if (!transposed.get(t)) {
                    int c0 = (int) tile.col0();
                    for (int r = 0; r < rows; r++) {
                        double s = 0;
                        for (int c = 0; c < cols; c++) {
                            s += k[r * cols + c] * v[c0 + c];
                        }
                        y[r] += s;
                    }
                } else {
                    // the stored tile K_JI (tile.rows() × rows); its column r is row r of K_IJ
                    int c0 = (int) tile.row0();
                    int n = tile.rows();
                    double[] s = new double[rows];
                    for (int c = 0; c < n; c++) {
                        double vc = v[c0 + c];
                        for (int r = 0; r < rows; r++) {
                            s[r] += k[c * cols + r] * vc;
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        y[r] += s[r];
                    }
                }
            }
            return y;
        }
    }

    /**
     * The operator of the symmetric Gram in {@code folder}. The tiles are read on the first product.
     *
     * @throws IllegalArgumentException when the folder holds a cross-Gram, or a Gram of 2³¹ rows or more
     */
    public SparkGramOperator(JavaSparkContext sc, String folder) {
        this.sc = Objects.requireNonNull(sc, "sc");
        Objects.requireNonNull(folder, "folder");
        index = GramTiles.readIndex(sc.hadoopConfiguration(), folder);
        if (!index.symmetric()) {
            throw new IllegalArgumentException("the Gram in " + folder + " is a cross-Gram (" + index.rows() + " x "
                    + index.cols() + "); eigenvalues need the symmetric Gram of one data set");
        }
        if (index.rows() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the Gram in " + folder + " has " + index.rows()
                    + " rows; a product vector must fit in one Java array");
        }
        HadoopConf conf = new HadoopConf(sc.hadoopConfiguration());
        List<Integer> blockRows = new ArrayList<>();
        for (int i = 0; i < index.rowTiles(); i++) {
            blockRows.add(i);
        }
        TileIndex idx = index;
        rows = sc.parallelize(blockRows, blockRows.size()).map(i -> load(conf, folder, idx, i))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static BlockRow load(HadoopConf conf, String folder, TileIndex index, int i) {
        List<Tile> tiles = new ArrayList<>();
        List<Boolean> transposed = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        long row0 = -1;
        int rows = 0;
        for (Tile t : index.tiles()) {
            if (t.i() == i || t.j() == i) {
                boolean tr = t.i() != i;
                tiles.add(t);
                transposed.add(tr);
                values.add(GramTiles.readTile(conf.get(), folder, t));
                if (!tr) {
                    row0 = t.row0();
                    rows = t.rows();
                }
            }
        }
        // J order: the transposed tiles (J < I) come first in the index's (i, j) order, then J ≥ I.
        return new BlockRow(i, row0, rows, tiles, transposed, values);
    }

    /** The index of the Gram. */
    public TileIndex index() {
        return index;
    }

    @Override
    public int size() {
        return (int) index.rows();
    }

    @Override
    public double[] multiply(double[] v) {
        if (closed) {
            throw new IllegalStateException("this SparkGramOperator has been closed");
        }
        if (Thread.currentThread().getId() != owner) {
            throw new IllegalStateException("a SparkGramOperator is used from the thread that created it only");
        }
        int n = size();
        if (v.length != n) {
            throw new IllegalArgumentException("v has length " + v.length + "; expected N = " + n);
        }
        Broadcast<double[]> bv = sc.broadcast(v.clone());
        try {
            List<Tuple2<Long, double[]>> parts = rows.map(r -> new Tuple2<>(r.row0(), r.multiply(bv.value()))).collect();
            double[] y = new double[n];
            for (Tuple2<Long, double[]> p : parts) {
                System.arraycopy(p._2(), 0, y, (int) (long) p._1(), p._2().length);
            }
            return y;
        } finally {
            bv.destroy();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            rows.unpersist();
            closed = true;
        }
    }
}
