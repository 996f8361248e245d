package org.rnntk.kernels.ntk;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * Not a test (no timing in unit tests): a wall-clock report of the Gram at the headline size, run by
 * hand as documented in docs/ntk.md. Args: n T d m reps.
 */
public final class NtkTiming {

    private NtkTiming() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int d = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int m = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        SequenceDataset data = NtkInstances.data(new Random(1), n, steps, d, 1.0);
        DiagonalRnn model = Initializers.symmetric(0.9, RecurrentLaw.UNIFORM, 3).initialize(m, d, Activations.tanh());
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "n=%d T=%d d=%d m=%d p=%d, float64, %d threads, OMP_NUM_THREADS=%s, JDK %s%n", n,
                steps, d, m, (long) m * (d + 1), threads, System.getenv("OMP_NUM_THREADS"),
                System.getProperty("java.version"));
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, threads)) {
            time("forward outputs (Nd4jBackend, reference)", reps, () -> backend.outputs(model, data));
        }
        GramMatrix ref = null;
        for (long budget : new long[] {NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES, 16L << 20}) {
            try (EmpiricalNtk ntk = Ntk.empirical(new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, budget, threads))) {
                GramMatrix[] last = new GramMatrix[1];
                time("JACOBIAN_CONTRACTION last-step, budget " + (budget >> 20) + " MiB", reps,
                        () -> last[0] = ntk.gram(model, data, Loss.LAST_STEP));
                if (ref == null) {
                    ref = last[0];
                } else {
                    System.out.printf(Locale.ROOT, "  max rel. diff to unblocked: %.3g%n", NtkInstances.relativeError(last[0], ref));
                }
            }
        }
        try (EmpiricalNtk ntk = Ntk.empirical(new NtkOptions(NtkImplementation.PER_NEURON_FACTORIZED,
                NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES, threads))) {
            GramMatrix[] last = new GramMatrix[1];
            time("PER_NEURON_FACTORIZED last-step", 1, () -> last[0] = ntk.gram(model, data, Loss.LAST_STEP));
            System.out.printf(Locale.ROOT, "  max rel. diff to contraction: %.3g%n", NtkInstances.relativeError(last[0], ref));
        }
        GramMatrix g = ref;
        time("Spectrum (LAPACK) of the " + n + "x" + n + " Gram", reps, () -> Spectrum.of(g));
        System.out.println("  " + Spectrum.of(g));
    }

    private static void time(String what, int reps, Runnable r) {
        r.run(); // warm-up, also allocates the kernel's buffers
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "%-55s median %9.1f ms  (min %.1f, max %.1f, %d reps)%n", what, t[reps / 2], t[0],
                t[reps - 1], reps);
    }
}
