package org.rnntk.kernels.ntk;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.internal.BlasThreads;
import org.rnntk.kernels.internal.NdBuffers;
import org.rnntk.kernels.internal.Parallel;

/**
 * Outputs F(Θ) and the linearization F_lin(Θ) = F(Θ0) + ⟨∇F(Θ0), Θ − Θ0⟩ on one data set
 * (docs/theory.md §5, §8). The Jacobian at Θ0 is applied as a Jacobian-vector product (one forward
 * tangent pass with H and σ'(Z) stored at Θ0), never formed. Memory: four (n·T)×m double arrays.
 * Used by one thread at a time (its owner, {@link KernelRegimeMonitor}, holds its lock for every
 * call); a call after {@link #close()} throws {@link IllegalStateException}.
 */
final class Linearization implements KernelRegimeMonitor.Probe<DiagonalRnn> {

    private static final int MIN_NEURONS_PER_CHUNK = 16;

    private final DiagonalRnn theta0;
    private final int n;
    private final int steps;
    private final int m;
    private final int d;
    private final int rows;
    private final Parallel parallel;
    private final INDArray x;
    private final INDArray u;
    private final INDArray z;
    private final double[] h0;
    private final double[] d0;
    private final double[] f0;
    private final double[] buf;
    private final double[] deriv;
    private boolean closed;

    Linearization(DiagonalRnn theta0, SequenceDataset data, int threads) {
        data.requireInputDim(theta0.inputDim(), "the model " + theta0);
        this.theta0 = theta0;
        this.n = data.size();
        this.steps = data.timeSteps();
        this.m = theta0.width();
        this.d = theta0.inputDim();
        long cells = (long) n * steps * m;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("n*T*m = " + cells + " hidden states exceed the 2^31 elements a Java"
                    + " array can hold; monitor a smaller data set");
        }
        this.rows = n * steps;
        NdBuffers.started();
        this.parallel = new Parallel(threads);
        this.x = NdBuffers.matrix(DataType.DOUBLE, rows, d);
        this.u = NdBuffers.matrix(DataType.DOUBLE, m, d);
        this.z = NdBuffers.matrix(DataType.DOUBLE, rows, m);
        BlockedNtk.upload(data.inputs(), x, (long) rows * d);
        this.h0 = new double[(int) cells];
        this.d0 = new double[(int) cells];
        this.buf = new double[(int) cells];
        this.deriv = new double[(int) cells];
        this.f0 = new double[rows];
        forward(theta0.u(), theta0.w(), h0, d0);
        readout(theta0.c(), h0, f0);
    }

    /** F(Θ0), length n·T (a copy). */
    @Override
    public double[] initialOutputs() {
        return f0.clone();
    }

    /** F(Θ) for every sequence and step, length n·T. */
    @Override
    public double[] outputs(DiagonalRnn theta) {
        requireOpen();
        forward(theta.u(), theta.w(), buf, deriv);
        double[] out = new double[rows];
        readout(theta.c(), buf, out);
        return out;
    }

    /** F_lin(Θ) = F(Θ0) + J(Θ0)(Θ − Θ0), length n·T. */
    @Override
    public double[] linearized(DiagonalRnn theta) {
        requireOpen();
        double[] w0 = theta0.w();
        double[] dw = theta.w();
        for (int i = 0; i < m; i++) {
            dw[i] -= w0[i];
        }
        double[] du = theta.u();
        double[] u0 = theta0.u();
        for (int e = 0; e < du.length; e++) {
            du[e] -= u0[e];
        }
        BlockedNtk.upload(du, u, du.length);
        gemm();
        BlockedNtk.download(z, buf, buf.length);
        NtkLoops.Block block = block(w0);
        int chunks = parallel.chunks(m, buf.length, MIN_NEURONS_PER_CHUNK);
        parallel.forRange(m, chunks, (c, from, to) -> NtkLoops.tangent(block, h0, d0, dw, buf, from, to));
        double[] out = new double[rows];
        readout(theta0.c(), buf, out);
        for (int r = 0; r < rows; r++) {
            out[r] += f0[r];
        }
        return out;
    }

    private void forward(double[] uValues, double[] w, double[] hz, double[] dz) {
        BlockedNtk.upload(uValues, u, uValues.length);
        gemm();
        BlockedNtk.download(z, hz, hz.length);
        NtkLoops.Block block = block(w);
        int chunks = parallel.chunks(m, hz.length, MIN_NEURONS_PER_CHUNK);
        parallel.forRange(m, chunks, (c, from, to) -> NtkLoops.forward(block, hz, dz, from, to));
    }

    /** The data set as one block of the NTK loops at recurrent weights w; no loop here reads the output scale. */
    private NtkLoops.Block block(double[] w) {
        return new NtkLoops.Block(w, null, theta0.activation(), n, steps, m, d);
    }

    /** Z = X Uᵀ: one GEMM on this thread while the pool waits, on OpenBLAS's process-wide count. */
    private void gemm() {
        try (BlasThreads.Scope blas = BlasThreads.processDefault()) {
            NdBuffers.gemm(x, false, u, true, z);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Linearization (n = " + n + ", T = " + steps + ", m = " + m
                    + ") has been closed");
        }
    }

    private void readout(double[] c, double[] v, double[] out) {
        int chunks = parallel.chunks(rows, (long) rows * m, 1);
        parallel.forRange(rows, chunks, (k, from, to) -> NtkLoops.readout(v, c, m, out, from, to));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        NdBuffers.release(x);
        NdBuffers.release(u);
        NdBuffers.release(z);
        parallel.close();
    }
}
