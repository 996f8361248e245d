/**
 * Not API: the buffers of one problem size ({@code Workspace}), bulk copies and GEMMs into
 * preallocated ND4J arrays ({@code NdBuffers}), the float64/float32 recurrence loops
 * ({@code RecurrenceF64}, {@code RecurrenceF32}), the vectorizable tanh ({@code FastTanh}) and the
 * thread pool ({@code Parallel}). Signatures may change without notice.
 */
package org.rnntk.kernels.internal;
