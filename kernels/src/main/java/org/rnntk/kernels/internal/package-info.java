/**
 * Not API: how forward+BPTT is cut into cache-sized tiles ({@code Tiling}) and run over them
 * ({@code ChunkedPass}), the buffers of one problem size ({@code Workspace} per call, {@code Buffers64}
 * or {@code Buffers32} shared by the threads, {@code Lane64} or {@code Lane32} per thread), direct
 * OpenBLAS GEMMs on tile pointers ({@code Blas}), the float64/float32 tile loops ({@code RecurrenceF64},
 * {@code RecurrenceF32}, each tile handed a {@code TileCursor}) and the list of their paths
 * ({@code KernelPath}), the vectorizable tanh ({@code FastTanh}), bulk copies and GEMMs into
 * preallocated ND4J arrays for the NTK and feedforward code ({@code NdBuffers}), a kernel object's
 * profiler as its loops see it ({@code PhaseTimer}) and the thread pool ({@code Parallel}). Signatures
 * may change without notice.
 */
package org.rnntk.kernels.internal;
