package org.rnntk.kernels.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    /** ∂R̂/∂U = Δᵀ X, m×d. */
    public final INDArray gradU;
    /**
     * (∂R̂/∂U)ᵀ = Xᵀ Δ, d×m: OpenBLAS runs this shape ≈ 25% faster than Δᵀ X into an m×d C-order
     * output (docs/benchmarks.md); the backend transposes it on the way out.
     */
    public final INDArray gradUT;
    /** Heap copy of {@link #gradUT} (d×m), in the workspace's precision. */
    public final double[] gradUT64;
    public final float[] gradUT32;
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
        this.gradU = NdBuffers.matrix(type, m, d);
        this.gradUT = NdBuffers.matrix(type, d, m);
        boolean f64 = type == DataType.DOUBLE;
        this.h64 = f64 ? new double[(int) cells] : null;
        this.z64 = f64 && keepPreActivations ? new double[(int) cells] : null;
        this.h32 = f64 ? null : new float[(int) cells];
        this.z32 = !f64 && keepPreActivations ? new float[(int) cells] : null;
        this.carry64 = f64 ? new double[m] : null;
        this.carry32 = f64 ? null : new float[m];
        this.scratch64 = f64 ? new double[m] : null;
        this.scratch32 = f64 ? null : new float[m];
        this.gradUT64 = f64 ? new double[m * d] : null;
        this.gradUT32 = f64 ? null : new float[m * d];
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
        NdBuffers.release(gradU);
        NdBuffers.release(gradUT);
    }
}
