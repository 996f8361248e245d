package org.rnntk.kernels.feedforward;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnntk.kernels.internal.BlasThreads;
import org.rnntk.kernels.internal.NdBuffers;

/**
 * C = op(A)·op(B) on row-major double arrays: plain Java loops for small products, an ND4J DGEMM
 * into cached, preallocated buffers once the product has at least {@link #GEMM_MIN_MULTIPLY_ADDS}
 * multiply-adds (below that the copies to native memory cost more than the loops). Not API; one
 * instance per backend, used by one thread at a time (the backend's lock).
 */
final class DenseOps implements AutoCloseable {

    /** Products smaller than this run as Java loops. */
    static final long GEMM_MIN_MULTIPLY_ADDS = 1L << 18;

    private final Map<String, INDArray> buffers = new HashMap<>();
    /** OpenBLAS threads of the GEMMs; 0: the process's own count. */
    private final int threads;

    DenseOps(int threads) {
        this.threads = threads;
    }

    /**
     * C = op(A) op(B), op(A) of shape rows×inner and op(B) of shape inner×cols.
     *
     * @param a      A row-major, shape rows×inner (or inner×rows when transA); not modified
     * @param transA whether op(A) = Aᵀ
     * @param b      B row-major, shape inner×cols (or cols×inner when transB); not modified
     * @param transB whether op(B) = Bᵀ
     * @param c      length rows·cols (modified: overwritten with the product)
     */
    void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c, int rows, int inner, int cols) {
        if ((long) rows * inner * cols >= GEMM_MIN_MULTIPLY_ADDS) {
            NdBuffers.started();
            nd4j(a, transA, b, transB, c, rows, inner, cols);
            return;
        }
        java.util.Arrays.fill(c, 0, rows * cols, 0.0);
        for (int i = 0; i < rows; i++) {
            int ci = i * cols;
            for (int k = 0; k < inner; k++) {
                double aik = transA ? a[k * rows + i] : a[i * inner + k];
                if (aik == 0.0) {
                    continue;
                }
                if (transB) {
                    for (int j = 0; j < cols; j++) {
                        c[ci + j] += aik * b[j * inner + k];
                    }
                } else {
                    int bk = k * cols;
                    for (int j = 0; j < cols; j++) {
                        c[ci + j] += aik * b[bk + j];
                    }
                }
            }
        }
    }

    private void nd4j(double[] a, boolean transA, double[] b, boolean transB, double[] c, int rows, int inner,
                      int cols) {
        INDArray na = buffer("a", transA ? inner : rows, transA ? rows : inner);
        INDArray nb = buffer("b", transB ? cols : inner, transB ? inner : cols);
        INDArray nc = buffer("c", rows, cols);
        NdBuffers.upload(a, na);
        NdBuffers.upload(b, nb);
        // One GEMM on this thread: OpenBLAS on the backend's count, else the process's own (not one
        // lowered by a call just ended).
        try (BlasThreads.Scope blas = threads == 0 ? BlasThreads.processDefault() : BlasThreads.request(threads)) {
            NdBuffers.gemm(na, transA, nb, transB, nc);
        }
        NdBuffers.download(nc, c);
    }

    private INDArray buffer(String role, long r, long c) {
        String key = role + r + "x" + c;
        INDArray m = buffers.get(key);
        if (m == null) {
            m = NdBuffers.matrix(DataType.DOUBLE, r, c);
            buffers.put(key, m);
        }
        return m;
    }

    @Override
    public void close() {
        buffers.values().forEach(NdBuffers::release);
        buffers.clear();
    }
}
