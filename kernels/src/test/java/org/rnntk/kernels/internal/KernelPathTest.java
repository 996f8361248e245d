package org.rnntk.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/**
 * Every kernel path this JVM can run ({@link KernelPath}) through a block's tiles, forward and
 * BPTT, against a naive per-element reference (Math.tanh, the activation's own σ and σ'), and the
 * float64 tanh paths against each other bit for bit. The build runs the tests with
 * {@code --add-modules jdk.incubator.vector}, so the Vector API paths run here; the loss chooses no
 * path (it enters through e), its two modes are enumerated at the backend level by
 * {@code KernelPathBackendTest}.
 */
class KernelPathTest {

    /** Block shapes: (cols, pairs, steps, rows, tileRows), whole sequences; tails of the eight-way sums and vector loops, tiles across sequences. */
    private static final int[][] SHAPES = {{21, 10, 5, 15, 6}, {37, 18, 7, 14, 5}, {16, 8, 4, 8, 8}, {2, 1, 4, 8, 3}};

    /** An activation with σ' only from z: the backend keeps Z for it. */
    private static final Activation TANH_FROM_Z = Activations.custom("tanh-from-z", Math::tanh,
            z -> 1 - Math.tanh(z) * Math.tanh(z), z -> -2 * Math.tanh(z) * (1 - Math.tanh(z) * Math.tanh(z)),
            Activations.tanh().constants());

    static Activation activationFor(KernelPath.Form form) {
        switch (form) {
            case TANH_FUSED:
                return Activations.tanh();
            case FROM_VALUE:
                return Activations.sigmoid();
            default:
                return TANH_FROM_Z;
        }
    }

    static Stream<Arguments> runnablePaths() {
        return Arrays.stream(KernelPath.values()).filter(KernelPath::runnableHere)
                .flatMap(p -> Arrays.stream(SHAPES).map(s -> Arguments.of(p, s)));
    }

    @Test
    void theRunnablePathsAreThoseOfThisJdk() {
        Set<KernelPath> expected = EnumSet.of(KernelPath.F64_TANH_LOOPS, KernelPath.F64_FROM_VALUE,
                KernelPath.F64_FROM_PREACTIVATION, KernelPath.F32_TANH_LOOPS, KernelPath.F32_FROM_VALUE,
                KernelPath.F32_FROM_PREACTIVATION);
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the tests run with --add-modules jdk.incubator.vector (surefire argLine)");
        int lanes = VectorRecurrenceF64.lanes();
        int jdk = Runtime.version().feature();
        if (lanes == 4 || lanes == 8) {
            expected.add(KernelPath.F64_TANH_VECTOR_COPY);
            if (jdk < 20) {
                expected.add(KernelPath.F64_TANH_VECTOR_BYTE_BUFFER);
            }
            if (jdk >= 22) {
                expected.add(KernelPath.F64_TANH_VECTOR_MEMORY_SEGMENT);
            }
        }
        Set<KernelPath> runnable = EnumSet.noneOf(KernelPath.class);
        for (KernelPath p : KernelPath.values()) {
            if (p.runnableHere()) {
                runnable.add(p);
            }
        }
        assertEquals(expected, runnable, "JDK " + jdk + ", " + lanes + " lanes");
    }

    @Test
    void theBackendTakesARunnablePathOfTheActivationsForm() {
        for (boolean float64 : new boolean[]{true, false}) {
            for (KernelPath.Form form : KernelPath.Form.values()) {
                KernelPath p = KernelPath.active(float64, activationFor(form));
                assertTrue(p.runnableHere(), p.name());
                assertEquals(float64, p.float64(), p.name());
                assertEquals(form, p.form(), p.name());
                assertEquals(float64 && form == KernelPath.Form.TANH_FUSED && VectorKernels.enabled(), p.vectorApi(),
                        p.name() + " / " + VectorKernels.status());
                assertEquals(p.vectorApi() && !VectorKernels.zeroCopy(), p.access() == KernelPath.Access.COPY
                        && p.vectorApi(), p.name() + " / " + VectorKernels.status());
            }
        }
    }

    @ParameterizedTest(name = "{0}, shape {1}")
    @MethodSource("runnablePaths")
    void eachPathMatchesTheNaiveReference(KernelPath path, int[] shape) {
        Block b = new Block(shape);
        Activation act = activationFor(path.form());
        Result ref = b.reference(act);
        Result got = b.run(path, act);
        // float64: FastTanh (≤ 2 ulp) and sums in another order; float32: one rounding per step.
        double tol = path.float64() ? 1e-12 : 2e-5;
        for (int r = 0; r < b.rows; r++) {
            assertClose(ref.h[r], got.h[r], tol, path + " H row " + r);
            assertClose(ref.delta[r], got.delta[r], tol, path + " Δ row " + r);
            assertEquals(ref.partial[r], got.partial[r], tol * b.cols, path + " partial row " + r);
        }
        assertClose(ref.gradW, got.gradW, tol * b.rows, path + " ∂R̂/∂w");
    }

    @ParameterizedTest(name = "shape {0}")
    @MethodSource("shapes")
    void theFloat64TanhPathsGiveTheSameBits(int[] shape) {
        Block b = new Block(shape);
        Result loops = b.run(KernelPath.F64_TANH_LOOPS, Activations.tanh());
        int compared = 0;
        for (KernelPath p : KernelPath.values()) {
            if (p == KernelPath.F64_TANH_LOOPS || !p.float64() || p.form() != KernelPath.Form.TANH_FUSED
                    || !p.runnableHere()) {
                continue;
            }
            Result other = b.run(p, Activations.tanh());
            for (int r = 0; r < b.rows; r++) {
                assertBits(loops.h[r], other.h[r], p + " H row " + r);
                assertBits(loops.delta[r], other.delta[r], p + " Δ row " + r);
            }
            assertBits(loops.partial, other.partial, p + " partials");
            assertBits(loops.gradW, other.gradW, p + " ∂R̂/∂w");
            compared++;
        }
        assertEquals(VectorKernels.enabled() ? 2 : 0, compared, "Vector API paths compared on this JDK");
    }

    /**
     * RecurrenceF32 and RecurrenceF64 come from one template, with float32-only and float64-only
     * sections (docs/design/kernel-paths.md): every form of σ' has a path in both precisions, and on
     * each the float32 class gives the float64 results up to float32 rounding.
     */
    @ParameterizedTest(name = "shape {0}")
    @MethodSource("shapes")
    void theFloat32TwinFollowsTheFloat64PathOnEveryForm(int[] shape) {
        Block b = new Block(shape);
        for (KernelPath.Form form : KernelPath.Form.values()) {
            Activation act = activationFor(form);
            KernelPath p64 = KernelPath.active(true, act);
            KernelPath p32 = KernelPath.active(false, act);
            assertEquals(form, p32.form(), p32.name());
            Result r64 = b.run(p64, act);
            Result r32 = b.run(p32, act);
            for (int r = 0; r < b.rows; r++) {
                assertClose(r64.h[r], r32.h[r], 2e-5, form + " H row " + r);
                assertClose(r64.delta[r], r32.delta[r], 2e-5, form + " Δ row " + r);
                assertEquals(r64.partial[r], r32.partial[r], 2e-5 * b.cols, form + " partial row " + r);
            }
            assertClose(r64.gradW, r32.gradW, 2e-5 * b.rows, form + " ∂R̂/∂w");
        }
    }

    static Stream<Arguments> shapes() {
        return Arrays.stream(SHAPES).map(s -> Arguments.of((Object) s));
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], tol * Math.max(1, Math.abs(expected[k])), what + ", k " + k);
        }
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        for (int k = 0; k < expected.length; k++) {
            assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]),
                    what + ", k " + k + ": " + expected[k] + " vs " + actual[k]);
        }
    }

    /** H, row partials, Δ (all float64 for comparison) and ∂R̂/∂w of one block. */
    private static final class Result {
        double[][] h;
        double[][] delta;
        double[] partial;
        double[] gradW;
    }

    /** One block: parameters, Z, e, tiled as ChunkedPass tiles it. */
    private static final class Block {
        final int cols;
        final int pairs;
        final int steps;
        final int rows;
        final int tileRows;
        final double[] w;
        final double[] c;
        final double[][] z;
        final double[] e;
        final double scale;

        Block(int[] shape) {
            cols = shape[0];
            pairs = shape[1];
            steps = shape[2];
            rows = shape[3];
            tileRows = shape[4];
            scale = 1 / Math.sqrt(2.0 * cols);
            Random rng = new Random(Arrays.hashCode(shape));
            w = new double[cols];
            c = new double[cols];
            for (int k = 0; k < cols; k++) {
                // Values exact in float32, so that both precisions start from the same block.
                w[k] = (float) (2 * rng.nextDouble() - 1);
                c[k] = (float) rng.nextGaussian();
            }
            for (int k = 0; k < pairs; k++) {
                w[k + pairs] = w[k];
                c[k + pairs] = -c[k];
            }
            z = new double[rows][cols];
            for (double[] row : z) {
                for (int k = 0; k < cols; k++) {
                    row[k] = (float) (2 * rng.nextGaussian());
                }
            }
            e = new double[rows];
            for (int r = 0; r < rows; r++) {
                e[r] = rng.nextGaussian();
            }
        }

        /** The recurrence and its adjoint from the definitions, one element at a time. */
        Result reference(Activation act) {
            Result out = new Result();
            out.h = new double[rows][cols];
            out.delta = new double[rows][cols];
            out.partial = new double[rows];
            out.gradW = new double[cols];
            double[][] pre = new double[rows][cols];
            for (int r = 0; r < rows; r++) {
                int t = r % steps;
                for (int k = 0; k < cols; k++) {
                    double prev = t == 0 ? 0 : out.h[r - 1][k];
                    pre[r][k] = w[k] * prev + z[r][k];
                    out.h[r][k] = act.value(pre[r][k]);
                    out.partial[r] += c[k] * out.h[r][k];
                }
            }
            for (int r = rows - 1; r >= 0; r--) {
                int t = r % steps;
                for (int k = 0; k < cols; k++) {
                    double next = t == steps - 1 ? 0 : out.delta[r + 1][k];
                    out.delta[r][k] = (e[r] * scale * c[k] + w[k] * next) * act.derivative(pre[r][k]);
                    if (t > 0) {
                        out.gradW[k] += out.delta[r][k] * out.h[r - 1][k];
                    }
                }
            }
            return out;
        }

        Result run(KernelPath path, Activation act) {
            return path.float64() ? run64(path, act) : run32(path, act);
        }

        private Result run64(KernelPath path, Activation act) {
            RecurrenceF64.Scratch s = new RecurrenceF64.Scratch(cols);
            s.load(w, c, 0, cols, pairs);
            Arrays.fill(s.gradW, 0.0);
            ByteBuffer bytes = ByteBuffer.allocateDirect(tileRows * cols * Double.BYTES).order(ByteOrder.nativeOrder());
            DoubleBuffer tile = bytes.asDoubleBuffer();
            DirectTile direct = path.access() == KernelPath.Access.COPY ? null : VectorRecurrenceF64.direct(bytes);
            assertEquals(path.access() != KernelPath.Access.COPY, direct != null, path + ": in-place tile access");
            boolean keepZ = path.form() == KernelPath.Form.FROM_PREACTIVATION;
            Result out = new Result();
            out.h = new double[rows][cols];
            double[][] zKeep = keepZ ? new double[rows][cols] : null;
            out.partial = new double[rows];
            RecurrenceF64.TileCursor cursor = new RecurrenceF64.TileCursor(tile, direct, s)
                    .call(act, steps, out.partial, e, scale).block(out.h, zKeep, 0, 0);
            for (int r0 = 0; r0 < rows; r0 += tileRows) {
                int r1 = Math.min(rows, r0 + tileRows);
                for (int r = r0; r < r1; r++) {
                    tile.put((r - r0) * cols, z[r], 0, cols);
                }
                RecurrenceF64.forwardTile(cursor, r0, r1, path.vectorApi());
            }
            out.delta = new double[rows][cols];
            for (int q = (rows + tileRows - 1) / tileRows - 1; q >= 0; q--) {
                int r0 = q * tileRows;
                int r1 = Math.min(rows, r0 + tileRows);
                for (int i = 0; i < tile.capacity(); i++) {
                    tile.put(i, Double.NaN); // a stale tile: every element of Δ must be written
                }
                RecurrenceF64.backwardTile(cursor, r0, r1, path.vectorApi());
                for (int r = r0; r < r1; r++) {
                    tile.get((r - r0) * cols, out.delta[r], 0, cols);
                }
            }
            out.gradW = s.gradW.clone();
            return out;
        }

        private Result run32(KernelPath path, Activation act) {
            float[] w32 = new float[cols];
            float[] c32 = new float[cols];
            for (int k = 0; k < cols; k++) {
                w32[k] = (float) w[k];
                c32[k] = (float) c[k];
            }
            RecurrenceF32.Scratch s = new RecurrenceF32.Scratch(cols);
            s.load(w32, c32, 0, cols, pairs);
            Arrays.fill(s.gradW, 0.0);
            FloatBuffer tile = ByteBuffer.allocateDirect(tileRows * cols * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            boolean keepZ = path.form() == KernelPath.Form.FROM_PREACTIVATION;
            float[][] h = new float[rows][cols];
            float[][] zKeep = keepZ ? new float[rows][cols] : null;
            Result out = new Result();
            out.partial = new double[rows];
            RecurrenceF32.TileCursor cursor = new RecurrenceF32.TileCursor(tile, s)
                    .call(act, steps, out.partial, e, scale).block(h, zKeep, 0, 0);
            for (int r0 = 0; r0 < rows; r0 += tileRows) {
                int r1 = Math.min(rows, r0 + tileRows);
                for (int r = r0; r < r1; r++) {
                    for (int k = 0; k < cols; k++) {
                        tile.put((r - r0) * cols + k, (float) z[r][k]);
                    }
                }
                RecurrenceF32.forwardTile(cursor, r0, r1);
            }
            out.h = widen(h);
            float[][] delta = new float[rows][cols];
            for (int q = (rows + tileRows - 1) / tileRows - 1; q >= 0; q--) {
                int r0 = q * tileRows;
                int r1 = Math.min(rows, r0 + tileRows);
                for (int i = 0; i < tile.capacity(); i++) {
                    tile.put(i, Float.NaN);
                }
                RecurrenceF32.backwardTile(cursor, r0, r1);
                for (int r = r0; r < r1; r++) {
                    tile.get((r - r0) * cols, delta[r], 0, cols);
                }
            }
            out.delta = widen(delta);
            out.gradW = s.gradW.clone();
            return out;
        }

        private static double[][] widen(float[][] a) {
            double[][] out = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                out[i] = new double[a[i].length];
                for (int k = 0; k < a[i].length; k++) {
                    out[i][k] = a[i][k];
                }
            }
            return out;
        }
    }
}
