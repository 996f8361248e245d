package org.rnntk.kernels.internal;

import org.bytedeco.javacpp.DoublePointer;

/**
 * The float64 off-heap buffers of a {@link Workspace} that all its lanes share, each lane through
 * views of its own ({@link Lane64}): X, the permuted Uᵀ and the per-group ∂Uᵀ. Owned by the workspace,
 * which frees them on close. Used under the workspace's thread rule. Not API.
 */
final class Buffers64 {

    /** X, (n·T)×d row-major, uploaded once. */
    final DoublePointer x;
    /**
     * Uᵀ with permuted columns, d×m row-major, uploaded per call ({@link #uploadU}): the forward GEMM
     * takes it untransposed, which OpenBLAS packs faster than U transposed (docs/design/tiles.md).
     */
    final DoublePointer u;
    /** (∂R̂/∂U)ᵀ per group and block: group g, block b is d×cols(b) at g·m·d + d·colStart(b). */
    final DoublePointer gradUT;

    /**
     * @param inputs X, (n·T)×d row-major (not modified)
     * @param md     m·d, the elements of Uᵀ
     * @param groups the accumulator groups of ∂Uᵀ
     */
    Buffers64(double[] inputs, long xElems, long md, int groups) {
        x = new DoublePointer(xElems);
        x.put(inputs, 0, (int) xElems);
        u = Workspace.zeroed(new DoublePointer(md));
        gradUT = Workspace.zeroed(new DoublePointer(md * groups));
    }

    /** Uploads the permuted Uᵀ (d×m row-major; not modified). */
    void uploadU(double[] uPerm) {
        Blas.checkRange("U", u, 0, uPerm.length);
        u.position(0).put(uPerm, 0, uPerm.length);
    }

    void close() {
        Workspace.close(x);
        Workspace.close(u);
        Workspace.close(gradUT);
    }
}
