package org.rnntk.kernels.internal;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The float32 buffers of a {@link Workspace} that all its lanes share: off-heap X, the permuted Uᵀ and
 * the per-group ∂Uᵀ (each lane through views of its own, {@link Lane32}), and the heap copies that the
 * float32 path narrows the parameters into and adds the groups' ∂Uᵀ up from. Owned by the workspace,
 * which frees the native ones on close. Used under the workspace's thread rule. Not API.
 */
final class Buffers32 {

    /** X, (n·T)×d row-major, narrowed and uploaded once. */
    final FloatPointer x;
    /** Uᵀ with permuted columns, d×m row-major, uploaded per call ({@link #upload}); as {@link Buffers64#u}. */
    final FloatPointer u;
    /** (∂R̂/∂U)ᵀ per group and block: group g, block b is d×cols(b) at g·m·d + d·colStart(b). */
    final FloatPointer gradUT;
    /** Heap copy of gradUT, groups·m·d: the groups are added up in float64 on the heap. */
    final float[] gradUTHeap;
    /** The permuted Uᵀ (d×m), w and c (m each) of the current call, narrowed to float32. */
    final float[] uPerm;
    final float[] wPerm;
    final float[] cPerm;

    /**
     * @param inputs X, (n·T)×d row-major, float64 (not modified)
     * @param md     m·d, the elements of Uᵀ
     * @param groups the accumulator groups of ∂Uᵀ
     */
    Buffers32(double[] inputs, long xElems, long md, int m, int groups) {
        float[] xf = new float[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            xf[i] = (float) inputs[i];
        }
        long gmd = md * groups;
        x = new FloatPointer(xElems);
        x.put(xf, 0, xf.length);
        u = Workspace.zeroed(new FloatPointer(md));
        gradUT = Workspace.zeroed(new FloatPointer(gmd));
        gradUTHeap = new float[(int) gmd];
        uPerm = new float[(int) md];
        wPerm = new float[m];
        cPerm = new float[m];
    }

    /**
     * Narrows the call's permuted parameters (float64, not modified) into {@link #uPerm}, {@link #wPerm}
     * and {@link #cPerm}, and uploads Uᵀ.
     */
    void upload(double[] uPerm64, double[] wPerm64, double[] cPerm64) {
        narrowInto(uPerm64, uPerm);
        Blas.checkRange("U", u, 0, uPerm.length);
        u.position(0).put(uPerm, 0, uPerm.length);
        narrowInto(wPerm64, wPerm);
        narrowInto(cPerm64, cPerm);
    }

    private static void narrowInto(double[] v, float[] out) {
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
    }

    void close() {
        Workspace.close(x);
        Workspace.close(u);
        Workspace.close(gradUT);
    }
}
