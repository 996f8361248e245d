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
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.optim.ProjectedGradientDescent;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * The backend's hot paths at the three report sizes (docs/benchmarks.md): the forward pass,
 * forward + BPTT of the loss, and one PGD iteration (gradient + projected update, and the same
 * through {@link Training#run} with τ = 1, which adds one loss evaluation).
 *
 * <p>Run with the library's recommended native threading:
 * {@code OMP_NUM_THREADS=1 java -cp benchmarks/target/rnntk.jar org.openjdk.jmh.Main BackendBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-modules=jdk.incubator.vector"})
public class BackendBenchmark {

    /** nxTxdxm: the headline, a mid size and the overhead-bound size. */
    @Param({Problems.HEADLINE, Problems.MID, Problems.OVERHEAD})
    public String size;

    @Param({"FLOAT64", "FLOAT32"})
    public Precision precision;

    /** Threads of the elementwise phases. */
    @Param({"2"})
    public int threads;

    private Nd4jBackend backend;
    private SequenceDataset data;
    private DiagonalRnn model;
    private double[] gradW;
    private double[] gradU;
    private double[] w0;
    private double[] u0;
    private ProjectedGradientDescent pgd;
    private int inputDim;

    @Setup(Level.Trial)
    public void setUp() {
        Problems.Size s = Problems.Size.parse(size);
        data = Problems.data(s, 1);
        model = Problems.model(s, 2);
        backend = Nd4jBackend.create(precision, threads);
        gradW = new double[s.m()];
        gradU = new double[s.m() * s.d()];
        w0 = model.w();
        u0 = model.u();
        pgd = Optimizers.projected(0.1, 1, 1);
        inputDim = s.d();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public double[] forward() {
        return backend.outputs(model, data);
    }

    @Benchmark
    public double lossAndGradient() {
        return backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gradW, gradU);
    }

    /** One PGD iteration from Θ(0): the parameters are copied first, so no state carries over. */
    @Benchmark
    public double[] pgdIteration() {
        double[] w = w0.clone();
        double[] u = u0.clone();
        backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gradW, gradU);
        pgd.updateInPlace(w, u, gradW, gradU, w0, u0, inputDim);
        return u;
    }

    /** {@code Training.run} with τ = 1: one gradient, one update, one loss at Θ(1), the history. */
    @Benchmark
    public TrainingHistory trainingOneStep() {
        return Training.run(backend, model, data, Loss.ALL_STEPS, pgd, 1);
    }
}
