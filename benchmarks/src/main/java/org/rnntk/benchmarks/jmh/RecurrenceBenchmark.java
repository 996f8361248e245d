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

/**
 * The forward recurrence alone over a precomputed Z, three ways (see {@link RecurrenceVariants}):
 * the measurement behind the kernels' choice of plain Java loops (docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-modules=jdk.incubator.vector"})
public class RecurrenceBenchmark {

    @Param({Problems.MID, Problems.OVERHEAD})
    public String size;

    @Param({"2"})
    public int threads;

    private RecurrenceVariants variants;

    @Setup(Level.Trial)
    public void setUp() {
        variants = new RecurrenceVariants(Problems.Size.parse(size), threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        variants.close();
    }

    @Benchmark
    public double javaMathTanh() {
        return variants.javaMathTanh();
    }

    @Benchmark
    public double javaFastTanh() {
        return variants.javaFastTanh();
    }

    @Benchmark
    public double javaFastTanhRowOffset() {
        return variants.javaFastTanhRowOffset();
    }

    @Benchmark
    public double nd4jPerStep() {
        return variants.nd4jPerStep();
    }
}
