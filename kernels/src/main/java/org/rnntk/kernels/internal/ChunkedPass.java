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
        Tiling tiling = ws.tiling();
        ws.beginPass(act);
        if (gradient) {
            // The groups' ∂U is not zeroed here: each group's first ∂U GEMM overwrites it (β = 0).
            java.util.Arrays.fill(ws.gradWParts(), 0.0);
        }
        java.util.Arrays.fill(ws.lossParts(), 0.0);
        long work = (long) ws.rows() * ws.m();
        if (tiling.groups > 1) {
            // Whole groups, claimed one at a time by whichever thread is free: a group's chunks run in
            // order on one thread, so its accumulators see the same operations whoever runs it.
            int workers = parallel.chunks(tiling.groups, work, 1);
            AtomicInteger next = new AtomicInteger();
            forRange(parallel, timer, workers, workers, (lane, unusedFrom, unusedTo) -> {
                Workspace.Lane l = ws.lane(lane);
                for (int g = next.getAndIncrement(); g < tiling.groups; g = next.getAndIncrement()) {
                    for (int c = tiling.groupStart(g); c < tiling.groupStart(g + 1); c++) {
                        forwardChunk(ws, l, l, c, 0, tiling.blocks, full, timer);
                        finishChunk(ws, c, g, loss, timer);
                        if (gradient) {
                            backwardChunk(ws, l, l, c, g, 0, tiling.blocks, timer);
                        }
                    }
                }
            });
        } else {
            // One chunk (one group): the blocks of the chunk over the threads, sharing lane 0's H.
            Workspace.Lane shared = ws.lane(0);
            int blockChunks = parallel.chunks(tiling.blocks, work, 1);
            for (int c = 0; c < tiling.chunks; c++) {
                int chunk = c;
                forRange(parallel, timer, tiling.blocks, blockChunks, (lane, from, to) ->
                        forwardChunk(ws, ws.lane(lane), shared, chunk, from, to, full, timer));
                finishChunk(ws, c, 0, loss, timer);
                if (gradient) {
                    forRange(parallel, timer, tiling.blocks, blockChunks, (lane, from, to) ->
                            backwardChunk(ws, ws.lane(lane), shared, chunk, 0, from, to, timer));
                }
            }
        }
        double[] lossParts = ws.lossParts();
        double sum = 0;
        for (int g = 0; g < tiling.groups; g++) {
            sum += lossParts[g];
        }
        double scale = loss == Loss.ALL_STEPS ? 1.0 / ws.rows() : 1.0 / ws.n();
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
     * mirrored pair to be bit-identical. The tiles and scratch are {@code lane}'s, H is {@code states}'.
     */
    private static void forwardChunk(Workspace ws, Workspace.Lane lane, Workspace.Lane states, int c, int from,
                                     int to, FullStates full, PhaseTimer timer) {
        Tiling tiling = ws.tiling();
        int start = tiling.chunkStart(c);
        int end = tiling.chunkEnd(c);
        int d = ws.d();
        int m = ws.m();
        boolean float64 = ws.float64();
        for (int b = from; b < to; b++) {
            lane.loadBlock(ws, b);
            int cs = tiling.colStart(b);
            int cols = tiling.cols(b);
            int pairs = tiling.pairs(b);
            lane.block(states, ws.rowBase(c, b), b * ws.rows());
            for (int r0 = start; r0 < end; r0 += tiling.tileRows) {
                int r1 = Math.min(end, r0 + tiling.tileRows);
                long mark = timer.mark();
                if (float64) {
                    Lane64 l = lane.f64;
                    for (int part = 0; part < 3; part++) {
                        int c0 = part == 0 ? 0 : part == 1 ? pairs : 2 * pairs;
                        int width = part < 2 ? pairs : cols - 2 * pairs;
                        if (width > 0) {
                            Blas.dgemm(false, false, r1 - r0, width, d, l.x, (long) r0 * d, d, l.u, cs + c0, m, 0.0,
                                    l.tile, c0, cols);
                        }
                    }
                    mark = timer.add(Phase.FORWARD_GEMM, mark);
                    RecurrenceF64.forwardTile(l.cursor, r0, r1);
                } else {
                    Lane32 l = lane.f32;
                    for (int part = 0; part < 3; part++) {
                        int c0 = part == 0 ? 0 : part == 1 ? pairs : 2 * pairs;
                        int width = part < 2 ? pairs : cols - 2 * pairs;
                        if (width > 0) {
                            Blas.sgemm(false, false, r1 - r0, width, d, l.x, (long) r0 * d, d, l.u, cs + c0, m, 0f,
                                    l.tile, c0, cols);
                        }
                    }
                    mark = timer.add(Phase.FORWARD_GEMM, mark);
                    RecurrenceF32.forwardTile(l.cursor, r0, r1);
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
        Tiling tiling = ws.tiling();
        int rowBase = ws.rowBase(c, b);
        int hBase = ws.blockBase(c, b, tiling.chunkStart(c) * ws.m());
        int cols = tiling.cols(b);
        for (int r = tiling.chunkStart(c); r < tiling.chunkEnd(c); r++) {
            int at = hBase + r * cols;
            if (ws.float64()) {
                System.arraycopy(states.f64.h[rowBase + r], 0, full.h64(), at, cols);
                if (ws.keepZ()) {
                    System.arraycopy(states.f64.z[rowBase + r], 0, full.z64(), at, cols);
                }
            } else {
                System.arraycopy(states.f32.h[rowBase + r], 0, full.h32(), at, cols);
                if (ws.keepZ()) {
                    System.arraycopy(states.f32.z[rowBase + r], 0, full.z32(), at, cols);
                }
            }
        }
    }

    /** F from the block partials (in block order), e = ∂R̂/∂F and the group's Σ (F − y)², for chunk c. */
    private static void finishChunk(Workspace ws, int c, int g, Loss loss, PhaseTimer timer) {
        long mark = timer.mark();
        Tiling tiling = ws.tiling();
        int rows = ws.rows();
        int steps = ws.steps();
        double[] partial = ws.partial();
        double[] outputs = ws.outputs();
        double[] targets = ws.targets();
        double[] adjoint = ws.adjoint();
        double[] lossParts = ws.lossParts();
        double outScale = 1.0 / Math.sqrt(ws.m());
        boolean allSteps = loss == Loss.ALL_STEPS;
        double lossScale = allSteps ? 1.0 / rows : 1.0 / ws.n();
        double sum = lossParts[g];
        int t = 0;
        for (int r = tiling.chunkStart(c); r < tiling.chunkEnd(c); r++) {
            double s = partial[r];
            for (int b = 1; b < tiling.blocks; b++) {
                s += partial[b * rows + r];
            }
            double f = s * outScale;
            outputs[r] = f;
            if (allSteps || t == steps - 1) {
                double res = f - targets[r];
                sum += res * res;
                adjoint[r] = res * lossScale;
            } else {
                adjoint[r] = 0.0;
            }
            if (++t == steps) {
                t = 0;
            }
        }
        lossParts[g] = sum;
        timer.add(Phase.OUTPUTS_AND_LOSS, mark);
    }

    /**
     * Blocks [from, to) of chunk c backwards: Δ tile by tile (last rows first), each consumed by the
     * ∂U GEMM of group g while in cache; the block's ∂R̂/∂w added to group g's. The tiles and scratch
     * are {@code lane}'s, H is {@code states}'.
     */
    private static void backwardChunk(Workspace ws, Workspace.Lane lane, Workspace.Lane states, int c, int g,
                                      int from, int to, PhaseTimer timer) {
        Tiling tiling = ws.tiling();
        int start = tiling.chunkStart(c);
        int end = tiling.chunkEnd(c);
        int d = ws.d();
        int m = ws.m();
        boolean float64 = ws.float64();
        double[] gradWParts = ws.gradWParts();
        int tiles = (end - start + tiling.tileRows - 1) / tiling.tileRows;
        for (int b = from; b < to; b++) {
            lane.loadBlock(ws, b);
            int cs = tiling.colStart(b);
            int cols = tiling.cols(b);
            lane.block(states, ws.rowBase(c, b), b * ws.rows());
            long gOff = (long) g * m * d + (long) d * cs;
            double[] gradW = float64 ? lane.f64.scratch.gradW : lane.f32.scratch.gradW;
            java.util.Arrays.fill(gradW, 0, cols, 0.0);
            for (int q = tiles - 1; q >= 0; q--) {
                int r0 = start + q * tiling.tileRows;
                int r1 = Math.min(end, r0 + tiling.tileRows);
                // The first GEMM into group g's ∂U of this block: its first chunk's last tile.
                boolean first = c == tiling.groupStart(g) && q == tiles - 1;
                long mark = timer.mark();
                if (float64) {
                    Lane64 l = lane.f64;
                    RecurrenceF64.backwardTile(l.cursor, r0, r1);
                    mark = timer.add(Phase.BACKWARD_ADJOINT, mark);
                    Blas.dgemm(true, false, d, cols, r1 - r0, l.x, (long) r0 * d, d, l.tile, 0, cols,
                            first ? 0.0 : 1.0, l.gradUT, gOff, cols);
                } else {
                    Lane32 l = lane.f32;
                    RecurrenceF32.backwardTile(l.cursor, r0, r1);
                    mark = timer.add(Phase.BACKWARD_ADJOINT, mark);
                    Blas.sgemm(true, false, d, cols, r1 - r0, l.x, (long) r0 * d, d, l.tile, 0, cols,
                            first ? 0f : 1f, l.gradUT, gOff, cols);
                }
                timer.add(Phase.BACKWARD_GEMM, mark);
            }
            int base = g * m + cs;
            for (int k = 0; k < cols; k++) {
                gradWParts[base + k] += gradW[k];
            }
        }
    }
}
