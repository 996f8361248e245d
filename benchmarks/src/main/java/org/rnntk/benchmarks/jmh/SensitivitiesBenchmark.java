package org.rnntk.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * The forward-mode sensitivities a, b (docs/theory.md §4). The result holds n·T·m·(d + 1) numbers,
 * so the headline size (4.5e8 doubles, beyond a Java array) is not in the grid; the sizes here
 * allocate 34 MB and 277 MB per call, and that allocation is part of what is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-modules=jdk.incubator.vector"})
public class SensitivitiesBenchmark {

    @Param({Problems.OVERHEAD, Problems.MID})
    public String size;

    @Param({"2"})
    public int threads;

    private Nd4jBackend backend;
    private SequenceDataset data;
    private DiagonalRnn model;

    @Setup(Level.Trial)
    public void setUp() {
        Problems.Size s = Problems.Size.parse(size);
        data = Problems.data(s, 1);
        model = Problems.model(s, 2);
        backend = Nd4jBackend.create(Precision.FLOAT64, threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public Sensitivities sensitivities() {
        return backend.sensitivities(model, data);
    }
}
