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
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.core.Loss;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;

/**
 * The empirical NTK Gram of one data set, float64, {@code JACOBIAN_CONTRACTION} with the default
 * 256 MiB block budget (docs/ntk.md, docs/benchmarks.md):
 * <ul>
 *   <li>{@link #lastStep}: the n×n last-step Gram at the headline size (n = 256, T = 64, d = 32,
 *       m = 1024; J is 256 × 33 792) and the mid size;</li>
 *   <li>{@link #allSteps}: the nT×nT all-steps Gram at n = 32, T = 16, d = 32, m = 1024 (512×512,
 *       J = 138 MB, one block). At the headline size the all-steps Gram alone would be 16384² doubles
 *       = 2 GiB, so it is benchmarked smaller.</li>
 * </ul>
 * The kernel function is created once per trial (its buffers are reused between calls, as a user's
 * would be); each call returns a fresh {@link GramMatrix}.
 *
 * <p>{@code OMP_NUM_THREADS=1 java -cp benchmarks/target/rnntk.jar org.openjdk.jmh.Main NtkBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-modules=jdk.incubator.vector"})
public class NtkBenchmark {

    /** Shared set-up of both states. */
    abstract static class Base {
        EmpiricalNtk ntk;
        SequenceDataset data;
        DiagonalRnn model;

        void setUp(String size, int threads) {
            Problems.Size s = Problems.Size.parse(size);
            data = Problems.data(s, 1);
            model = Problems.model(s, 2);
            ntk = Ntk.empirical(NtkOptions.defaults().withThreads(threads));
        }

        void tearDown() {
            ntk.close();
        }
    }

    /** Last-step Gram sizes. */
    @State(Scope.Benchmark)
    public static class LastStep extends Base {
        /** nxTxdxm: the headline and the mid size. */
        @Param({Problems.HEADLINE, Problems.MID})
        public String size;

        /** Java threads of the kernel (OpenBLAS stays at OMP_NUM_THREADS). */
        @Param({"2"})
        public int threads;

        @Setup(Level.Trial)
        public void setUpTrial() {
            setUp(size, threads);
        }

        @TearDown(Level.Trial)
        public void tearDownTrial() {
            tearDown();
        }
    }

    /** All-steps Gram size: n = 32, T = 16 (nT = 512). */
    @State(Scope.Benchmark)
    public static class AllSteps extends Base {
        /** nxTxdxm, small enough for an nT×nT Gram. */
        @Param({"32x16x32x1024"})
        public String size;

        /** Java threads of the kernel. */
        @Param({"2"})
        public int threads;

        @Setup(Level.Trial)
        public void setUpTrial() {
            setUp(size, threads);
        }

        @TearDown(Level.Trial)
        public void tearDownTrial() {
            tearDown();
        }
    }

    @Benchmark
    public GramMatrix lastStep(LastStep s) {
        return s.ntk.gram(s.model, s.data, Loss.LAST_STEP);
    }

    @Benchmark
    public GramMatrix allSteps(AllSteps s) {
        return s.ntk.gram(s.model, s.data, Loss.ALL_STEPS);
    }
}
