package org.rnntk.kernels.internal;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One lane's float32 buffers ({@link Workspace.Lane}): its tile, its views on the shared buffers
 * ({@link Buffers32}), the rows of H and the cursor {@link RecurrenceF32} reads them through. The same
 * thread rule as {@link Lane64}. Not API.
 */
final class Lane32 {

    /** The tile, tileRows × maxCols row-major, off-heap: Z on the way forward, Δ on the way back. */
    final FloatPointer tile;
    /** This lane's view on the shared X, positioned by {@link Blas}. */
    final FloatPointer x;
    /** This lane's view on the shared Uᵀ, positioned by {@link Blas}. */
    final FloatPointer u;
    /** This lane's view on the shared per-group ∂Uᵀ, positioned by {@link Blas} and by the gathering. */
    final FloatPointer gradUT;
    /** H of one chunk, one array per block row, laid out as {@link Lane64#h}. */
    final float[][] h;
    /** The kept pre-activations in H's layout, or null when σ' is computed from h. */
    final float[][] z;
    /** The loaded block's parameters and scratch rows, maxCols wide. */
    final RecurrenceF32.Scratch scratch;
    /** The tile, the scratch, the call and the block, as {@link RecurrenceF32} reads them. */
    final RecurrenceF32.TileCursor cursor;

    /** @param rowLengths the length of each row of H (cols of its block) */
    Lane32(Tiling tiling, Buffers32 shared, int[] rowLengths, boolean keepZ) {
        h = rows(rowLengths);
        z = keepZ ? rows(rowLengths) : null;
        tile = Workspace.zeroed(new FloatPointer((long) tiling.tileRows * tiling.maxCols));
        x = new FloatPointer(shared.x);
        u = new FloatPointer(shared.u);
        gradUT = new FloatPointer(shared.gradUT);
        scratch = new RecurrenceF32.Scratch(tiling.maxCols);
        cursor = new RecurrenceF32.TileCursor(tile.asBuffer(), scratch);
    }

    private static float[][] rows(int[] lengths) {
        float[][] rows = new float[lengths.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[lengths[i]];
        }
        return rows;
    }

    /** Nulls the views (a use after close meets a null pointer, which {@link Blas} refuses) and frees the tile. */
    void close() {
        for (Pointer view : new Pointer[] {x, u, gradUT}) {
            view.setNull();
        }
        Workspace.close(tile);
    }
}
