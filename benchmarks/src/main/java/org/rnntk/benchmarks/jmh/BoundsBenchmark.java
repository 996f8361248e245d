package org.rnntk.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnntk.bounds.Bounds;
import org.rnntk.bounds.PgdProblem;
import org.rnntk.bounds.WidthRequirement;
import org.rnntk.core.ActivationConstants;

/**
 * {@link Bounds#requiredWidth}: a bisection over m in log space, pure JDK arithmetic. The second
 * problem (α at the memory cutoff, long sequences) needs a width beyond 2^53 and exercises the
 * wide-range branches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BoundsBenchmark {

    /** alpha,T,n. */
    @Param({"0.5,10,100", "1.0,64,256"})
    public String problem;

    public double epsilon = 0.1;
    public double delta = 0.05;
    private PgdProblem pgdProblem;

    @Setup
    public void setUp() {
        String[] p = problem.split(",");
        pgdProblem = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(Double.parseDouble(p[0]))
                .timeSteps(Long.parseLong(p[1])).samples(Long.parseLong(p[2])).build();
    }

    @Benchmark
    public WidthRequirement requiredWidth() {
        return Bounds.requiredWidth(pgdProblem, epsilon, delta);
    }
}
