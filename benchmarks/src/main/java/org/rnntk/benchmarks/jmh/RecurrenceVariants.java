package org.rnntk.benchmarks.jmh;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.rnntk.kernels.internal.Parallel;
import org.rnntk.kernels.internal.FastTanh;

/**
 * The forward recurrence h_t = tanh(w ⊙ h_{t−1} + z_t) over a precomputed Z, three ways, to decide
 * how the kernel does its elementwise work (docs/benchmarks.md): plain Java loops over neuron
 * blocks with {@link Math#tanh}, the same with the kernels' branch-free tanh, the same again but
 * reading h_{t−1} from the previous row of H instead of a per-neuron carry (the loop shape C2 does
 * not vectorize), and ND4J native ops on whole [n, m] slices per time step (the DL4J style). The Java variants restore Z first with one bulk
 * copy (≈ 2·8 bytes per cell at memory speed, included in their times).
 */
final class RecurrenceVariants implements AutoCloseable {

    private final Problems.Size size;
    private final double[] z;
    private final double[] h;
    private final double[] w;
    private final double[] carry;
    private final double[] scratch;
    private final Parallel parallel;
    private final int chunks;
    private final INDArray zNd;
    private final INDArray hNd;
    private final INDArray wNd;

    RecurrenceVariants(Problems.Size size, int threads) {
        this.size = size;
        int cells = (int) size.cells();
        java.util.Random rng = new java.util.Random(7);
        z = new double[cells];
        for (int i = 0; i < cells; i++) {
            z[i] = rng.nextGaussian();
        }
        h = new double[cells];
        w = new double[size.m()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble() - 0.5;
        }
        carry = new double[size.m()];
        scratch = new double[size.m()];
        parallel = new Parallel(threads);
        chunks = parallel.chunks(size.m(), size.cells(), 16);
        // ND4J layout [T, n, m] so that each step is one contiguous [n, m] slice.
        zNd = Nd4j.create(DataType.DOUBLE, size.steps(), size.n(), size.m());
        hNd = Nd4j.create(DataType.DOUBLE, size.steps(), size.n(), size.m());
        zNd.assign(Nd4j.rand(DataType.DOUBLE, size.steps(), size.n(), size.m()));
        wNd = Nd4j.createFromArray(w).reshape(1, size.m());
    }

    double javaMathTanh() {
        System.arraycopy(z, 0, h, 0, z.length);
        parallel.forRange(size.m(), chunks, (c, from, to) -> mathLoop(from, to));
        return h[h.length - 1];
    }

    double javaFastTanh() {
        System.arraycopy(z, 0, h, 0, z.length);
        parallel.forRange(size.m(), chunks, (c, from, to) -> fastLoop(from, to));
        return h[h.length - 1];
    }

    /** Separate loops (no flag inside) so that C2 compiles and vectorizes each on its own profile. */
    private void mathLoop(int from, int to) {
        int n = size.n();
        int steps = size.steps();
        int m = size.m();
        for (int j = 0; j < n; j++) {
            for (int i = from; i < to; i++) {
                carry[i] = 0;
            }
            for (int t = 0; t < steps; t++) {
                int row = (j * steps + t) * m;
                for (int i = from; i < to; i++) {
                    carry[i] = Math.tanh(w[i] * carry[i] + h[row + i]);
                }
                System.arraycopy(carry, from, h, row + from, to - from);
            }
        }
    }

    private void fastLoop(int from, int to) {
        int n = size.n();
        int steps = size.steps();
        int m = size.m();
        for (int j = 0; j < n; j++) {
            for (int i = from; i < to; i++) {
                carry[i] = 0;
            }
            for (int t = 0; t < steps; t++) {
                int row = (j * steps + t) * m;
                System.arraycopy(h, row + from, scratch, from, to - from);
                for (int i = from; i < to; i++) {
                    carry[i] = FastTanh.tanh(w[i] * carry[i] + scratch[i]);
                }
                System.arraycopy(carry, from, h, row + from, to - from);
            }
        }
    }

    double javaFastTanhRowOffset() {
        System.arraycopy(z, 0, h, 0, z.length);
        int n = size.n();
        int steps = size.steps();
        int m = size.m();
        parallel.forRange(m, chunks, (c, from, to) -> {
            for (int j = 0; j < n; j++) {
                int row0 = j * steps * m;
                for (int i = from; i < to; i++) {
                    h[row0 + i] = FastTanh.tanh(h[row0 + i]);
                }
                for (int t = 1; t < steps; t++) {
                    int row = row0 + t * m;
                    for (int i = from; i < to; i++) {
                        h[row + i] = FastTanh.tanh(w[i] * h[row - m + i] + h[row + i]);
                    }
                }
            }
        });
        return h[h.length - 1];
    }

    double nd4jPerStep() {
        INDArray prev = null;
        for (int t = 0; t < size.steps(); t++) {
            INDArray zt = zNd.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray ht = hNd.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
            if (prev == null) {
                Nd4j.exec(new Tanh(zt, ht));
            } else {
                Nd4j.exec(new Tanh(prev.mulRowVector(wNd).addi(zt), ht));
            }
            prev = ht;
        }
        return prev.getDouble(0);
    }

    @Override
    public void close() {
        parallel.close();
        zNd.close();
        hNd.close();
    }
}
