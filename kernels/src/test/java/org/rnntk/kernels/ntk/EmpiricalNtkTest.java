package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;

/**
 * Every {@link NtkImplementation}, blocked and unblocked, against the naive per-output backprop
 * reference ({@link NaiveNtk}) and against each other, float64 (docs/theory.md §5).
 */
class EmpiricalNtkTest {

    /** Entrywise error relative to max|K| against the naive reference. */
    private static final double REFERENCE_TOL = 1e-10;
    /** Blocked versus unblocked, and implementation versus implementation: only summation order differs. */
    private static final double CROSS_TOL = 1e-12;
    /** λ_min ≥ −PSD_TOL·N·eps·λ_max for a Gram. */
    private static final double PSD_SLACK = 100;

    /** (activation, n, T, d, m, max|w|); |w| up to 1.2, above the cutoff 1/σ1 = 1 for tanh. */
    static Stream<Arguments> instances() {
        Activation tanh = Activations.tanh();
        Activation sigmoid = Activations.sigmoid();
        return Stream.of(
                Arguments.of(tanh, 1, 1, 1, 2, 0.5),
                Arguments.of(tanh, 5, 7, 3, 12, 1.2),
                Arguments.of(sigmoid, 4, 6, 2, 10, 1.2),
                Arguments.of(tanh, 3, 9, 5, 20, 0.9),
                Arguments.of(NtkInstances.customTanh(), 4, 5, 3, 8, 1.2));
    }

    static Stream<Arguments> implementationsAndInstances() {
        List<Arguments> out = new ArrayList<>();
        for (NtkImplementation impl : NtkImplementation.values()) {
            instances().forEach(a -> {
                Object[] v = a.get();
                out.add(Arguments.of(impl, v[0], v[1], v[2], v[3], v[4], v[5]));
            });
        }
        return out.stream();
    }

    private static EmpiricalNtk kernel(NtkImplementation impl, long budget) {
        return Ntk.empirical(new NtkOptions(impl, budget, 2));
    }

    private static List<Loss> modes(NtkImplementation impl) {
        return impl == NtkImplementation.PER_NEURON_FACTORIZED ? List.of(Loss.LAST_STEP)
                : List.of(Loss.LAST_STEP, Loss.ALL_STEPS);
    }

    @ParameterizedTest
    @MethodSource("implementationsAndInstances")
    void gramMatchesNaiveReference(NtkImplementation impl, Activation act, int n, int steps, int d, int m,
                                   double wMax) {
        Random rng = new Random(101 + 17L * n + 3L * steps + m);
        SequenceDataset data = NtkInstances.data(rng, n, steps, d, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, act, m, d, wMax);
        try (EmpiricalNtk ntk = kernel(impl, NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES)) {
            for (Loss mode : modes(impl)) {
                GramMatrix k = ntk.gram(model, data, mode);
                double[][] ref = NaiveNtk.gram(model, data, data, mode);
                assertEquals(ref.length, k.rows());
                assertTrue(k.symmetric());
                double err = NtkInstances.relativeError(k, ref);
                assertTrue(err <= REFERENCE_TOL, impl + " " + mode + ": relative error " + err);
                for (int r = 0; r < k.rows(); r++) {
                    for (int c = 0; c < k.cols(); c++) {
                        assertEquals(k.get(r, c), k.get(c, r), 0.0, "exact symmetry at " + r + "," + c);
                    }
                }
                Spectrum s = Spectrum.of(k);
                assertTrue(s.lambdaMin() >= -PSD_SLACK * s.tolerance(), "PSD: " + s);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementationsAndInstances")
    void crossGramMatchesNaiveReference(NtkImplementation impl, Activation act, int n, int steps, int d, int m,
                                        double wMax) {
        Random rng = new Random(202 + 17L * n + 3L * steps + m);
        SequenceDataset train = NtkInstances.data(rng, n, steps, d, 1.0);
        SequenceDataset test = NtkInstances.data(rng, n + 2, steps + 3, d, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, act, m, d, wMax);
        try (EmpiricalNtk ntk = kernel(impl, NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES)) {
            for (Loss mode : modes(impl)) {
                GramMatrix k = ntk.gram(model, train, test, mode);
                double[][] ref = NaiveNtk.gram(model, train, test, mode);
                assertEquals(ref.length, k.rows());
                assertEquals(ref[0].length, k.cols());
                assertTrue(!k.symmetric());
                double err = NtkInstances.relativeError(k, ref);
                assertTrue(err <= REFERENCE_TOL, impl + " " + mode + " cross: relative error " + err);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementationsAndInstances")
    void gramOfOneDataSetEqualsCrossGramWithItself(NtkImplementation impl, Activation act, int n, int steps, int d,
                                                   int m, double wMax) {
        Random rng = new Random(303 + m);
        SequenceDataset data = NtkInstances.data(rng, n, steps, d, 1.0);
        SequenceDataset copy = new SequenceDataset(n, steps, d, data.inputs(), data.targets());
        DiagonalRnn model = NtkInstances.model(rng, act, m, d, wMax);
        try (EmpiricalNtk ntk = kernel(impl, NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES)) {
            for (Loss mode : modes(impl)) {
                GramMatrix k = ntk.gram(model, data, mode);
                assertEquals(k, ntk.gram(model, data, data, mode), "gram(x) and gram(x, x) are the same call");
                GramMatrix viaCopy = ntk.gram(model, data, copy, mode);
                assertTrue(NtkInstances.relativeError(viaCopy, k) <= CROSS_TOL, "gram(x, copy of x) = gram(x)");
            }
        }
    }

    /** Budgets that force uneven blocks, blocks inside a sequence (all steps) and a Jacobian larger than the budget. */
    @ParameterizedTest
    @MethodSource("implementationsAndInstances")
    void blockedEqualsUnblocked(NtkImplementation impl, Activation act, int n, int steps, int d, int m, double wMax) {
        Random rng = new Random(404 + 5L * m);
        SequenceDataset data = NtkInstances.data(rng, n, steps, d, 1.0);
        SequenceDataset other = NtkInstances.data(rng, n + 1, steps + 1, d, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, act, m, d, wMax);
        long p = (long) m * (d + 1);
        long budget = impl == NtkImplementation.JACOBIAN_CONTRACTION ? 4 * 8 * p + 8
                : 8 * (2L * 2 * (steps + 1) * m + 3L * 4 * (steps + 1) * (steps + 1));
        try (EmpiricalNtk whole = kernel(impl, Long.MAX_VALUE); EmpiricalNtk blocked = kernel(impl, budget)) {
            for (Loss mode : modes(impl)) {
                GramMatrix a = whole.gram(model, data, mode);
                GramMatrix b = blocked.gram(model, data, mode);
                assertTrue(NtkInstances.relativeError(b, a) <= CROSS_TOL, impl + " " + mode + " blocked");
                assertTrue(b.symmetric());
                GramMatrix ca = whole.gram(model, data, other, mode);
                GramMatrix cb = blocked.gram(model, data, other, mode);
                assertTrue(NtkInstances.relativeError(cb, ca) <= CROSS_TOL, impl + " " + mode + " blocked cross");
                assertTrue(NtkInstances.relativeError(cb, NaiveNtk.gram(model, data, other, mode)) <= REFERENCE_TOL);
            }
        }
    }

    @Test
    void lastStepGramWhoseJacobianExceedsTheBudget() {
        Random rng = new Random(505);
        int n = 24;
        int steps = 6;
        int d = 4;
        int m = 32;
        SequenceDataset data = NtkInstances.data(rng, n, steps, d, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), m, d, 1.1);
        long p = (long) m * (d + 1);
        long budget = 4 * 8 * p;
        assertTrue(n * p * 8 > 5 * budget, "the Jacobian is several budgets large");
        try (EmpiricalNtk ntk = kernel(NtkImplementation.JACOBIAN_CONTRACTION, budget)) {
            GramMatrix k = ntk.gram(model, data, Loss.LAST_STEP);
            double err = NtkInstances.relativeError(k, NaiveNtk.gram(model, data, data, Loss.LAST_STEP));
            assertTrue(err <= REFERENCE_TOL, "relative error " + err);
        }
    }

    /**
     * Large enough for the threaded paths of the contraction: several 64-row sub-tiles per side
     * (last step 150 rows, all steps 450), Z and Γᵀ X GEMMs split over the two threads, two neuron
     * chunks in the recurrences; and a budget that forces several panels on top.
     */
    @ParameterizedTest
    @MethodSource("activations")
    void severalSubTilesAndThreadsMatchNaiveReference(Activation act) {
        Random rng = new Random(909);
        int n = 150;
        int steps = 3;
        int d = 2;
        int m = 128;
        SequenceDataset data = NtkInstances.data(rng, n, steps, d, 1.0);
        SequenceDataset other = NtkInstances.data(rng, 70, steps + 1, d, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, act, m, d, 1.1);
        long p = (long) m * (d + 1);
        try (EmpiricalNtk whole = kernel(NtkImplementation.JACOBIAN_CONTRACTION, Long.MAX_VALUE);
             EmpiricalNtk blocked = kernel(NtkImplementation.JACOBIAN_CONTRACTION, 8 * p * 100)) {
            for (Loss mode : Loss.values()) {
                GramMatrix k = whole.gram(model, data, mode);
                double err = NtkInstances.relativeError(k, NaiveNtk.gram(model, data, data, mode));
                assertTrue(err <= REFERENCE_TOL, mode + ": relative error " + err);
                for (int r = 0; r < k.rows(); r++) {
                    for (int c = 0; c < k.cols(); c++) {
                        assertEquals(k.get(r, c), k.get(c, r), 0.0, "exact symmetry at " + r + "," + c);
                    }
                }
                GramMatrix cross = whole.gram(model, data, other, mode);
                double errCross = NtkInstances.relativeError(cross, NaiveNtk.gram(model, data, other, mode));
                assertTrue(errCross <= REFERENCE_TOL, mode + " cross: relative error " + errCross);
                assertTrue(NtkInstances.relativeError(blocked.gram(model, data, mode), k) <= CROSS_TOL, mode + " blocked");
                assertTrue(NtkInstances.relativeError(blocked.gram(model, data, other, mode), cross) <= CROSS_TOL,
                        mode + " blocked cross");
            }
        }
    }

    /**
     * A large block budget must not make a Jacobian block or a contraction tile larger than a java.nio
     * view of an ND4J buffer can address (2^31 − 1 bytes): at the headline size (m = 1024, d = 32) a
     * budget that holds the whole all-steps Jacobian (4.4 GB) once overflowed such a view.
     */
    @Test
    void jacobianBlocksStayWithinWhatABufferViewAddresses() {
        long maxBytes = Integer.MAX_VALUE;
        for (int[] md : new int[][]{{1024, 32}, {256, 32}, {4096, 1}, {8, 1}, {65536, 64}}) {
            long cap = BlockedNtk.jacobianRowCap(md[0], md[1]);
            assertTrue(cap >= 1, "at least one row: " + cap);
            assertTrue(cap * md[0] * md[1] * 8 <= maxBytes, "dU rows within a view: " + cap + " for " + md[0] + "," + md[1]);
            assertTrue(cap * md[0] * 8 <= maxBytes, "dw rows within a view: " + cap);
            assertTrue(cap * cap * 8 <= maxBytes, "a panel x stream tile within a view: " + cap);
        }
        assertEquals(8191, BlockedNtk.jacobianRowCap(1024, 32), "the headline size: 2^31 bytes / (8 m d), rounded down");
        assertEquals(16383, BlockedNtk.jacobianRowCap(256, 32), "capped by the tile buffer: floor(sqrt(2^28 - 1))");
    }

    /**
     * A Gram large enough for the contraction's 256-row sub-tiles (all steps, N = 1600: 28 sub-tiles on
     * or above the diagonal): it matches the naive reference, and its bits do not depend on the threads.
     */
    @Test
    void largeSubTilesMatchNaiveReferenceAndDoNotDependOnThreads() {
        assertEquals(256, BlockedNtk.subTile(1600, 1600, true));
        assertEquals(64, BlockedNtk.subTile(256, 256, true), "the headline last-step Gram keeps 64-row sub-tiles");
        Random rng = new Random(4242);
        SequenceDataset data = NtkInstances.data(rng, 200, 8, 2, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), 16, 2, 0.9);
        try (EmpiricalNtk two = Ntk.empirical(NtkOptions.defaults().withThreads(2));
             EmpiricalNtk one = Ntk.empirical(NtkOptions.defaults().withThreads(1))) {
            GramMatrix k = two.gram(model, data, Loss.ALL_STEPS);
            assertEquals(1600, k.rows());
            double err = NtkInstances.relativeError(k, NaiveNtk.gram(model, data, data, Loss.ALL_STEPS));
            assertTrue(err <= REFERENCE_TOL, "relative error " + err);
            assertEquals(k, one.gram(model, data, Loss.ALL_STEPS), "one thread gives the same bits");
        }
    }

    static Stream<Activation> activations() {
        return Stream.of(Activations.tanh(), Activations.sigmoid(), NtkInstances.customTanh());
    }

    @ParameterizedTest
    @MethodSource("instances")
    void implementationsAgree(Activation act, int n, int steps, int d, int m, double wMax) {
        Random rng = new Random(606 + m);
        SequenceDataset a = NtkInstances.data(rng, n, steps, d, 1.0);
        SequenceDataset b = NtkInstances.data(rng, n + 3, steps, d, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, act, m, d, wMax);
        try (EmpiricalNtk jc = kernel(NtkImplementation.JACOBIAN_CONTRACTION, Long.MAX_VALUE);
             EmpiricalNtk pf = kernel(NtkImplementation.PER_NEURON_FACTORIZED, Long.MAX_VALUE)) {
            GramMatrix k1 = jc.gram(model, a, Loss.LAST_STEP);
            GramMatrix k2 = pf.gram(model, a, Loss.LAST_STEP);
            assertTrue(NtkInstances.relativeError(k2, k1) <= CROSS_TOL);
            assertTrue(NtkInstances.relativeError(pf.gram(model, a, b, Loss.LAST_STEP),
                    jc.gram(model, a, b, Loss.LAST_STEP)) <= CROSS_TOL);
        }
    }

    /** The all-steps Gram's last-step sub-matrix is the last-step Gram. */
    @Test
    void lastStepGramIsSubmatrixOfAllStepsGram() {
        Random rng = new Random(707);
        int n = 4;
        int steps = 5;
        SequenceDataset data = NtkInstances.data(rng, n, steps, 3, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.sigmoid(), 10, 3, 1.2);
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            GramMatrix all = ntk.gram(model, data, Loss.ALL_STEPS);
            GramMatrix last = ntk.gram(model, data, Loss.LAST_STEP);
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    assertEquals(all.get(j * steps + steps - 1, k * steps + steps - 1), last.get(j, k),
                            1e-13 * last.maxAbs());
                }
            }
        }
    }

    /** A kernel reused across models and sizes (cached buffers) gives what a fresh one gives. */
    @Test
    void reusedKernelMatchesFreshKernel() {
        Random rng = new Random(808);
        try (EmpiricalNtk reused = Ntk.empirical()) {
            for (int rep = 0; rep < 3; rep++) {
                int n = 3 + 2 * rep;
                int steps = 6 - rep;
                int m = 30 - 8 * rep;
                SequenceDataset data = NtkInstances.data(rng, n, steps, 2, 1.0);
                DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), m, 2, 1.0);
                for (Loss mode : Loss.values()) {
                    assertArrayEquals(Ntk.gram(model, data, mode).values(), reused.gram(model, data, mode).values(),
                            0.0);
                }
            }
        }
    }
}
