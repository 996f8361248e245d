/**
 * Implementations of {@link org.rnntk.kernels.KernelProfiler}, the per-object listener for the
 * phases of the kernel calls: {@link org.rnntk.kernels.profiling.PhaseTotals} adds them up per
 * phase (docs/design/profiling.md).
 */
package org.rnntk.kernels.profiling;
