package org.rnntk.kernels.ntk;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.rnntk.core.Loss;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/**
 * Hand-run measurement (not a test): a Gram streamed to a memory-mapped .npy file with
 * {@link StreamedGram}, with its wall time, peak heap and peak resident set. docs/ntk.md quotes it.
 * <pre>
 *   java -Xmx4g ... org.rnntk.kernels.ntk.LargeGramRun n T d m last|all blockSequences budgetMiB out.npy [check]
 * </pre>
 */
public final class LargeGramRun {

    private LargeGramRun() {
    }

    /** max |file − in-memory| / max|in-memory| over the entries of 12 random sequences (all their outputs). */
    private static double spotCheck(Path file, SequenceDataset data, DiagonalRnn model, Loss mode, long size)
            throws java.io.IOException {
        Random rng = new Random(5);
        int count = 12;
        int steps = data.timeSteps();
        int d = data.inputDim();
        int[] seqs = rng.ints(0, data.size()).distinct().limit(count).toArray();
        double[] x = new double[count * steps * d];
        double[] all = data.inputs();
        for (int i = 0; i < count; i++) {
            System.arraycopy(all, seqs[i] * steps * d, x, i * steps * d, steps * d);
        }
        SequenceDataset subset = new SequenceDataset(count, steps, d, x, new double[count * steps]);
        GramMatrix k = Ntk.gram(model, subset, mode);
        int per = (int) mode.outputCount(1, steps);
        double err = 0;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            long offset = 10 + (head.getShort(8) & 0xffff);
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int a = 0; a < k.rows(); a++) {
                for (int b = 0; b < k.cols(); b++) {
                    long row = (long) seqs[a / per] * per + a % per;
                    long col = (long) seqs[b / per] * per + b % per;
                    one.clear();
                    ch.read(one, offset + (row * size + col) * 8);
                    err = Math.max(err, Math.abs(one.getDouble(0) - k.get(a, b)));
                }
            }
        }
        return err / k.maxAbs();
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        int d = Integer.parseInt(args[2]);
        int m = Integer.parseInt(args[3]);
        Loss mode = args[4].startsWith("last") ? Loss.LAST_STEP : Loss.ALL_STEPS;
        int block = Integer.parseInt(args[5]);
        long budget = Long.parseLong(args[6]) << 20;
        Path out = Path.of(args[7]);
        SequenceDataset data = NtkInstances.data(new Random(2024), n, steps, d, 1.0);
        DiagonalRnn model = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 7).initialize(m, d, Activations.tanh());
        System.out.printf(Locale.ROOT, "n=%d T=%d d=%d m=%d %s block=%d budget=%d MiB, max heap %d MiB, %d threads%n",
                n, steps, d, m, mode, block, budget >> 20, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        if (args.length > 8 && args[8].equals("check")) {
            long size = mode.outputCount(n, steps);
            System.out.printf(Locale.ROOT, "spot check of the existing %s: max rel. error %.3g%n", out,
                    spotCheck(out, data, model, mode, size));
            return;
        }
        long t0 = System.nanoTime();
        StreamedGram g;
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withBlockBudgetBytes(budget))) {
            g = StreamedGram.write(ntk, model, data, mode, block, out);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: ?");
        System.out.printf(Locale.ROOT, "spot check against an in-memory Gram of 12 random sequences: max rel. error %.3g%n",
                spotCheck(out, data, model, mode, g.size()));
        System.out.printf(Locale.ROOT, "%s: N=%d, %d tiles, %.1f s, file %.2f GiB, peak heap (sum of pool peaks) %.0f MiB,"
                + " %s%n", out, g.size(), g.tiles(), seconds, Files.size(out) / (double) (1L << 30),
                heapPeak / (double) (1 << 20), hwm.replaceAll("\\s+", " "));
    }
}
