package org.rnntk.kernels.internal;

import java.nio.ByteOrder;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One lane's float64 buffers ({@link Workspace.Lane}): its tile, its views on the shared buffers
 * ({@link Buffers64}), the rows of H and the cursor {@link RecurrenceF64} reads them through. Used by
 * one thread at a time: the one {@link ChunkedPass} hands the lane to (H may be read and written by
 * the other lanes' threads too, on disjoint blocks, when one chunk's blocks are split over threads).
 * Not API.
 */
final class Lane64 {

    /** The tile, tileRows × maxCols row-major, off-heap: Z on the way forward, Δ on the way back. */
    final DoublePointer tile;
    /** This lane's view on the shared X, positioned by {@link Blas}. */
    final DoublePointer x;
    /** This lane's view on the shared Uᵀ, positioned by {@link Blas}. */
    final DoublePointer u;
    /** This lane's view on the shared per-group ∂Uᵀ, positioned by {@link Blas}. */
    final DoublePointer gradUT;
    /** A second view on the shared ∂Uᵀ: group 0's part, into which the groups are added. */
    final DoublePointer gradUTSum;
    /**
     * H of one chunk, one array per block row: row r (of chunk c) of block b, cols(b) long, at
     * [{@link Workspace#rowBase}(c, b) + r]. Separate arrays let the recurrence write h_t and read
     * h_{t−1} in one vectorized loop without copies (docs/design/tiles.md).
     */
    final double[][] h;
    /** The kept pre-activations in H's layout, or null when σ' is computed from h. */
    final double[][] z;
    /** The loaded block's parameters and scratch rows, maxCols wide. */
    final RecurrenceF64.Scratch scratch;
    /** The tile (and, for the Vector API rows, its direct view), the scratch, the call and the block. */
    final RecurrenceF64.TileCursor cursor;

    /** @param rowLengths the length of each row of H (cols of its block) */
    Lane64(Tiling tiling, Buffers64 shared, int[] rowLengths, boolean keepZ) {
        h = rows(rowLengths);
        z = keepZ ? rows(rowLengths) : null;
        tile = Workspace.zeroed(new DoublePointer((long) tiling.tileRows * tiling.maxCols));
        // VectorRecurrenceF64 is only loaded when the Vector API module is there.
        DirectTile direct = VectorKernels.zeroCopy()
                ? VectorRecurrenceF64.direct(tile.asByteBuffer().order(ByteOrder.nativeOrder())) : null;
        x = new DoublePointer(shared.x);
        u = new DoublePointer(shared.u);
        gradUT = new DoublePointer(shared.gradUT);
        gradUTSum = new DoublePointer(shared.gradUT);
        scratch = new RecurrenceF64.Scratch(tiling.maxCols);
        cursor = new RecurrenceF64.TileCursor(tile.asBuffer(), direct, scratch);
    }

    private static double[][] rows(int[] lengths) {
        double[][] rows = new double[lengths.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[lengths[i]];
        }
        return rows;
    }

    /** Nulls the views (a use after close meets a null pointer, which {@link Blas} refuses) and frees the tile. */
    void close() {
        for (Pointer view : new Pointer[] {x, u, gradUT, gradUTSum}) {
            view.setNull();
        }
        Workspace.close(tile);
    }
}
