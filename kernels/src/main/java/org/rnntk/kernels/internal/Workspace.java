package org.rnntk.kernels.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnntk.core.SequenceDataset;

/**
 * The buffers of one problem size (n, T, d, m) and one data set, allocated once and reused across
 * calls: first-touch allocation costs ~12 µs per 4 KiB page on this machine kind, more than the
 * arithmetic it would hold (docs/benchmarks.md). Not API.
 */
public final class Workspace implements AutoCloseable {

    public final SequenceDataset data;
    public final int n;
    public final int steps;
    public final int d;
    public final int m;
    public final int rows;

    /** Inputs, (n·T)×d, uploaded once. */
    public final INDArray x;
    /** U, m×d, uploaded per call. */
    public final INDArray u;
    /** Z = X Uᵀ on the way in, Δ on the way out, (n·T)×m. */
    public final INDArray z;
    /**
     * (∂R̂/∂U)ᵀ = Xᵀ Δ, d×m: OpenBLAS runs this shape ≈ 25% faster than Δᵀ X into an m×d C-order
     * output (docs/benchmarks.md); the backend transposes it on the way out.
     */
    public final INDArray gradUT;
    /** Heap copies of the {@link #gradUTParts}, block after block (each d×m), in the workspace's precision. */
    public final double[] gradUT64;
    public final float[] gradUT32;
    /**
     * The GEMMs run as this many row blocks of X (and Z/Δ), on the backend's threads: OpenBLAS runs
     * single-threaded under the recommended {@code OMP_NUM_THREADS=1}; two concurrent half-size GEMMs
     * took 0.6 of the time of one when the second core was free (no gain, no loss when the machine
     * was saturated by other jobs; docs/benchmarks.md). The count depends on the number
     * of rows only, never on the thread count, so the partial sums of ∂Uᵀ are added in the same
     * order whatever the threads: float64 results stay bit-identical.
     */
    public final int gemmBlocks;
    /** Row blocks of {@link #x} and {@link #z} (views), and one d×m partial ∂Uᵀ per block (block 0 is {@link #gradUT}). */
    public final INDArray[] xBlocks;
    public final INDArray[] zBlocks;
    public final INDArray[] gradUTParts;
    /** The data set's targets, copied once. */
    public final double[] targets;

    /** Hidden states, then Δ; (n·T)×m, float64 precision. Null in float32 workspaces. */
    public final double[] h64;
    /** Pre-activations for activations whose σ' needs z; else null. */
    public final double[] z64;
    /** The float32 counterparts; null in float64 workspaces. */
    public final float[] h32;
    public final float[] z32;

    /** Outputs F and loss adjoints e = ∂R̂/∂F, length n·T. */
    public final double[] outputs;
    public final double[] adjoint;
    /** Per-neuron scratch for the backward carry. */
    public final double[] carry64;
    public final float[] carry32;
    /** Per-neuron scratch for the row segment of Z being consumed. */
    public final double[] scratch64;
    public final float[] scratch32;

    public Workspace(SequenceDataset data, int m, DataType type, boolean keepPreActivations) {
        this.data = data;
        this.n = data.size();
        this.steps = data.timeSteps();
        this.d = data.inputDim();
        this.m = m;
        long cells = (long) n * steps * m;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("n*T*m = " + n + "*" + steps + "*" + m + " = " + cells
                    + " hidden states exceed the 2^31 elements one buffer can hold; split the data into batches");
        }
        long bytes = cells * (type == DataType.DOUBLE ? Double.BYTES : Float.BYTES);
        if (bytes > Integer.MAX_VALUE) {
            // The kernels address the off-heap Z/Δ buffer through one NIO view, whose capacity is an int.
            throw new IllegalArgumentException("n*T*m = " + n + "*" + steps + "*" + m + " = " + cells + " " + type
                    + " hidden states take " + bytes + " bytes, more than the 2^31 - 1 one buffer view can address;"
                    + " split the data into batches");
        }
        this.rows = n * steps;
        this.x = NdBuffers.matrix(type, rows, d);
        this.u = NdBuffers.matrix(type, m, d);
        this.z = NdBuffers.matrix(type, rows, m);
        this.gradUT = NdBuffers.matrix(type, d, m);
        this.gemmBlocks = gemmBlocks(rows);
        this.xBlocks = new INDArray[gemmBlocks];
        this.zBlocks = new INDArray[gemmBlocks];
        this.gradUTParts = new INDArray[gemmBlocks];
        for (int b = 0; b < gemmBlocks; b++) {
            long from = (long) rows * b / gemmBlocks;
            long to = (long) rows * (b + 1) / gemmBlocks;
            xBlocks[b] = gemmBlocks == 1 ? x : x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            zBlocks[b] = gemmBlocks == 1 ? z : z.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            gradUTParts[b] = b == 0 ? gradUT : NdBuffers.matrix(type, d, m);
        }
        boolean f64 = type == DataType.DOUBLE;
        this.h64 = f64 ? new double[(int) cells] : null;
        this.z64 = f64 && keepPreActivations ? new double[(int) cells] : null;
        this.h32 = f64 ? null : new float[(int) cells];
        this.z32 = !f64 && keepPreActivations ? new float[(int) cells] : null;
        this.carry64 = f64 ? new double[m] : null;
        this.carry32 = f64 ? null : new float[m];
        this.scratch64 = f64 ? new double[m] : null;
        this.scratch32 = f64 ? null : new float[m];
        this.gradUT64 = f64 ? new double[m * d * gemmBlocks] : null;
        this.gradUT32 = f64 ? null : new float[m * d * gemmBlocks];
        this.targets = data.targets();
        this.outputs = new double[rows];
        this.adjoint = new double[rows];
        double[] inputs = data.inputs();
        if (f64) {
            NdBuffers.upload(inputs, x);
        } else {
            float[] xf = new float[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                xf[i] = (float) inputs[i];
            }
            NdBuffers.upload(xf, x);
        }
    }

    /** One block per 4096 rows, at most 4: more, smaller blocks measured slower. */
    static int gemmBlocks(int rows) {
        return Math.max(1, Math.min(4, rows / 4096));
    }

    /** Whether this workspace serves {@code other} with width {@code width}. */
    public boolean fits(SequenceDataset other, int width, DataType type, boolean keepPreActivations) {
        return other == data && width == m && x.dataType() == type
                && keepPreActivations == (z64 != null || z32 != null);
    }

    @Override
    public void close() {
        NdBuffers.release(x);
        NdBuffers.release(u);
        NdBuffers.release(z);
        for (INDArray part : gradUTParts) {
            NdBuffers.release(part);
        }
    }
}
