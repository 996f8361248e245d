package org.rnntk.kernels.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.ntk.GramMatrix;

/**
 * The dense backend and NTK against JAX autograd in float64 (values from
 * {@code kernels/src/test/scripts/dense_reference.py}, kept as a test resource): outputs, both
 * losses, their gradients in W and U, and the last-step, all-steps and cross Grams, each to
 * {@value #REL_TOL} relative to the array's largest entry. The instances are generic (W dense, not
 * mirrored), one of odd width, one with ‖W‖ above the tanh cutoff.
 */
class DenseReferenceTest {

    /** Relative to max|reference|; the kernels' tanh is within 4 ulp of the reference's. */
    static final double REL_TOL = 1e-12;

    private static Nd4jDenseBackend backend;
    private static DenseNtk ntk;

    @BeforeAll
    static void open() {
        backend = Nd4jDenseBackend.create();
        ntk = DenseNtk.create();
    }

    @AfterAll
    static void close() {
        backend.close();
        ntk.close();
    }

    static List<DenseReference> cases() {
        return DenseReference.load();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void outputsLossesAndGradientsMatchAutograd(DenseReference ref) {
        DenseRnn model = ref.model();
        SequenceDataset data = ref.data();
        assertClose(ref.get("outputs"), backend.outputs(model, data), ref + " outputs");
        for (Loss loss : Loss.values()) {
            String key = loss == Loss.ALL_STEPS ? "all" : "last";
            LossGradient lg = backend.lossAndGradient(model, data, loss);
            assertClose(ref.get("loss_" + key), new double[] {lg.loss()}, ref + " loss " + key);
            assertClose(ref.get("loss_" + key), new double[] {backend.loss(model, data, loss)}, ref + " loss " + key);
            assertClose(ref.get("gradW_" + key), lg.gradW(), ref + " dW " + key);
            assertClose(ref.get("gradU_" + key), lg.gradU(), ref + " dU " + key);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gramsMatchAutograd(DenseReference ref) {
        DenseRnn model = ref.model();
        SequenceDataset data = ref.data();
        for (Loss mode : Loss.values()) {
            String key = mode == Loss.ALL_STEPS ? "all" : "last";
            GramMatrix k = ntk.gram(model, data, mode);
            assertTrue(k.symmetric());
            assertClose(ref.get("gram_" + key), k.values(), ref + " Gram " + key);
            for (int r = 0; r < k.rows(); r++) {
                for (int c = 0; c < r; c++) {
                    assertEquals(k.get(c, r), k.get(r, c), 0.0, "exact symmetry");
                }
            }
            GramMatrix cross = ntk.gram(model, data, ref.second(), mode);
            assertClose(ref.get("cross_" + key), cross.values(), ref + " cross-Gram " + key);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void blockedGramsEqualOneBlock(DenseReference ref) {
        DenseRnn model = ref.model();
        SequenceDataset data = ref.data();
        long p = (long) ref.m() * (ref.m() + ref.d());
        for (Loss mode : Loss.values()) {
            int perSeq = mode == Loss.LAST_STEP ? 1 : Math.max(ref.steps(), ref.steps2());
            // Room for one sequence per block: every block pair is a separate product.
            try (DenseNtk small = DenseNtk.create(2 * perSeq * p * Double.BYTES)) {
                assertClose(ntk.gram(model, data, mode).values(), small.gram(model, data, mode).values(),
                        ref + " blocked " + mode);
                assertClose(ntk.gram(model, data, ref.second(), mode).values(),
                        small.gram(model, data, ref.second(), mode).values(), ref + " blocked cross " + mode);
            }
        }
    }

    /** max|expected − actual| ≤ REL_TOL · max|expected|. */
    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(scale > 0, what + ": reference is all zero");
        assertTrue(err <= REL_TOL * scale, what + ": max error " + err + " against max " + scale
                + " (relative " + err / scale + ")");
    }
}
