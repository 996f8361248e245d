package org.rnntk.kernels.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Instances;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * Not a test: times the work the concurrency design adds to a forward+BPTT call (the backend's
 * lock, the OpenBLAS thread-count request, the GEMM extent checks) in one process, against the call
 * itself at the three benchmark sizes (docs/design/concurrency.md). Run from the repository root
 * after {@code mvn -B -o -q -DskipTests package} and {@code mvn -B -o -q -pl kernels test-compile}:
 * <pre>
 *   OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector \
 *       -cp kernels/target/test-classes:benchmarks/target/rnntk.jar org.rnntk.kernels.internal.ConcurrencyCost
 * </pre>
 */
public final class ConcurrencyCost {

    /** n, T, d, m: overhead-bound, mid, headline (benchmarks' Problems). */
    private static final int[][] SIZES = {{1, 1000, 16, 256}, {64, 64, 32, 256}, {256, 64, 32, 1024}};

    private ConcurrencyCost() {
    }

    private static double nanosPerOp(Runnable r, int n) {
        for (int i = 0; i < n; i++) {
            r.run();
        }
        double best = Double.MAX_VALUE;
        for (int k = 0; k < 7; k++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                r.run();
            }
            best = Math.min(best, (System.nanoTime() - t) / (double) n);
        }
        return best;
    }

    public static void main(String[] args) {
        ReentrantLock lock = new ReentrantLock();
        double lockAndRequest = nanosPerOp(() -> {
            lock.lock();
            try (BlasThreads.Scope s = BlasThreads.single()) {
                s.requested();
            } finally {
                lock.unlock();
            }
        }, 200_000);
        double checked;
        double direct;
        try (DoublePointer a = new DoublePointer(16); DoublePointer b = new DoublePointer(16);
             DoublePointer c = new DoublePointer(16)) {
            checked = nanosPerOp(() -> Blas.dgemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, 0.0, c, 0, 2), 200_000);
            direct = nanosPerOp(() -> openblas.cblas_dgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                    openblas.CblasNoTrans, 2, 2, 2, 1.0, a.position(0), 2, b.position(0), 2, 0.0, c.position(0), 2),
                    200_000);
        }
        double check = Math.max(0, checked - direct);
        System.out.printf(Locale.ROOT, "lock + BLAS-threads request/release: %.0f ns; 2x2 dgemm checked %.0f ns,"
                + " unchecked %.0f ns: checks %.0f ns per GEMM%n", lockAndRequest, checked, direct, check);
        for (int[] s : SIZES) {
            Tiling t = new Tiling(s[3], s[2], s[0], s[1]);
            long tiles = 0;
            for (int ch = 0; ch < t.chunks; ch++) {
                tiles += (long) t.blocks * ((t.chunkEnd(ch) - t.chunkStart(ch) + t.tileRows - 1) / t.tileRows);
            }
            long gemms = 4 * tiles;  // at most 3 forward GEMMs (two halves, a lone neuron) and 1 backward per tile
            Random rng = new Random(1);
            SequenceDataset data = Instances.data(rng, s[0], s[1], s[2]);
            DiagonalRnn model = Instances.model(rng, Activations.tanh(), s[3], s[2], 0.9);
            double[] gw = new double[s[3]];
            double[] gu = new double[s[3] * s[2]];
            int reps = s[0] * s[1] * s[3] > 1 << 22 ? 15 : 150;
            double[] ns = new double[reps];
            try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
                for (int i = 0; i < reps / 3; i++) {
                    backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gw, gu);
                }
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, gw, gu);
                    ns[i] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(ns);
            double added = lockAndRequest + gemms * check;
            System.out.printf(Locale.ROOT, "n=%d T=%d d=%d m=%d: <= %d GEMMs; call fastest %.3f ms, median %.3f ms;"
                    + " added <= %.1f us = %.3f %% of the fastest%n", s[0], s[1], s[2], s[3], gemms, ns[0] / 1e6,
                    ns[reps / 2] / 1e6, added / 1e3, 100 * added / ns[0]);
        }
    }
}
