package org.rnntk.kernels.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.rnntk.core.Activation;
import org.rnntk.core.Loss;
import org.rnntk.kernels.KernelProfiler.Phase;

/**
 * Forward, loss and (optionally) BPTT over a {@link Workspace}, chunk by chunk as {@link Tiling}
 * describes (docs/theory.md §1, §3, §4). The caller has put the permuted parameters into the
 * workspace; this class leaves the outputs, adjoints, loss parts and per-group gradients there. The
 * caller holds the workspace for the call and has asked OpenBLAS for one thread ({@link BlasThreads}):
 * the tile GEMMs run on the pool's threads, each ≈ 1 MFLOP. The caller's {@link PhaseTimer} times the
 * phases (one test per span when off). Not API.
 */
public final class ChunkedPass {

    private ChunkedPass() {
    }

    /**
     * Where the whole of H (and the kept pre-activations) is copied when the caller wants it (the
     * sensitivities): arrays of n·T·m in the chunked layout ({@link Workspace#blockBase}).
     */
    public record FullStates(double[] h64, double[] z64, float[] h32, float[] z32) {
    }

    /**
     * @param gradient whether to run BPTT into the workspace's per-group gradients
     * @param full     null, or where to copy all of H
     * @param timer    the calling object's profiler
     * @return Σ (F − y)² weighted as {@code loss} defines, i.e. R̂ (docs/theory.md §3)
     */
    public static double run(Workspace ws, Parallel parallel, Activation act, Loss loss, boolean gradient,
                               FullStates full, PhaseTimer timer) {
        Tiling tiling = ws.tiling;
        for (Workspace.Lane lane : ws.lanes) {
            lane.forgetBlock();
        }
        if (gradient) {
            // The groups' ∂U is not zeroed here: each group's first ∂U GEMM overwrites it (β = 0).
            java.util.Arrays.fill(ws.gradWParts, 0.0);
        }
        java.util.Arrays.fill(ws.lossParts, 0.0);
        long work = (long) ws.rows * ws.m;
        if (tiling.groups > 1) {
            // Whole groups, claimed one at a time by whichever thread is free: a group's chunks run in
            // order on one thread, so its accumulators see the same operations whoever runs it.
            int workers = parallel.chunks(tiling.groups, work, 1);
            AtomicInteger next = new AtomicInteger();
            forRange(parallel, timer, workers, workers, (lane, unusedFrom, unusedTo) -> {
                Workspace.Lane l = ws.lanes[lane];
                for (int g = next.getAndIncrement(); g < tiling.groups; g = next.getAndIncrement()) {
                    for (int c = tiling.groupStart(g); c < tiling.groupStart(g + 1); c++) {
                        forwardChunk(ws, l, l, c, 0, tiling.blocks, act, full, timer);
                        finishChunk(ws, c, g, loss, timer);
                        if (gradient) {
                            backwardChunk(ws, l, l, c, g, 0, tiling.blocks, act, timer);
                        }
                    }
                }
            });
        } else {
            // One chunk (one group): the blocks of the chunk over the threads, sharing lane 0's H.
            Workspace.Lane shared = ws.lanes[0];
            int blockChunks = parallel.chunks(tiling.blocks, work, 1);
            for (int c = 0; c < tiling.chunks; c++) {
                int chunk = c;
                forRange(parallel, timer, tiling.blocks, blockChunks, (lane, from, to) ->
                        forwardChunk(ws, ws.lanes[lane], shared, chunk, from, to, act, full, timer));
                finishChunk(ws, c, 0, loss, timer);
                if (gradient) {
                    forRange(parallel, timer, tiling.blocks, blockChunks, (lane, from, to) ->
                            backwardChunk(ws, ws.lanes[lane], shared, chunk, 0, from, to, act, timer));
                }
            }
        }
        double sum = 0;
        for (int g = 0; g < tiling.groups; g++) {
            sum += ws.lossParts[g];
        }
        double scale = loss == Loss.ALL_STEPS ? 1.0 / ws.rows : 1.0 / ws.n;
        return 0.5 * sum * scale;
    }

    /**
     * {@link Parallel#forRange}, recording when profiling how long the pool's threads take to start
     * and how long finished threads wait for the others.
     */
    private static void forRange(Parallel parallel, PhaseTimer timer, int count, int chunks, Parallel.RangeBody body) {
        if (!timer.on() || chunks <= 1) {
            parallel.forRange(count, chunks, body);
            return;
        }
        long[] done = new long[chunks];
        long begin = System.nanoTime();
        parallel.forRange(count, chunks, (lane, from, to) -> {
            if (lane != 0) {
                timer.add(Phase.HANDOFF, begin);
            }
            body.run(lane, from, to);
            done[lane] = System.nanoTime();
        });
        for (long t : done) {
            timer.add(Phase.WAIT, t);
        }
    }

    /**
     * Blocks [from, to) of chunk c: Z tile by tile, each consumed by the recurrence while in cache.
     * A tile's Z is three GEMMs of the same shape, one per half of the block (and one for a lone
     * last neuron): a single GEMM may compute two columns with equal inputs in different orders
     * (OpenBLAS's edge kernels do, measured in float32), and F(Θ(0)) = 0 needs the two members of each
     * mirrored pair to be bit-identical.
     */
    private static void forwardChunk(Workspace ws, Workspace.Lane lane, Workspace.Lane states, int c, int from,
                                     int to, Activation act, FullStates full, PhaseTimer timer) {
        Tiling tiling = ws.tiling;
        int start = tiling.chunkStart(c);
        int end = tiling.chunkEnd(c);
        int d = ws.d;
        for (int b = from; b < to; b++) {
            lane.loadBlock(ws, b);
            int cs = tiling.colStart(b);
            int cols = tiling.cols(b);
            int pairs = tiling.pairs(b);
            int rowBase = ws.rowBase(c, b);
            for (int r0 = start; r0 < end; r0 += tiling.tileRows) {
                int r1 = Math.min(end, r0 + tiling.tileRows);
                long mark = timer.mark();
                if (ws.float64) {
                    for (int part = 0; part < 3; part++) {
                        int c0 = part == 0 ? 0 : part == 1 ? pairs : 2 * pairs;
                        int width = part < 2 ? pairs : cols - 2 * pairs;
                        if (width > 0) {
                            Blas.dgemm(false, false, r1 - r0, width, d, lane.xv64, (long) r0 * d, d, lane.uv64,
                                    cs + c0, ws.m, 0.0, lane.tile64, c0, cols);
                        }
                    }
                    mark = timer.add(Phase.FORWARD_GEMM, mark);
                    RecurrenceF64.forwardTile(lane.tileView64, lane.tileDirect64, states.h64, states.z64, rowBase, act,
                            ws.steps, r0, r1, ws.partial, b * ws.rows, lane.s64);
                } else {
                    for (int part = 0; part < 3; part++) {
                        int c0 = part == 0 ? 0 : part == 1 ? pairs : 2 * pairs;
                        int width = part < 2 ? pairs : cols - 2 * pairs;
                        if (width > 0) {
                            Blas.sgemm(false, false, r1 - r0, width, d, lane.xv32, (long) r0 * d, d, lane.uv32,
                                    cs + c0, ws.m, 0f, lane.tile32, c0, cols);
                        }
                    }
                    mark = timer.add(Phase.FORWARD_GEMM, mark);
                    RecurrenceF32.forwardTile(lane.tileView32, states.h32, states.z32, rowBase, act, ws.steps, r0,
                            r1, ws.partial, b * ws.rows, lane.s32);
                }
                timer.add(Phase.FORWARD_RECURRENCE, mark);
            }
            if (full != null) {
                copyOut(ws, states, full, c, b);
            }
        }
    }

    /** Block b's rows of chunk c, from the lane's row arrays into the flat chunked layout of {@code full}. */
    private static void copyOut(Workspace ws, Workspace.Lane states, FullStates full, int c, int b) {
        Tiling tiling = ws.tiling;
        int rowBase = ws.rowBase(c, b);
        int hBase = ws.blockBase(c, b, tiling.chunkStart(c) * ws.m);
        int cols = tiling.cols(b);
        for (int r = tiling.chunkStart(c); r < tiling.chunkEnd(c); r++) {
            int at = hBase + r * cols;
            if (ws.float64) {
                System.arraycopy(states.h64[rowBase + r], 0, full.h64(), at, cols);
                if (ws.keepZ) {
                    System.arraycopy(states.z64[rowBase + r], 0, full.z64(), at, cols);
                }
            } else {
                System.arraycopy(states.h32[rowBase + r], 0, full.h32(), at, cols);
                if (ws.keepZ) {
                    System.arraycopy(states.z32[rowBase + r], 0, full.z32(), at, cols);
                }
            }
        }
    }

    /** F from the block partials (in block order), e = ∂R̂/∂F and the group's Σ (F − y)², for chunk c. */
    private static void finishChunk(Workspace ws, int c, int g, Loss loss, PhaseTimer timer) {
        long mark = timer.mark();
        Tiling tiling = ws.tiling;
        int rows = ws.rows;
        double outScale = 1.0 / Math.sqrt(ws.m);
        boolean allSteps = loss == Loss.ALL_STEPS;
        double lossScale = allSteps ? 1.0 / rows : 1.0 / ws.n;
        double sum = ws.lossParts[g];
        int t = 0;
        for (int r = tiling.chunkStart(c); r < tiling.chunkEnd(c); r++) {
            double s = ws.partial[r];
            for (int b = 1; b < tiling.blocks; b++) {
                s += ws.partial[b * rows + r];
            }
            double f = s * outScale;
            ws.outputs[r] = f;
            if (allSteps || t == ws.steps - 1) {
                double res = f - ws.targets[r];
                sum += res * res;
                ws.adjoint[r] = res * lossScale;
            } else {
                ws.adjoint[r] = 0.0;
            }
            if (++t == ws.steps) {
                t = 0;
            }
        }
        ws.lossParts[g] = sum;
        timer.add(Phase.OUTPUTS_AND_LOSS, mark);
    }

    /**
     * Blocks [from, to) of chunk c backwards: Δ tile by tile (last rows first), each consumed by the
     * ∂U GEMM of group g while in cache; the block's ∂R̂/∂w added to group g's.
     */
    private static void backwardChunk(Workspace ws, Workspace.Lane lane, Workspace.Lane states, int c, int g,
                                      int from, int to, Activation act, PhaseTimer timer) {
        Tiling tiling = ws.tiling;
        int start = tiling.chunkStart(c);
        int end = tiling.chunkEnd(c);
        int d = ws.d;
        double scale = 1.0 / Math.sqrt(ws.m);
        int tiles = (end - start + tiling.tileRows - 1) / tiling.tileRows;
        for (int b = from; b < to; b++) {
            lane.loadBlock(ws, b);
            int cs = tiling.colStart(b);
            int cols = tiling.cols(b);
            int rowBase = ws.rowBase(c, b);
            long gOff = (long) g * ws.m * d + (long) d * cs;
            double[] gradW = ws.float64 ? lane.s64.gradW : lane.s32.gradW;
            java.util.Arrays.fill(gradW, 0, cols, 0.0);
            for (int q = tiles - 1; q >= 0; q--) {
                int r0 = start + q * tiling.tileRows;
                int r1 = Math.min(end, r0 + tiling.tileRows);
                // The first GEMM into group g's ∂U of this block: its first chunk's last tile.
                boolean first = c == tiling.groupStart(g) && q == tiles - 1;
                long mark = timer.mark();
                if (ws.float64) {
                    RecurrenceF64.backwardTile(lane.tileView64, lane.tileDirect64, states.h64, states.z64, rowBase,
                            ws.adjoint, scale, act, ws.steps, r0, r1, lane.s64);
                    mark = timer.add(Phase.BACKWARD_ADJOINT, mark);
                    Blas.dgemm(true, false, d, cols, r1 - r0, lane.xv64, (long) r0 * d, d, lane.tile64, 0, cols,
                            first ? 0.0 : 1.0, lane.gv64, gOff, cols);
                } else {
                    RecurrenceF32.backwardTile(lane.tileView32, states.h32, states.z32, rowBase, ws.adjoint, scale,
                            act, ws.steps, r0, r1, lane.s32);
                    mark = timer.add(Phase.BACKWARD_ADJOINT, mark);
                    Blas.sgemm(true, false, d, cols, r1 - r0, lane.xv32, (long) r0 * d, d, lane.tile32, 0, cols,
                            first ? 0f : 1f, lane.gv32, gOff, cols);
                }
                timer.add(Phase.BACKWARD_GEMM, mark);
            }
            int base = g * ws.m + cs;
            for (int k = 0; k < cols; k++) {
                ws.gradWParts[base + k] += gradW[k];
            }
        }
    }
}
