/**
 * The dense ("non-diagonal") recurrent network's kernels (docs/theory.md §11): the OpenBLAS backend
 * {@link org.rnntk.kernels.dense.Nd4jDenseBackend} (outputs, loss, exact BPTT, float64 and float32,
 * one GEMM per step forward and backward), the empirical NTK {@link org.rnntk.kernels.dense.DenseNtk}
 * (last-step, all-steps and cross Grams) and the kernel-regime diagnostics
 * {@link org.rnntk.kernels.dense.DenseKernelRegimeMonitor}. The model, its mirrored initialization and
 * the model-generic training loop are in {@code org.rnntk.core}. Buffers are internal to this
 * package; every public object states its thread rule.
 */
package org.rnntk.kernels.dense;
