package org.rnntk.benchmarks.jmh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.optim.ProjectedGradientDescent;
import org.rnntk.kernels.KernelProfiler.Phase;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.dense.Nd4jDenseBackend;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.kernels.profiling.PhaseTotals;
import org.rnntk.kernels.internal.FastTanh;
import org.rnntk.kernels.internal.NdBuffers;
import org.rnntk.kernels.internal.Parallel;
import org.rnntk.kernels.internal.VectorKernels;
import org.rnntk.kernels.internal.VectorRecurrenceF64;

/**
 * The rnntk side of {@code benchmarks/scripts/compare.sh}: a plain timing harness (JMH is the tool
 * for single-implementation questions; this one runs alternated, process by process, with the
 * PyTorch peer). Every mode prints one JSON object per line on stdout.
 *
 * <pre>
 *   time    --op fwdbwd|forward|pgd --size n,T,d,m [--precision float64|float32] [--threads k]
 *           [--warmup w] [--reps r]          wall-clock seconds per call
 *   limits  [--threads k]                   DGEMM 1024³ GFLOP/s, DSYRK and DGEMM A·Aᵀ (A 1024×4096),
 *                                           tanh ns/element, copy GB/s
 *   profile --size n,T,d,m [--threads k] [--precision float64|float32] [--warmup w] [--reps r]  thread-seconds per phase of forward+BPTT, wall total
 *   memory  --size n,T,d,m [--iterations k] heap/off-heap after forward+BPTT and along k PGD steps
 *   recurrence --size n,T,d,m [--threads k] forward recurrence: Java loop (Math.tanh, FastTanh)
 *                                           against ND4J ops per time step
 *   time --op gram|gram-all --size n,T,d,m  last-step (n×n) or all-steps (nT×nT) NTK Gram (float64,
 *                                           JACOBIAN_CONTRACTION)
 *   check   [--size n,T,d,m]                a small problem and rnntk's outputs, loss, gradients and
 *                                           Grams (diagonal and dense models), for the peers' self-tests
 *   gram-profile --size n,T,d,m [--reps r]  the same split into phases (Jacobian vs contraction)
 * </pre>
 */
public final class PeerTiming {

    private PeerTiming() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: PeerTiming time|limits|profile|memory|recurrence [options]");
        }
        Map<String, String> opt = options(args);
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        switch (args[0]) {
            case "time" -> time(opt, threads);
            case "limits" -> limits(threads);
            case "profile" -> profile(Problems.Size.parse(opt.get("size")), threads,
                    Integer.parseInt(opt.getOrDefault("warmup", "20")), Integer.parseInt(opt.getOrDefault("reps", "7")),
                    precision(opt));
            case "memory" -> memory(Problems.Size.parse(opt.get("size")), threads,
                    Integer.parseInt(opt.getOrDefault("iterations", "1000")));
            case "gram-profile" -> gramProfile(Problems.Size.parse(opt.get("size")), threads,
                    Integer.parseInt(opt.getOrDefault("reps", "5")));
            case "check" -> check(Problems.Size.parse(opt.getOrDefault("size", "3,5,4,6")), threads);
            case "recurrence" -> recurrence(Problems.Size.parse(opt.get("size")), threads,
                    Integer.parseInt(opt.getOrDefault("reps", "5")));
            default -> throw new IllegalArgumentException("unknown mode '" + args[0] + "'");
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        return opt;
    }

    // --- time ---------------------------------------------------------------------------------

    private static void time(Map<String, String> opt, int threads) {
        String op = opt.getOrDefault("op", "fwdbwd");
        Problems.Size size = Problems.Size.parse(opt.getOrDefault("size", Problems.HEADLINE));
        Precision precision = precision(opt);
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3"));
        int reps = Integer.parseInt(opt.getOrDefault("reps", "5"));
        if (op.equals("gram") || op.equals("gram-all")) {
            gram(size, threads, warmup, reps, op.equals("gram") ? Loss.LAST_STEP : Loss.ALL_STEPS);
            return;
        }
        SequenceDataset data = Problems.data(size, 1);
        DiagonalRnn model = Problems.model(size, 2);
        double[] gradW = new double[size.m()];
        double[] gradU = new double[size.m() * size.d()];
        ProjectedGradientDescent pgd = Optimizers.projected(0.1, 1, 1);
        double[] w0 = model.w();
        double[] u0 = model.u();
        double[] times = new double[reps];
        double sink = 0;
        try (Nd4jBackend backend = Nd4jBackend.create(precision, threads)) {
            double[] warm = {0};
            warmUp(warmup, () -> {
                warm[0] += backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gradW, gradU);
                if (op.equals("forward")) {
                    warm[0] += backend.outputs(model, data)[0];
                }
            });
            sink += warm[0];
            for (int k = 0; k < reps; k++) {
                long t0 = System.nanoTime();
                switch (op) {
                    case "forward" -> sink += backend.outputs(model, data)[0];
                    case "fwdbwd" -> sink += backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gradW, gradU);
                    case "pgd" -> {
                        double[] w = w0.clone();
                        double[] u = u0.clone();
                        sink += backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gradW, gradU);
                        pgd.updateInPlace(w, u, gradW, gradU, w0, u0, size.d());
                        sink += w[0];
                    }
                    default -> throw new IllegalArgumentException("unknown op '" + op + "'");
                }
                times[k] = (System.nanoTime() - t0) * 1e-9;
            }
        }
        System.out.println(json("impl", "rnntk", "op", op, "size", size.n() + "," + size.steps() + "," + size.d()
                + "," + size.m(), "dtype", precision == Precision.FLOAT64 ? "float64" : "float32", "threads",
                threads, "vector_api", VectorKernels.status(), "times_s", times, "sink", sink));
    }

    // --- physical limits ------------------------------------------------------------------------

    private static void limits(int threads) throws Exception {
        int n = 1024;
        double gflops64 = gemmRate(DataType.DOUBLE, n);
        double gflops32 = gemmRate(DataType.FLOAT, n);
        double[] contraction = contractionRates(n, 4 * n);
        int len = 1 << 20;
        double[] src = new double[len];
        Random rng = new Random(3);
        for (int i = 0; i < len; i++) {
            src[i] = 2 * rng.nextGaussian();
        }
        double[] dst = new double[len];
        double fast1 = elementRate(len, 1, (from, to) -> FastTanh.tanh(src, dst, from, to));
        double fastT = elementRate(len, threads, (from, to) -> FastTanh.tanh(src, dst, from, to));
        // The same loop on rows of 128, the length of a block half in the kernels' tiles.
        double fastRows = elementRate(len, 1, (from, to) -> {
            for (int r = from; r < to; r += 128) {
                FastTanh.tanh(src, dst, r, Math.min(to, r + 128));
            }
        });
        // FastTanh's loop in the Vector API form the kernels use when the JVM allows it (VectorKernels):
        // the limit takes the faster of the two.
        boolean vector = VectorKernels.enabled();
        double vec1 = vector ? elementRate(len, 1, (from, to) -> VectorRecurrenceF64.tanh(src, dst, from, to)) : -1;
        double vecT = vector ? elementRate(len, threads, (from, to) -> VectorRecurrenceF64.tanh(src, dst, from, to))
                : -1;
        double mathT = elementRate(len, threads, (from, to) -> {
            for (int i = from; i < to; i++) {
                dst[i] = Math.tanh(src[i]);
            }
        });
        INDArray buf = Nd4j.create(src, new long[]{len}, DataType.DOUBLE);
        INDArray out = Nd4j.create(DataType.DOUBLE, len);
        double nd4j = median(reps(9, () -> Nd4j.exec(new Tanh(buf, out)))) / len * 1e9;
        double[] big = new double[1 << 24];
        double[] big2 = new double[1 << 24];
        Arrays.fill(big, 1.0);
        Arrays.fill(big2, 1.0);
        double copy = median(reps(9, () -> System.arraycopy(big, 0, big2, 0, big.length)));
        System.out.println(json("mode", "limits", "threads", threads, "omp_num_threads",
                String.valueOf(System.getenv("OMP_NUM_THREADS")), "openblas_coretype",
                String.valueOf(System.getenv("OPENBLAS_CORETYPE")), "dgemm_gflops", gflops64, "sgemm_gflops", gflops32,
                "dsyrk_gflops", contraction[0], "dgemm_aat_gflops", contraction[1],
                "fast_tanh_ns_1thread", fast1, "fast_tanh_ns_rows128_1thread", fastRows, "fast_tanh_ns", fastT,
                "vector_api", VectorKernels.status(), "vector_tanh_ns_1thread", vec1, "vector_tanh_ns", vecT,
                "math_tanh_ns", mathT,
                "nd4j_tanh_ns", nd4j, "copy_gbs", 2.0 * 8 * big.length / copy / 1e9));
    }

    private static double gemmRate(DataType type, int n) {
        INDArray a = Nd4j.rand(type, n, n);
        INDArray b = Nd4j.rand(type, n, n);
        INDArray c = Nd4j.create(type, n, n);
        double t = median(reps(9, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0)));
        return 2.0 * n * n * n / t / 1e9;
    }

    /**
     * The Gram's contraction C = A Aᵀ for A of n×k, float64, row-major, preallocated: DSYRK (upper
     * triangle, counted as n(n+1)k flops, the useful work) and DGEMM of A by Aᵀ (2n²k flops), in GFLOP/s.
     */
    private static double[] contractionRates(int n, int k) {
        double[] values = new double[n * k];
        Random rng = new Random(5);
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextGaussian();
        }
        try (DoublePointer a = new DoublePointer(values); DoublePointer c = new DoublePointer((long) n * n)) {
            c.zero();
            double syrk = median(reps(7, () -> openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper,
                    openblas.CblasNoTrans, n, k, 1.0, a.position(0), k, 0.0, c.position(0), n)));
            double gemm = median(reps(7, () -> openblas.cblas_dgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                    openblas.CblasTrans, n, n, k, 1.0, a.position(0), k, a.position(0), k, 0.0, c.position(0), n)));
            return new double[]{(double) n * (n + 1) * k / syrk / 1e9, 2.0 * n * n * k / gemm / 1e9};
        }
    }

    @FunctionalInterface
    private interface Range {
        void run(int from, int to);
    }

    /** ns per element of {@code body} over [0, len) split over {@code threads}. */
    private static double elementRate(int len, int threads, Range body) {
        try (Parallel p = new Parallel(threads)) {
            int chunks = p.chunks(len, len, 1024);
            return median(reps(15, () -> p.forRange(len, chunks, (c, from, to) -> body.run(from, to)))) / len * 1e9;
        }
    }

    private static double[] reps(int count, Runnable body) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < warmEnd; i++) {
            body.run();
        }
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        return t;
    }

    /**
     * Calls {@code call} at least {@code minCalls} times and for at least two seconds, then until the
     * JIT has compiled nothing for one second (at most 30 s in all): C2's last compilations on the
     * kernels' call path can come seconds in (measured at the overhead-bound size: 4.2 s, and the
     * Vector API rows 1.5× slower before them), and every variant is timed in its steady state.
     */
    static void warmUp(int minCalls, Runnable call) {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watch = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long lastCompile = start;
        long compiled = watch ? jit.getTotalCompilationTime() : 0;
        for (int k = 0; ; k++) {
            call.run();
            long now = System.nanoTime();
            if (watch && jit.getTotalCompilationTime() != compiled) {
                compiled = jit.getTotalCompilationTime();
                lastCompile = now;
            }
            boolean enough = k + 1 >= minCalls && now - start >= 2_000_000_000L;
            boolean quiet = !watch || now - lastCompile >= 1_000_000_000L;
            if (enough && (quiet || now - start >= 30_000_000_000L)) {
                return;
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static Precision precision(Map<String, String> opt) {
        String value = opt.getOrDefault("precision", "float64");
        return switch (value) {
            case "float64" -> Precision.FLOAT64;
            case "float32" -> Precision.FLOAT32;
            default -> throw new IllegalArgumentException("--precision " + value + ": expected float64 or float32");
        };
    }

    // --- profile ----------------------------------------------------------------------------

    /** The phases of forward+BPTT, in the order of the {@code profile} mode's output (report.py reads it). */
    static final List<Phase> RNN_PHASES = List.of(Phase.SETUP, Phase.FORWARD_GEMM,
            Phase.FORWARD_RECURRENCE, Phase.OUTPUTS_AND_LOSS, Phase.BACKWARD_ADJOINT, Phase.BACKWARD_GEMM,
            Phase.WAIT, Phase.HANDOFF, Phase.GRADIENT_OUT);
    /** The phases of a Gram, in the order of the {@code gram-profile} mode's output (report.py reads it). */
    static final List<Phase> GRAM_PHASES = List.of(Phase.SETUP, Phase.PROJECTION, Phase.RECURRENCES,
            Phase.GAMMA_X, Phase.SENSITIVITIES, Phase.CONTRACTION, Phase.RESULT);

    /** A phase's name in the output, before its "_s": "forward_gemm". */
    static String name(Phase phase) {
        return phase.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The phases of Nd4jBackend.lossAndGradientInto (a {@link PhaseTotals} attached to the backend):
     * thread time of the tiled phases, wall time of the call.
     */
    private static void profile(Problems.Size size, int threads, int warmup, int reps, Precision precision) {
        SequenceDataset data = Problems.data(size, 1);
        DiagonalRnn model = Problems.model(size, 2);
        double[] gradW = new double[size.m()];
        double[] gradU = new double[size.m() * size.d()];
        Map<String, double[]> t = new java.util.LinkedHashMap<>();
        for (Phase phase : RNN_PHASES) {
            t.put(name(phase), new double[reps]);
        }
        t.put("total", new double[reps]);
        PhaseTotals totals = new PhaseTotals();
        try (Nd4jBackend backend = Nd4jBackend.create(precision, threads, totals)) {
            warmUp(warmup, () -> backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gradW, gradU));
            for (int k = 0; k < reps; k++) {
                totals.reset();
                long t0 = System.nanoTime();
                backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gradW, gradU);
                long t1 = System.nanoTime();
                for (Phase phase : RNN_PHASES) {
                    t.get(name(phase))[k] = totals.nanos(phase) * 1e-9;
                }
                t.get("total")[k] = (t1 - t0) * 1e-9;
            }
        }
        List<Object> kv = new ArrayList<>(List.of("mode", "profile", "size", size.toString(), "dtype",
                precision == Precision.FLOAT32 ? "float32" : "float64", "threads", threads, "vector_api",
                VectorKernels.status()));
        for (Map.Entry<String, double[]> e : t.entrySet()) {
            kv.add(e.getKey() + "_s");
            kv.add(median(e.getValue()));
        }
        System.out.println(json(kv.toArray()));
    }

    // --- memory -----------------------------------------------------------------------------

    private static void memory(Problems.Size size, int threads, int iterations) throws IOException {
        SequenceDataset data = Problems.data(size, 1);
        DiagonalRnn model = Problems.model(size, 2);
        double[] gradW = new double[size.m()];
        double[] gradU = new double[size.m() * size.d()];
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(b -> b.getType() == MemoryType.HEAP).toList();
        long heapBefore = retainedHeap();
        long offBefore = Pointer.totalBytes();  // the backend allocates its off-heap buffers through JavaCPP
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, threads)) {
            backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gradW, gradU);
            long peakHeap = heapPools.stream().mapToLong(b -> b.getPeakUsage().getUsed()).sum();
            long heapAfter = retainedHeap();
            long offAfter = Pointer.totalBytes();
            System.out.println(json("mode", "memory", "size", size.toString(), "phase", "fwdbwd",
                    "heap_retained_mb", (heapAfter - heapBefore) / 1e6, "heap_peak_pools_mb", peakHeap / 1e6,
                    "javacpp_tracked_mb", (offAfter - offBefore) / 1e6,
                    "heap_committed_mb", Runtime.getRuntime().totalMemory() / 1e6,
                    "nonheap_mb", ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed() / 1e6,
                    "rss_mb", rssMb("VmRSS"), "hwm_mb", rssMb("VmHWM")));
            ProjectedGradientDescent pgd = Optimizers.projected(0.5, 1, 1);
            int every = Math.max(1, iterations / 10);
            TrainingListener probe = new TrainingListener() {
                @Override
                public void onIteration(int k, int total, double loss) {
                    if (k % every == 0 || k == total) {
                        System.out.println(json("mode", "memory", "size", size.toString(), "phase", "pgd",
                                "iteration", k, "loss", loss, "heap_retained_mb", retainedHeap() / 1e6,
                                "heap_committed_mb", Runtime.getRuntime().totalMemory() / 1e6,
                                "rss_mb", rssMb("VmRSS")));
                    }
                }
            };
            long t0 = System.nanoTime();
            Training.run(backend, model, data, Loss.ALL_STEPS, pgd, iterations, probe);
            System.out.println(json("mode", "memory", "phase", "pgd-done", "seconds", (System.nanoTime() - t0) * 1e-9));
        }
    }

    private static long retainedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double rssMb(String key) {
        Path status = Path.of("/proc/self/status");
        List<String> lines;
        try {
            lines = Files.readAllLines(status);
        } catch (IOException e) {
            return Double.NaN;
        }
        for (String line : lines) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    // --- NTK Gram -------------------------------------------------------------------------------

    /** The last-step or all-steps Gram, float64, default block budget, as a user would call it. */
    private static void gram(Problems.Size size, int threads, int warmup, int reps, Loss mode) {
        SequenceDataset data = Problems.data(size, 1);
        DiagonalRnn model = Problems.model(size, 2);
        double[] times = new double[reps];
        double sink = 0;
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(threads))) {
            double[] warm = {0};
            warmUp(warmup, () -> warm[0] += ntk.gram(model, data, mode).get(0, 0));
            sink += warm[0];
            for (int k = 0; k < reps; k++) {
                long t0 = System.nanoTime();
                sink += ntk.gram(model, data, mode).get(0, 0);
                times[k] = (System.nanoTime() - t0) * 1e-9;
            }
        }
        System.out.println(json("impl", "rnntk", "op", mode == Loss.LAST_STEP ? "gram" : "gram-all", "size", size.n() + "," + size.steps() + "," + size.d()
                + "," + size.m(), "dtype", "float64", "threads", threads, "times_s", times, "sink", sink));
    }

    /**
     * The last-step Gram split into its phases (medians over reps calls): the Jacobian (projection
     * GEMM, fused forward/γ recursions, Γᵀ X GEMMs) and the contraction J Jᵀ.
     */
    private static void gramProfile(Problems.Size size, int threads, int reps) {
        SequenceDataset data = Problems.data(size, 1);
        DiagonalRnn model = Problems.model(size, 2);
        List<Phase> phases = GRAM_PHASES;
        double[][] t = new double[phases.size() + 1][reps];
        PhaseTotals totals = new PhaseTotals();
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(threads).withProfiler(totals))) {
            long warmEnd = System.nanoTime() + 2_000_000_000L;
            for (int k = -2; k < 0 || System.nanoTime() < warmEnd; k++) {
                ntk.gram(model, data, Loss.LAST_STEP);
            }
            for (int k = 0; k < reps; k++) {
                totals.reset();
                long t0 = System.nanoTime();
                ntk.gram(model, data, Loss.LAST_STEP);
                t[phases.size()][k] = (System.nanoTime() - t0) * 1e-9;
                for (int q = 0; q < phases.size(); q++) {
                    t[q][k] = totals.nanos(phases.get(q)) * 1e-9;
                }
            }
        }
        List<Object> kv = new ArrayList<>(List.of("mode", "gram-profile", "size", size.n() + "," + size.steps() + ","
                + size.d() + "," + size.m(), "threads", threads, "reps", reps));
        for (int q = 0; q < phases.size(); q++) {
            kv.add(name(phases.get(q)) + "_s");
            kv.add(median(t[q]));
        }
        kv.add("total_s");
        kv.add(median(t[phases.size()]));
        System.out.println(json(kv.toArray()));
    }

    // --- check -----------------------------------------------------------------------------------

    /**
     * One small problem of each model, its arrays and rnntk's results at full precision (round-trip
     * decimal), for the peers' self-tests ({@code peer_jax.py --self-test}): the diagonal network's
     * outputs, all-steps loss and gradients and both Grams; the dense network's outputs, loss and
     * gradients. Row-major: x (n, T, d), y (n, T), U (m, d), W (m, m), Grams (rows, cols).
     */
    private static void check(Problems.Size size, int threads) {
        SequenceDataset data = Problems.data(size, 1);
        DiagonalRnn model = Problems.model(size, 2);
        double[] gradW = new double[size.m()];
        double[] gradU = new double[size.m() * size.d()];
        StringJoiner out = new StringJoiner(", ", "{", "}");
        out.add("\"mode\": \"check\"");
        out.add("\"size\": \"" + size.n() + "," + size.steps() + "," + size.d() + "," + size.m() + "\"");
        exact(out, "x", data.inputs());
        exact(out, "y", data.targets());
        exact(out, "w", model.w());
        exact(out, "u", model.u());
        exact(out, "c", model.c());
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, threads);
             EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(threads))) {
            exact(out, "outputs", backend.outputs(model, data));
            exact(out, "loss", new double[]{backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gradW, gradU)});
            exact(out, "grad_w", gradW);
            exact(out, "grad_u", gradU);
            exact(out, "gram_last", ntk.gram(model, data, Loss.LAST_STEP).values());
            exact(out, "gram_all", ntk.gram(model, data, Loss.ALL_STEPS).values());
        }
        DenseRnn dense = DenseTiming.model(size);
        double[] denseGradW = new double[size.m() * size.m()];
        exact(out, "dense_w", dense.w());
        exact(out, "dense_u", dense.u());
        exact(out, "dense_c", dense.c());
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create(Precision.FLOAT64)) {
            exact(out, "dense_outputs", backend.outputs(dense, data));
            exact(out, "dense_loss", new double[]{backend.lossAndGradientInto(dense, data, Loss.ALL_STEPS, denseGradW,
                    gradU)});
            exact(out, "dense_grad_w", denseGradW);
            exact(out, "dense_grad_u", gradU);
        }
        System.out.println(out);
    }

    private static void exact(StringJoiner out, String key, double[] values) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (double v : values) {
            j.add(Double.toString(v));
        }
        out.add("\"" + key + "\": " + j);
    }

    // --- recurrence variants ----------------------------------------------------------------

    /** The forward recurrence alone, three ways: what the kernel choice rests on. */
    private static void recurrence(Problems.Size size, int threads, int reps) {
        RecurrenceVariants v = new RecurrenceVariants(size, threads);
        try {
            double javaMath = median(reps(reps, v::javaMathTanh));
            double javaFast = median(reps(reps, v::javaFastTanh));
            double javaRowOffset = median(reps(reps, v::javaFastTanhRowOffset));
            double nd4j = median(reps(reps, v::nd4jPerStep));
            System.out.println(json("mode", "recurrence", "size", size.toString(), "threads", threads,
                    "java_math_tanh_s", javaMath, "java_fast_tanh_s", javaFast,
                    "java_fast_tanh_row_offset_s", javaRowOffset, "nd4j_per_step_s", nd4j,
                    "cells", size.cells()));
        } finally {
            v.close();
        }
    }

    // --- JSON -------------------------------------------------------------------------------

    static String json(Object... kv) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < kv.length; i += 2) {
            j.add("\"" + kv[i] + "\": " + value(kv[i + 1]));
        }
        return j.toString();
    }

    private static String value(Object v) {
        if (v instanceof double[] a) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (double x : a) {
                j.add(value(x));
            }
            return j.toString();
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null";
        }
        if (v instanceof Number) {
            return v.toString();
        }
        return "\"" + v + "\"";
    }
}
