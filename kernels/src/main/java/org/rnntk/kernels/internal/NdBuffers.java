package org.rnntk.kernels.internal;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java arrays and freshly allocated, C-ordered, zero-offset ND4J buffers, and
 * the one GEMM entry point. Bulk NIO copies run at memcpy speed; per-element DataBuffer access
 * would be ~100× slower. Not API.
 */
public final class NdBuffers {

    private NdBuffers() {
    }

    /**
     * Starts ND4J (idempotent; the first call takes a second or so): ND4J sets OpenBLAS's thread
     * count when it starts, which must happen before {@link BlasThreads#request} and not during it.
     */
    public static void started() {
        Nd4j.getBlasWrapper();
    }

    /** A new rows×cols C-order matrix. */
    public static INDArray matrix(DataType type, long rows, long cols) {
        return Nd4j.create(type, rows, cols);
    }

    /** Copies {@code src} into {@code dst} (dst modified, src not). */
    public static void upload(double[] src, INDArray dst) {
        dst.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().put(src, 0, src.length);
    }

    /** Copies {@code src} into {@code dst} (dst modified, src not). */
    public static void upload(float[] src, INDArray dst) {
        dst.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(src, 0, src.length);
    }

    /** Copies the first dst.length elements of {@code src} into {@code dst} (dst modified). */
    public static void download(INDArray src, double[] dst) {
        src.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().get(dst, 0, dst.length);
    }

    /** Copies the first dst.length elements of {@code src} into {@code dst} (dst modified). */
    public static void download(INDArray src, float[] dst) {
        src.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().get(dst, 0, dst.length);
    }

    /**
     * A native-order view of {@code array}'s (off-heap) storage, for absolute bulk get/put by row
     * segment from several threads: absolute bulk operations do not touch the position, and disjoint
     * segments never overlap. The view is only valid while {@code array} is open.
     */
    public static DoubleBuffer doubles(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    /** The float counterpart of {@link #doubles(INDArray)}. */
    public static FloatBuffer floats(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** C = op(A) op(B) into a preallocated C (modified); never allocates its result. */
    public static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
        Nd4j.gemm(a, b, c, transA, transB, 1.0, 0.0);
    }

    /** Releases the native memory of {@code array} now rather than at garbage collection. */
    public static void release(INDArray array) {
        if (array != null && !array.wasClosed()) {
            array.close();
        }
    }
}
