package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/**
 * The NTK loops' block record refuses a wrong shape before any loop runs, naming the array, its length
 * and the expected length; the scratch they share is reused across blocks of other shapes without its
 * old contents reaching a result.
 */
class NtkLoopsTest {

    private static final int SEQS = 2;
    private static final int T = 3;
    private static final int M = 4;
    private static final int D = 5;
    private static final Activation ACT = Activations.tanh();

    @Test
    void blockAcceptsItsShapeWithOrWithoutScale() {
        NtkLoops.Block block = new NtkLoops.Block(new double[M], new double[M], ACT, SEQS, T, M, D);
        assertEquals(M, block.m());
        new NtkLoops.Block(new double[M], null, ACT, SEQS, T, M, D);
    }

    @Test
    void blockRefusesAnArrayOfTheWrongLengthNamingItsLengthAndTheExpectedOne() {
        double[] w = new double[M];
        assertRefused("NTK block array w has 5 elements but m = 4 were expected",
                () -> new NtkLoops.Block(new double[M + 1], new double[M], ACT, SEQS, T, M, D));
        assertRefused("NTK block array scale has 3 elements but m = 4 were expected",
                () -> new NtkLoops.Block(w, new double[M - 1], ACT, SEQS, T, M, D));
    }

    @Test
    void blockRefusesANonPositiveOrUnindexableShape() {
        double[] w = new double[M];
        assertRefused("NTK block seqs (0) must be > 0", () -> new NtkLoops.Block(w, null, ACT, 0, T, M, D));
        assertRefused("NTK block steps T (-1) must be > 0", () -> new NtkLoops.Block(w, null, ACT, SEQS, -1, M, D));
        assertRefused("NTK block width m (0) must be > 0", () -> new NtkLoops.Block(new double[0], null, ACT, SEQS, T,
                0, D));
        assertRefused("NTK block input dimension d (0) must be > 0", () -> new NtkLoops.Block(w, null, ACT, SEQS, T,
                M, 0));
        int seqs = Integer.MAX_VALUE / (T * M) + 1;
        assertRefused("seqs*T*m = " + seqs + "*3*4 = " + (long) seqs * T * M + " cells exceeds",
                () -> new NtkLoops.Block(w, null, ACT, seqs, T, M, D));
        assertThrows(NullPointerException.class, () -> new NtkLoops.Block(null, null, ACT, SEQS, T, M, D));
        assertThrows(NullPointerException.class, () -> new NtkLoops.Block(w, null, null, SEQS, T, M, D));
    }

    @Test
    void aLoopThatReadsTheScaleRefusesABlockBuiltWithoutOne() {
        NtkLoops.Block block = new NtkLoops.Block(new double[M], null, ACT, SEQS, T, M, D);
        double[] cells = new double[SEQS * T * M];
        NtkLoops.Scratch scratch = new NtkLoops.Scratch().sizedForLastStepCoefficients(block);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NtkLoops.lastStepCoefficients(
                block, cells, cells, new double[SEQS * T * M], new double[SEQS * M], scratch, 0, M));
        assertTrue(e.getMessage().contains("lastStepCoefficients reads the output scale"), e.getMessage());
    }

    @Test
    void storedRowsRefuseAnEmptyOrNegativeWindow() {
        double[] a = new double[1];
        assertRefused("stored rows [lo, hi) = [3, 3) must be non-empty", () -> new NtkLoops.StoredRows(a, 0, 3, 3, a,
                a));
        assertRefused("stored rows lo (-1) must be >= 0", () -> new NtkLoops.StoredRows(a, 0, -1, 3, a, a));
        assertRefused("stored rows xRow0 (-2) must be >= 0", () -> new NtkLoops.StoredRows(a, -2, 0, 3, a, a));
    }

    /**
     * The fused last-step pass (sigmoid: the generic loop) against the two-pass forward and coefficients,
     * for a scratch reused after a wider, longer block filled it with other numbers and for a fresh one:
     * the same bits, since both sum and multiply in the same order.
     */
    @Test
    void aReusedScratchGivesTheBitsOfAFreshOneAndOfTheTwoPassLoops() {
        Random rng = new Random(20261206L);
        Activation sigmoid = Activations.sigmoid();
        int m = 24;
        int steps = 5;
        int seqs = 3;
        NtkLoops.Scratch reused = new NtkLoops.Scratch();
        NtkLoops.Block wide = block(rng, sigmoid, seqs + 1, steps + 2, m + 8);
        lastStepJacobian(wide, randoms(rng, (seqs + 1) * (steps + 2) * (m + 8)), reused, 3);

        NtkLoops.Block block = block(rng, sigmoid, seqs, steps, m);
        double[] z = randoms(rng, seqs * steps * m);
        double[][] fused = lastStepJacobian(block, z, reused, 2);
        double[][] fresh = lastStepJacobian(block, z, new NtkLoops.Scratch(), 3);

        double[] h = z.clone();
        double[] deriv = new double[h.length];
        double[] gamma = new double[h.length];
        double[] jw = new double[seqs * m];
        NtkLoops.Scratch twoPass = new NtkLoops.Scratch().sizedForLastStepCoefficients(block);
        NtkLoops.forward(block, h, deriv, 0, m);
        NtkLoops.lastStepCoefficients(block, h, deriv, gamma, jw, twoPass, 0, m);

        assertArrayEquals(fresh[0], fused[0], 0.0);
        assertArrayEquals(fresh[1], fused[1], 0.0);
        assertArrayEquals(gamma, fused[0], 0.0);
        assertArrayEquals(jw, fused[1], 0.0);
        assertTrue(Arrays.stream(jw).anyMatch(v -> v != 0.0), "a nonzero ∂F_T/∂w");
    }

    /** Γ and ∂F_T/∂w of the block, the neurons split into {@code chunks} ranges run one after another. */
    private static double[][] lastStepJacobian(NtkLoops.Block block, double[] z, NtkLoops.Scratch scratch,
                                               int chunks) {
        int m = block.m();
        DoubleBuffer zg = DoubleBuffer.wrap(z.clone());
        double[] jac = new double[block.seqs() * m];
        DoubleBuffer jw = DoubleBuffer.wrap(jac);
        scratch.sizedForLastStepJacobian(block);
        for (int c = 0; c < chunks; c++) {
            NtkLoops.lastStepJacobian(block, zg, jw, 0, m, scratch, m * c / chunks, m * (c + 1) / chunks);
        }
        return new double[][] {zg.array(), jac};
    }

    private static NtkLoops.Block block(Random rng, Activation act, int seqs, int steps, int m) {
        double[] w = new double[m];
        double[] scale = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = 1.8 * rng.nextDouble() - 0.9;
            scale[i] = (rng.nextBoolean() ? 1.0 : -1.0) / Math.sqrt(m);
        }
        return new NtkLoops.Block(w, scale, act, seqs, steps, m, 2);
    }

    private static double[] randoms(Random rng, int n) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = rng.nextGaussian();
        }
        return a;
    }

    private static void assertRefused(String expected, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
