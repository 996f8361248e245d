package org.rnntk.benchmarks.jmh;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.dense.Nd4jDenseBackend;
import org.rnntk.kernels.internal.Blas;

/**
 * The dense network's forward+BPTT against its own GEMM-bound limit, side by side in one process
 * (docs/design/dense.md). The limit is measured, not assumed: the same sequence of GEMM calls with
 * the same shapes (the input projection, T forward steps, T−1 backward steps, ∂W and ∂U) on
 * preallocated buffers, without the elementwise work and transfers. Rounds alternate the two so
 * that a busy host slows both alike; the ratio of the medians is the figure to quote.
 *
 * <pre>
 *   DenseTiming [--size n,T,d,m]... [--precision float64|float32] [--rounds r] [--json]
 * </pre>
 * Prints one line per size: medians, min and max, flops and the ratio; with {@code --json}, two JSON
 * objects per size in the format of {@link PeerTiming} (impl {@code rnntk-dense} and
 * {@code dense-gemm-replay}), for {@code benchmarks/scripts/compare.sh}. OpenBLAS's threads are
 * {@code OMP_NUM_THREADS}'s, as the backend leaves them.
 */
public final class DenseTiming {

    private DenseTiming() {
    }

    public static void main(String[] args) {
        String[] sizes = {Problems.MID, Problems.HEADLINE};
        int rounds = 5;
        Precision precision = Precision.FLOAT64;
        boolean json = false;
        java.util.List<String> given = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> given.add(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--precision" -> precision = Precision.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--json" -> json = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --size n,T,d,m, --rounds r, --precision float64|float32 or --json");
            }
        }
        if (!given.isEmpty()) {
            sizes = given.toArray(new String[0]);
        }
        for (String text : sizes) {
            run(Problems.Size.parse(text), precision, rounds, json);
        }
    }

    /** The benchmark's dense network: mirrored orthogonal blocks of spectral radius 0.9, perturbed off Θ(0). */
    static DenseRnn model(Problems.Size s) {
        DenseRnn init = Initializers.mirroredDense(0.9, DenseLaw.ORTHOGONAL, 7).initialize(s.m(), s.d(),
                Activations.tanh());
        Random rng = new Random(8);
        double[] w = init.w();
        for (int i = 0; i < w.length; i++) {
            w[i] += 0.01 * rng.nextGaussian() / Math.sqrt(s.m());
        }
        return init.withParameters(w, init.u());
    }

    private static void run(Problems.Size s, Precision precision, int rounds, boolean json) {
        SequenceDataset data = Problems.data(s, 7);
        DenseRnn model = model(s);
        double[] gw = new double[s.m() * s.m()];
        double[] gu = new double[s.m() * s.d()];
        double[] full = new double[rounds];
        double[] limit = new double[rounds];
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create(precision);
             GemmReplay replay = new GemmReplay(s, precision == Precision.FLOAT64)) {
            // Both sides in their steady state (the JIT's last compilations on the call path come seconds in).
            PeerTiming.warmUp(2, () -> {
                backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gw, gu);
                replay.run();
            });
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gw, gu);
                long t1 = System.nanoTime();
                replay.run();
                long t2 = System.nanoTime();
                full[r] = (t1 - t0) * 1e-9;
                limit[r] = (t2 - t1) * 1e-9;
            }
        }
        double flops = GemmReplay.flops(s);
        if (json) {
            String size = s.n() + "," + s.steps() + "," + s.d() + "," + s.m();
            String dtype = precision == Precision.FLOAT64 ? "float64" : "float32";
            String threads = String.valueOf(System.getenv("OMP_NUM_THREADS"));
            System.out.println(PeerTiming.json("impl", "rnntk-dense", "op", "fwdbwd", "size", size, "dtype", dtype,
                    "omp_num_threads", threads, "times_s", full));
            System.out.println(PeerTiming.json("impl", "dense-gemm-replay", "op", "fwdbwd", "size", size, "dtype",
                    dtype, "omp_num_threads", threads, "gemm_flops", flops, "times_s", limit));
            return;
        }
        System.out.printf(Locale.ROOT, "size=%s precision=%s rounds=%d gemm_flops=%.4g | forward+BPTT median %.4g s "
                        + "(min %.4g, max %.4g) | GEMM replay median %.4g s (min %.4g, max %.4g, %.1f GFLOP/s) "
                        + "| ratio of medians %.3f%n",
                s, precision, rounds, flops, median(full), min(full), max(full), median(limit), min(limit), max(limit),
                flops / median(limit) * 1e-9, median(full) / median(limit));
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** The GEMM calls of one forward+BPTT, same shapes and leading dimensions, on zero-filled buffers. */
    private static final class GemmReplay implements AutoCloseable {
        private final Problems.Size s;
        private final boolean f64;
        private final int half;
        private final int ld;
        private final DoublePointer[] d = new DoublePointer[7];
        private final FloatPointer[] f = new FloatPointer[7];

        GemmReplay(Problems.Size s, boolean f64) {
            this.s = s;
            this.f64 = f64;
            this.half = s.m() / 2;
            this.ld = s.m() + half;
            long rows = (long) s.n() * s.steps();
            long[] lengths = {rows * s.d(), (long) s.m() * s.d(), (long) s.m() * s.m(), rows * s.m(),
                (long) (s.steps() + 1) * s.n() * ld, (long) s.n() * s.m(), (long) s.m() * s.m()};
            for (int i = 0; i < lengths.length; i++) {
                if (f64) {
                    d[i] = new DoublePointer(lengths[i]);
                    d[i].zero();
                } else {
                    f[i] = new FloatPointer(lengths[i]);
                    f[i].zero();
                }
            }
        }

        static double flops(Problems.Size s) {
            double n = s.n();
            double t = s.steps();
            double m = s.m();
            double dd = s.d();
            return 2 * n * t * m * dd                 // Z = X Uᵀ
                    + 2 * n * (t - 1) * m * m         // forward steps
                    + 2 * n * (t - 1) * m * m         // backward steps Δ W
                    + 2 * n * t * m * m               // ∂W
                    + 2 * n * t * m * dd;             // ∂U
        }

        void run() {
            int n = s.n();
            int steps = s.steps();
            int m = s.m();
            int dd = s.d();
            int rows = n * steps;
            gemm(false, true, rows, half, dd, 0, 0, dd, 1, 0, dd, 0.0, 3, 0, m);
            gemm(false, true, rows, half, dd, 0, 0, dd, 1, (long) half * dd, dd, 0.0, 3, half, m);
            for (int t = 1; t < steps; t++) {
                long hPrev = (long) t * n * ld;
                gemm(false, true, n, half, m, 4, hPrev, ld, 2, 0, m, 1.0, 3, (long) t * n * m, m);
                gemm(false, true, n, half, m, 4, hPrev + half, ld, 2, 0, m, 1.0, 3, (long) t * n * m + half, m);
            }
            for (int t = steps - 2; t >= 0; t--) {
                gemm(false, false, n, m, m, 3, (long) (t + 1) * n * m, m, 2, 0, m, 0.0, 5, 0, m);
            }
            gemm(true, false, m, m, rows, 3, 0, m, 4, 0, ld, 0.0, 6, 0, m);
            gemm(true, false, m, dd, rows, 3, 0, m, 0, 0, dd, 0.0, 1, 0, dd);
        }

        private void gemm(boolean ta, boolean tb, int mm, int nn, int kk, int a, long aOff, int lda, int b, long bOff,
                          int ldb, double beta, int c, long cOff, int ldc) {
            if (f64) {
                Blas.dgemm(ta, tb, mm, nn, kk, new DoublePointer(d[a]), aOff, lda, new DoublePointer(d[b]), bOff, ldb,
                        beta, new DoublePointer(d[c]), cOff, ldc);
            } else {
                Blas.sgemm(ta, tb, mm, nn, kk, new FloatPointer(f[a]), aOff, lda, new FloatPointer(f[b]), bOff, ldb,
                        (float) beta, new FloatPointer(f[c]), cOff, ldc);
            }
        }

        @Override
        public void close() {
            for (DoublePointer p : d) {
                if (p != null) {
                    p.close();
                }
            }
            for (FloatPointer p : f) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }
}
