package org.rnntk.kernels.ntk;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/**
 * Hand-run measurement (not a test): a Gram streamed to a memory-mapped .npy file with
 * {@link StreamedGram}, with its wall time, peak heap and peak resident set. docs/ntk.md quotes it.
 * <pre>
 *   java -Xmx4g ... org.rnntk.kernels.ntk.LargeGramRun n T d m last|all blockSequences budgetMiB out.npy
 * </pre>
 */
public final class LargeGramRun {

    private LargeGramRun() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        int d = Integer.parseInt(args[2]);
        int m = Integer.parseInt(args[3]);
        GramMode mode = args[4].startsWith("last") ? GramMode.LAST_STEP : GramMode.ALL_STEPS;
        int block = Integer.parseInt(args[5]);
        long budget = Long.parseLong(args[6]) << 20;
        Path out = Path.of(args[7]);
        SequenceDataset data = NtkInstances.data(new Random(2024), n, steps, d, 1.0);
        DiagonalRnn model = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 7).initialize(m, d, Activations.tanh());
        System.out.printf(Locale.ROOT, "n=%d T=%d d=%d m=%d %s block=%d budget=%d MiB, max heap %d MiB, %d threads%n",
                n, steps, d, m, mode, block, budget >> 20, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
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
        System.out.printf(Locale.ROOT, "%s: N=%d, %d tiles, %.1f s, file %.2f GiB, peak heap (sum of pool peaks) %.0f MiB,"
                + " %s%n", out, g.size(), g.tiles(), seconds, Files.size(out) / (double) (1L << 30),
                heapPeak / (double) (1 << 20), hwm.replaceAll("\\s+", " "));
    }
}
