package org.rnntk.kernels.ntk;

import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.kernels.KernelProfiler;

/**
 * Configuration of an {@link EmpiricalNtk}.
 *
 * @param implementation  the algorithm
 * @param blockBudgetBytes the most memory the kernel's blocks may hold at once: for
 *                         {@link NtkImplementation#JACOBIAN_CONTRACTION} the two Jacobian row blocks
 *                         (the panel and the streamed block); for
 *                         {@link NtkImplementation#PER_NEURON_FACTORIZED} the two Γ blocks and the
 *                         two tiles. It must hold at least one row of each operand. The forward state
 *                         of a block and the output Gram itself come on top.
 * @param threads          threads for the elementwise recurrences (GEMM threads are OpenBLAS's own)
 * @param profiler         the listener for the phases of the kernel's calls ({@link KernelProfiler}
 *                         states its thread rule); {@link KernelProfiler#NONE}, the default, reads no
 *                         clock
 */
public record NtkOptions(NtkImplementation implementation, long blockBudgetBytes, int threads,
                         KernelProfiler profiler) {

    /** The default block budget, 256 MiB. */
    public static final long DEFAULT_BLOCK_BUDGET_BYTES = 256L << 20;

    public NtkOptions {
        Objects.requireNonNull(implementation, "implementation");
        if (blockBudgetBytes <= 0) {
            throw new IllegalArgumentException("block budget blockBudgetBytes (" + blockBudgetBytes
                    + ") must be > 0 bytes");
        }
        Checks.positive("threads", threads);
        Objects.requireNonNull(profiler, "profiler (use KernelProfiler.NONE for none)");
    }

    /** No profiler ({@link KernelProfiler#NONE}). */
    public NtkOptions(NtkImplementation implementation, long blockBudgetBytes, int threads) {
        this(implementation, blockBudgetBytes, threads, KernelProfiler.NONE);
    }

    /** Jacobian contraction, 256 MiB, one thread per available processor, no profiler. */
    public static NtkOptions defaults() {
        return new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, DEFAULT_BLOCK_BUDGET_BYTES,
                Runtime.getRuntime().availableProcessors());
    }

    /** The same options with another implementation. */
    public NtkOptions withImplementation(NtkImplementation newImplementation) {
        return new NtkOptions(newImplementation, blockBudgetBytes, threads, profiler);
    }

    /** The same options with another block budget. */
    public NtkOptions withBlockBudgetBytes(long bytes) {
        return new NtkOptions(implementation, bytes, threads, profiler);
    }

    /** The same options with another thread count. */
    public NtkOptions withThreads(int newThreads) {
        return new NtkOptions(implementation, blockBudgetBytes, newThreads, profiler);
    }

    /** The same options with another profiler ({@link KernelProfiler#NONE} for none). */
    public NtkOptions withProfiler(KernelProfiler newProfiler) {
        return new NtkOptions(implementation, blockBudgetBytes, threads, newProfiler);
    }
}
