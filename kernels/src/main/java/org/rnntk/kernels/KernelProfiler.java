package org.rnntk.kernels;

/**
 * A listener told how long each phase of a kernel call took: attached to one kernel object when it
 * is built ({@link Nd4jBackend#create(Precision, int, KernelProfiler)},
 * {@code NtkOptions.withProfiler}), it hears about that object's calls and no other's.
 * {@link org.rnntk.kernels.profiling.PhaseTotals} adds the spans up per phase.
 *
 * <p>Cost: with {@link #NONE}, the default, a kernel reads no clock; each timed span costs one
 * boolean test at phase granularity (a few per tile, never per element). With a profiler, each span
 * costs two {@link System#nanoTime()} calls and one {@link #record} (docs/design/profiling.md). The
 * kernels' arithmetic is the same either way: results are bit-identical with and without a profiler.
 *
 * <p>Thread rule: {@link #record} is called by the threads of the call that uses the profiler: the
 * caller's thread and the kernel object's worker threads, several at once (the tiled phases run on
 * all of them). A profiler attached to several objects also hears their calls at the same time. An
 * implementation must therefore be safe for concurrent calls, cheap, and must not block; an
 * exception it throws ends the kernel call with that exception.
 */
@FunctionalInterface
public interface KernelProfiler {

    /** Records nothing; a kernel given this profiler reads no clock. The default everywhere. */
    KernelProfiler NONE = NoProfiler.INSTANCE;

    /**
     * The phases of the kernel calls. {@link #SETUP} is shared by both families; the others belong to
     * one: forward+BPTT and the other calls of {@link Nd4jBackend} (SETUP to GRADIENT_OUT), or an
     * empirical NTK Gram of {@code org.rnntk.kernels.ntk} (SETUP, then PROJECTION to RESULT). Phases
     * marked "thread time" run on several threads at once: their spans add up thread time, not wall
     * time.
     */
    enum Phase {
        /**
         * Argument checks and the parameters' copies and uploads (caller's thread); for a Gram also
         * the inputs' copy and upload and the output array.
         */
        SETUP,
        /** Nd4jBackend: Z = X Uᵀ, one GEMM per tile (thread time). */
        FORWARD_GEMM,
        /** Nd4jBackend: the recurrence with the fused output partial sums (thread time). */
        FORWARD_RECURRENCE,
        /** Nd4jBackend: F from the block partials, the loss and its adjoint e, chunk by chunk (thread time). */
        OUTPUTS_AND_LOSS,
        /** Nd4jBackend: the adjoint recursion and ∂R̂/∂w (thread time). */
        BACKWARD_ADJOINT,
        /** Nd4jBackend: (∂R̂/∂U)ᵀ += Xᵀ Δ, one GEMM per tile (thread time). */
        BACKWARD_GEMM,
        /**
         * Nd4jBackend: threads done with their share, waiting for the others at the end of a
         * parallel range (thread time).
         */
        WAIT,
        /**
         * Nd4jBackend: the pool's threads, from the start of a parallel range to their first
         * instruction in it (thread time).
         */
        HANDOFF,
        /** Nd4jBackend: adding up the per-group gradients and un-permuting them (caller's thread). */
        GRADIENT_OUT,
        /** Gram, last step, Jacobian contraction: Z = X Uᵀ (GEMMs in row blocks over the threads). */
        PROJECTION,
        /**
         * Gram, last step, Jacobian contraction: the forward states and the γ backward recursion,
         * fused per sequence and neuron block.
         */
        RECURRENCES,
        /** Gram, last step, Jacobian contraction: ∂F/∂U = Γᵀ X per sequence (GEMMs over the threads). */
        GAMMA_X,
        /** Gram, all steps, Jacobian contraction: the sensitivities (forward-mode Jacobian rows). */
        SENSITIVITIES,
        /** Gram, Jacobian contraction: K = J Jᵀ over the upper triangle of tiles, and the write-back. */
        CONTRACTION,
        /** Gram: the {@code GramMatrix} record (its validation and defensive copy). */
        RESULT
    }

    /**
     * One timed span of {@code phase}. A phase is usually reported several times per call (per
     * tile, per chunk, per thread); implementations add the spans up.
     *
     * @param phase the phase, not null
     * @param nanos the span's length, a difference of two {@link System#nanoTime()} readings
     */
    void record(Phase phase, long nanos);
}
