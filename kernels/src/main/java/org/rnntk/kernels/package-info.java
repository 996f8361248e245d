/**
 * ND4J implementations: {@link org.rnntk.kernels.Nd4jBackend} (forward pass, backprop through
 * time, forward-mode sensitivities; docs/theory.md §1–§4) and its {@link org.rnntk.kernels.Precision};
 * {@link org.rnntk.kernels.KernelProfiler}, the listener a kernel object reports its phases to.
 * Subpackages: {@code ntk} (the empirical NTK, §5), {@code data} (synthetic tasks and teachers, §8),
 * {@code profiling} (profilers), {@code internal} (buffers and loops, not API).
 */
package org.rnntk.kernels;
