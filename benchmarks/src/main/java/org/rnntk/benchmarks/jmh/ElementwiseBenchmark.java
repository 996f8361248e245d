package org.rnntk.benchmarks.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rnntk.kernels.internal.FastTanh;
import org.rnntk.kernels.internal.VectorKernels;
import org.rnntk.kernels.internal.VectorRecurrenceF64;

/**
 * tanh throughput, ns per element, one thread: {@link Math#tanh}, the kernels' {@link FastTanh}
 * (auto-vectorized, and in the Vector API form of {@code VectorRecurrenceF64}) and ND4J's native
 * transform on a whole off-heap buffer. Run it with {@code OMP_NUM_THREADS=1} (and with 2 to see
 * ND4J's OpenMP threading).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ElementwiseBenchmark {

    private static final int LENGTH = 1 << 16;

    /** Standard deviation of the arguments. */
    @Param({"2.0"})
    public double spread;

    private double[] src;
    private double[] dst;
    private INDArray srcNd;
    private INDArray dstNd;

    @Setup(Level.Trial)
    public void setUp() {
        Random rng = new Random(1);
        src = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            src[i] = spread * rng.nextGaussian();
        }
        dst = new double[LENGTH];
        srcNd = Nd4j.create(src, new long[]{LENGTH}, DataType.DOUBLE);
        dstNd = Nd4j.create(DataType.DOUBLE, LENGTH);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        srcNd.close();
        dstNd.close();
    }

    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public double[] mathTanh() {
        for (int i = 0; i < LENGTH; i++) {
            dst[i] = Math.tanh(src[i]);
        }
        return dst;
    }

    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public double[] fastTanh() {
        FastTanh.tanh(src, dst, 0, LENGTH);
        return dst;
    }

    /** FastTanh in the Vector API form the kernels use when the JVM resolves jdk.incubator.vector. */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public double[] vectorApiTanh() {
        if (!VectorKernels.enabled()) {
            throw new IllegalStateException("Vector API kernels off: " + VectorKernels.status());
        }
        VectorRecurrenceF64.tanh(src, dst, 0, LENGTH);
        return dst;
    }

    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public INDArray nd4jTanh() {
        Nd4j.exec(new Tanh(srcNd, dstNd));
        return dstNd;
    }
}
