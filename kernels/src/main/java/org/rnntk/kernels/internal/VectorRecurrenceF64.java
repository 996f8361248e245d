package org.rnntk.kernels.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 tanh recurrence and adjoint rows of {@link RecurrenceF64} written with JDK 17's
 * incubating Vector API, so that each row is one pass: the forward reads z straight from the
 * off-heap tile and forms the mirrored pairs' output terms without copying the second half out;
 * the adjoint adds δ_t h_{t−1} into ∂R̂/∂w in the loop that computes δ_t. C2's auto-vectorizer in
 * JDK 17 does neither: it gives up on a loop that reads one array at two offsets, and on a tanh
 * loop with a second store (docs/design/tile-access.md).
 *
 * <p>Same bits as {@link RecurrenceF64}: the same operations in the same order, lane by lane
 * (lanewise {@code fma} is {@link Math#fma}, {@code min}/{@code max} are {@link Math#min}/{@link
 * Math#max}, nothing is contracted), and the row sum kept in the eight partial sums of
 * {@link RecurrenceF64#eightWaySum} (one 8-lane vector, or two 4-lane ones). Used only when the
 * JVM runs with {@code --add-modules jdk.incubator.vector} and the preferred species has 4 or 8
 * lanes ({@link VectorKernels}); the constants are broadcast into locals before each loop, because
 * C2 in JDK 17 re-materializes a broadcast or a static final vector inside the loop
 * (docs/design/tile-access.md). Not API.
 */
public final class VectorRecurrenceF64 {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** JDK 17–19 load vectors from a ByteBuffer; JDK 20 replaced those methods by MemorySegment loads. */
    private static final boolean BYTE_BUFFER_LOADS = hasByteBufferLoads();
    /**
     * On JDK 22 and later (java.lang.foreign final): {@code DoubleVector.fromMemorySegment},
     * {@code DoubleVector.intoMemorySegment} and {@code MemorySegment.ofBuffer}, typed with Object for
     * the segment; null elsewhere. Constant method handles, so C2 inlines the calls and keeps the
     * vectors in registers (docs/design/tile-access.md).
     */
    private static final MethodHandle SEGMENT_LOAD;
    private static final MethodHandle SEGMENT_STORE;
    private static final MethodHandle SEGMENT_OF_BUFFER;

    static {
        MethodHandle load = null;
        MethodHandle store = null;
        MethodHandle ofBuffer = null;
        if (!BYTE_BUFFER_LOADS && Runtime.version().feature() >= 22) {
            try {
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                load = lookup.findStatic(DoubleVector.class, "fromMemorySegment", MethodType.methodType(
                                DoubleVector.class, VectorSpecies.class, segment, long.class, ByteOrder.class))
                        .asType(MethodType.methodType(DoubleVector.class, VectorSpecies.class, Object.class,
                                long.class, ByteOrder.class));
                store = lookup.findVirtual(DoubleVector.class, "intoMemorySegment",
                                MethodType.methodType(void.class, segment, long.class, ByteOrder.class))
                        .asType(MethodType.methodType(void.class, DoubleVector.class, Object.class, long.class,
                                ByteOrder.class));
                ofBuffer = lookup.findStatic(segment, "ofBuffer", MethodType.methodType(segment, Buffer.class))
                        .asType(MethodType.methodType(Object.class, Buffer.class));
            } catch (ReflectiveOperationException e) {
                load = null;
                store = null;
                ofBuffer = null;
            }
        }
        SEGMENT_LOAD = load;
        SEGMENT_STORE = store;
        SEGMENT_OF_BUFFER = ofBuffer;
    }

    private VectorRecurrenceF64() {
    }

    /** The lane count of the preferred species: 8 with AVX-512, 4 with AVX2. */
    public static int lanes() {
        return L;
    }

    /** Whether this JDK's Vector API has {@code DoubleVector.fromByteBuffer} (JDK 17–19). */
    public static boolean byteBufferLoads() {
        return BYTE_BUFFER_LOADS;
    }

    /** Whether the rows reach the tiles through MemorySegment loads and stores instead (JDK 22+). */
    public static boolean segmentLoads() {
        return SEGMENT_LOAD != null;
    }

    /**
     * The tile as {@link #forwardRow} and {@link #adjointTwoRows} read and write it in place, or null
     * where this JDK offers neither ByteBuffer nor (final) MemorySegment vector access (JDK 20–21): the
     * caller then copies rows through the heap.
     *
     * @param bytes the tile's memory, native byte order
     */
    public static DirectTile direct(ByteBuffer bytes) {
        if (BYTE_BUFFER_LOADS) {
            return new DirectTile(bytes, null);
        }
        if (SEGMENT_OF_BUFFER == null) {
            return null;
        }
        try {
            return new DirectTile(bytes, (Object) SEGMENT_OF_BUFFER.invokeExact((Buffer) bytes));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static DoubleVector segmentLoad(Object segment, long offset) {
        try {
            return (DoubleVector) SEGMENT_LOAD.invokeExact(S, segment, offset, ORDER);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static void segmentStore(DoubleVector v, Object segment, long offset) {
        try {
            SEGMENT_STORE.invokeExact(v, segment, offset, ORDER);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e);
    }

    private static boolean hasByteBufferLoads() {
        try {
            DoubleVector.class.getMethod("fromByteBuffer", VectorSpecies.class, ByteBuffer.class, int.class,
                    ByteOrder.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * out = tanh(w ⊙ prev + z) over one block row, z read at {@code zByte} bytes into {@code tile};
     * returns Σ_k c_k out_k as {@link RecurrenceF64#pairSum} does.
     */
    public static double forwardRow(DirectTile tile, int zByte, double[] w, double[] c, double[] prev,
                                    double[] out, int cols, int pairs) {
        tanhLoop(tile.bytes, tile.segment, zByte, null, w, prev, out, 0, cols);
        return pairSum(c, out, cols, pairs);
    }

    /** {@link #forwardRow} with z already copied into {@code out} (overwritten with h). */
    public static double forwardRowInPlace(double[] w, double[] c, double[] prev, double[] out, int cols,
                                           int pairs) {
        tanhLoop(null, null, 0, out, w, prev, out, 0, cols);
        return pairSum(c, out, cols, pairs);
    }

    /**
     * {@code dst[i] = FastTanh.tanh(src[i])} for i in [from, to), the same bits (src not modified, dst
     * modified; may alias): the Vector API form of the loop the physical limit is measured with.
     */
    public static void tanh(double[] src, double[] dst, int from, int to) {
        tanhLoop(null, null, 0, src, null, null, dst, from, to);
    }

    /**
     * out[k] = FastTanh.tanh(x_k) for k in [from, to): x_k = w_k prev_k + z_k with z read from
     * {@code tile} (at {@code zByte} bytes for k = 0; vector loads through {@code segment} when it is
     * not null) when it is not null, else w_k prev_k + src[k] when w is not null, else src[k]. The
     * branches are loop-invariant, so C2 compiles one loop per case; the FastTanh constants are
     * broadcast into locals before it (see the class comment).
     */
    private static void tanhLoop(ByteBuffer tile, Object segment, int zByte, double[] src, double[] w, double[] prev,
                                 double[] out, int from, int to) {
        DoubleVector m0 = DoubleVector.broadcast(S, FastTanh.M0);
        DoubleVector m1 = DoubleVector.broadcast(S, FastTanh.M1);
        DoubleVector m2 = DoubleVector.broadcast(S, FastTanh.M2);
        DoubleVector m3 = DoubleVector.broadcast(S, FastTanh.M3);
        DoubleVector m4 = DoubleVector.broadcast(S, FastTanh.M4);
        DoubleVector m5 = DoubleVector.broadcast(S, FastTanh.M5);
        DoubleVector m6 = DoubleVector.broadcast(S, FastTanh.M6);
        DoubleVector m7 = DoubleVector.broadcast(S, FastTanh.M7);
        DoubleVector m8 = DoubleVector.broadcast(S, FastTanh.M8);
        DoubleVector m9 = DoubleVector.broadcast(S, FastTanh.M9);
        DoubleVector m10 = DoubleVector.broadcast(S, FastTanh.M10);
        DoubleVector a1 = DoubleVector.broadcast(S, FastTanh.A1);
        DoubleVector a2 = DoubleVector.broadcast(S, FastTanh.A2);
        DoubleVector a3 = DoubleVector.broadcast(S, FastTanh.A3);
        DoubleVector a4 = DoubleVector.broadcast(S, FastTanh.A4);
        DoubleVector a5 = DoubleVector.broadcast(S, FastTanh.A5);
        DoubleVector a6 = DoubleVector.broadcast(S, FastTanh.A6);
        DoubleVector a7 = DoubleVector.broadcast(S, FastTanh.A7);
        DoubleVector a8 = DoubleVector.broadcast(S, FastTanh.A8);
        DoubleVector a9 = DoubleVector.broadcast(S, FastTanh.A9);
        DoubleVector a10 = DoubleVector.broadcast(S, FastTanh.A10);
        DoubleVector a11 = DoubleVector.broadcast(S, FastTanh.A11);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        DoubleVector half = DoubleVector.broadcast(S, 0.5);
        DoubleVector lo = DoubleVector.broadcast(S, -FastTanh.CLAMP);
        DoubleVector hi = DoubleVector.broadcast(S, FastTanh.CLAMP);
        int bound = from + S.loopBound(to - from);
        int k = from;
        for (; k < bound; k += L) {
            DoubleVector x = tile != null
                    ? DoubleVector.fromArray(S, w, k).mul(DoubleVector.fromArray(S, prev, k))
                            .add(segment != null ? segmentLoad(segment, zByte + 8L * k)
                                    : DoubleVector.fromByteBuffer(S, tile, zByte + 8 * k, ORDER))
                    : w != null
                    ? DoubleVector.fromArray(S, w, k).mul(DoubleVector.fromArray(S, prev, k))
                            .add(DoubleVector.fromArray(S, src, k))
                    : DoubleVector.fromArray(S, src, k);
            DoubleVector h = x.max(lo).min(hi).mul(half);
            DoubleVector y = h.mul(h);
            DoubleVector num = m10.fma(y, m9).fma(y, m8).fma(y, m7).fma(y, m6).fma(y, m5).fma(y, m4).fma(y, m3)
                    .fma(y, m2).fma(y, m1).fma(y, m0);
            DoubleVector den = a11.fma(y, a10).fma(y, a9).fma(y, a8).fma(y, a7).fma(y, a6).fma(y, a5).fma(y, a4)
                    .fma(y, a3).fma(y, a2).fma(y, a1).fma(y, one);
            DoubleVector t = h.mul(y.fma(num.div(den), one));
            t.mul(two).div(t.fma(t, one)).intoArray(out, k);
        }
        for (; k < to; k++) {
            out[k] = FastTanh.tanh(tile != null ? w[k] * prev[k] + tile.getDouble(zByte + 8 * k)
                    : w != null ? w[k] * prev[k] + src[k] : src[k]);
        }
    }

    /** {@link RecurrenceF64#pairSum} without the copy of the second half: the pairs read at k and k + pairs. */
    private static double pairSum(double[] c, double[] h, int cols, int pairs) {
        int blocked = pairs & ~7;
        double sum;
        if (L == 8) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int k = 0; k < blocked; k += 8) {
                acc = acc.add(DoubleVector.fromArray(S, c, k).mul(DoubleVector.fromArray(S, h, k))
                        .add(DoubleVector.fromArray(S, c, k + pairs).mul(DoubleVector.fromArray(S, h, k + pairs))));
            }
            sum = ((acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)))
                    + ((acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7)));
        } else {
            DoubleVector acc0 = DoubleVector.zero(S);
            DoubleVector acc1 = DoubleVector.zero(S);
            for (int k = 0; k < blocked; k += 8) {
                acc0 = acc0.add(DoubleVector.fromArray(S, c, k).mul(DoubleVector.fromArray(S, h, k))
                        .add(DoubleVector.fromArray(S, c, k + pairs).mul(DoubleVector.fromArray(S, h, k + pairs))));
                acc1 = acc1.add(DoubleVector.fromArray(S, c, k + 4).mul(DoubleVector.fromArray(S, h, k + 4))
                        .add(DoubleVector.fromArray(S, c, k + 4 + pairs)
                                .mul(DoubleVector.fromArray(S, h, k + 4 + pairs))));
            }
            sum = ((acc0.lane(0) + acc0.lane(1)) + (acc0.lane(2) + acc0.lane(3)))
                    + ((acc1.lane(0) + acc1.lane(1)) + (acc1.lane(2) + acc1.lane(3)));
        }
        for (int k = blocked; k < pairs; k++) {
            sum += c[k] * h[k] + c[k + pairs] * h[k + pairs];
        }
        for (int k = 2 * pairs; k < cols; k++) {
            sum += c[k] * h[k];
        }
        return sum;
    }

    /**
     * Two rows of the adjoint in one pass, t and then t − 1 of one sequence: δ_t and δ_{t−1} into
     * {@code tile} at bytes {@code b1} and {@code b0}, or, with {@code tile} null, δ_t into the
     * scratch's {@code delta} for the caller to copy; δ_{t−1} also into its {@code carry}; and its
     * gradW += δ_t ⊙ h_{t−1}, then += δ_{t−1} ⊙ h_{t−2} when {@code hPrev2} is not null (t − 1 > 0). The
     * same operations in the same order as two calls of {@link #adjointRow}, with half the loads and
     * stores of w, c, the carry and gradW; storing into the tile saves a heap row and two copies per
     * pair of rows (docs/design/tile-access.md).
     *
     * @param s  the block's w, c and cols (not modified); its carry, delta and gradW (modified)
     * @param h1 h_t (not modified)
     * @param h0 h_{t−1} (not modified)
     */
    public static void adjointTwoRows(RecurrenceF64.Scratch s, double er1, double er0, DirectTile tile, int b1,
                                      int b0, double[] h1, double[] h0, double[] hPrev2) {
        double[] w = s.w;
        double[] c = s.c;
        double[] carry = s.carry;
        double[] delta = s.delta;
        double[] gradW = s.gradW;
        int cols = s.cols;
        ByteBuffer bytes = tile == null ? null : tile.bytes;
        Object segment = tile == null ? null : tile.segment;
        DoubleVector e1 = DoubleVector.broadcast(S, er1);
        DoubleVector e0 = DoubleVector.broadcast(S, er0);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int bound = S.loopBound(cols);
        int k = 0;
        if (hPrev2 != null) {
            for (; k < bound; k += L) {
                DoubleVector wk = DoubleVector.fromArray(S, w, k);
                DoubleVector ck = DoubleVector.fromArray(S, c, k);
                DoubleVector a = DoubleVector.fromArray(S, h1, k);
                DoubleVector b = DoubleVector.fromArray(S, h0, k);
                DoubleVector dt = e1.mul(ck).add(wk.mul(DoubleVector.fromArray(S, carry, k))).mul(one.sub(a.mul(a)));
                DoubleVector dm = e0.mul(ck).add(wk.mul(dt)).mul(one.sub(b.mul(b)));
                dm.intoArray(carry, k);
                storeDeltas(dt, dm, bytes, segment, b1 + 8 * k, b0 + 8 * k, delta, k);
                DoubleVector.fromArray(S, gradW, k).add(dt.mul(b)).add(dm.mul(DoubleVector.fromArray(S, hPrev2, k)))
                        .intoArray(gradW, k);
            }
        } else {
            for (; k < bound; k += L) {
                DoubleVector wk = DoubleVector.fromArray(S, w, k);
                DoubleVector ck = DoubleVector.fromArray(S, c, k);
                DoubleVector a = DoubleVector.fromArray(S, h1, k);
                DoubleVector b = DoubleVector.fromArray(S, h0, k);
                DoubleVector dt = e1.mul(ck).add(wk.mul(DoubleVector.fromArray(S, carry, k))).mul(one.sub(a.mul(a)));
                DoubleVector dm = e0.mul(ck).add(wk.mul(dt)).mul(one.sub(b.mul(b)));
                dm.intoArray(carry, k);
                storeDeltas(dt, dm, bytes, segment, b1 + 8 * k, b0 + 8 * k, delta, k);
                DoubleVector.fromArray(S, gradW, k).add(dt.mul(b)).intoArray(gradW, k);
            }
        }
        for (; k < cols; k++) {
            double a = h1[k];
            double b = h0[k];
            double dt = (er1 * c[k] + w[k] * carry[k]) * (1.0 - a * a);
            double dm = (er0 * c[k] + w[k] * dt) * (1.0 - b * b);
            carry[k] = dm;
            if (bytes != null) {
                bytes.putDouble(b1 + 8 * k, dt);
                bytes.putDouble(b0 + 8 * k, dm);
            } else {
                delta[k] = dt;
            }
            gradW[k] += dt * b;
            if (hPrev2 != null) {
                gradW[k] += dm * hPrev2[k];
            }
        }
    }

    /**
     * δ_t and δ_{t−1} of {@link #adjointTwoRows} at bytes {@code at1} and {@code at0} of the tile (through
     * the segment, else the ByteBuffer), or δ_t into {@code delta} at k when there is no tile. Small, so
     * C2 inlines it into both loops and the vectors stay in registers.
     */
    private static void storeDeltas(DoubleVector dt, DoubleVector dm, ByteBuffer bytes, Object segment, int at1,
                                    int at0, double[] delta, int k) {
        if (segment != null) {
            segmentStore(dt, segment, at1);
            segmentStore(dm, segment, at0);
        } else if (bytes != null) {
            dt.intoByteBuffer(bytes, at1, ORDER);
            dm.intoByteBuffer(bytes, at0, ORDER);
        } else {
            dt.intoArray(delta, k);
        }
    }

    /**
     * carry ← (er c + w ⊙ carry) ⊙ (1 − h²), and, when {@code prev} is not null, gradW += carry ⊙ prev,
     * in one pass ({@link RecurrenceF64#backwardTile}): w, c, cols (not modified), carry and gradW
     * (modified) are the scratch's; h and prev are not modified.
     */
    public static void adjointRow(RecurrenceF64.Scratch s, double er, double[] h, double[] prev) {
        double[] w = s.w;
        double[] c = s.c;
        double[] carry = s.carry;
        double[] gradW = s.gradW;
        int cols = s.cols;
        DoubleVector erv = DoubleVector.broadcast(S, er);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int bound = S.loopBound(cols);
        int k = 0;
        if (prev != null) {
            for (; k < bound; k += L) {
                DoubleVector hk = DoubleVector.fromArray(S, h, k);
                DoubleVector delta = erv.mul(DoubleVector.fromArray(S, c, k))
                        .add(DoubleVector.fromArray(S, w, k).mul(DoubleVector.fromArray(S, carry, k)))
                        .mul(one.sub(hk.mul(hk)));
                delta.intoArray(carry, k);
                DoubleVector.fromArray(S, gradW, k).add(delta.mul(DoubleVector.fromArray(S, prev, k)))
                        .intoArray(gradW, k);
            }
            for (; k < cols; k++) {
                double hk = h[k];
                carry[k] = (er * c[k] + w[k] * carry[k]) * (1.0 - hk * hk);
                gradW[k] += carry[k] * prev[k];
            }
        } else {
            for (; k < bound; k += L) {
                DoubleVector hk = DoubleVector.fromArray(S, h, k);
                erv.mul(DoubleVector.fromArray(S, c, k))
                        .add(DoubleVector.fromArray(S, w, k).mul(DoubleVector.fromArray(S, carry, k)))
                        .mul(one.sub(hk.mul(hk))).intoArray(carry, k);
            }
            for (; k < cols; k++) {
                double hk = h[k];
                carry[k] = (er * c[k] + w[k] * carry[k]) * (1.0 - hk * hk);
            }
        }
    }
}
