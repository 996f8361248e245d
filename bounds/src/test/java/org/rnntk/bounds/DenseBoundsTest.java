package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;

/** The bounds refuse a dense W and report µ_T's analogue as a labelled diagnostic (docs/theory.md §11). */
class DenseBoundsTest {

    private static final double TOL = 1e-10;

    @Test
    void boundsRefuseANonDiagonalW() {
        DenseRnn dense = Initializers.mirroredDense(0.9, DenseLaw.GAUSSIAN, 1).initialize(8, 2, Activations.tanh());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DenseBounds.requireDiagonal(dense));
        assertTrue(e.getMessage().contains("non-diagonal W"), e.getMessage());
        assertTrue(e.getMessage().contains("derived for a diagonal recurrent matrix"), e.getMessage());
        DiagonalRnn diag = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 2).initialize(6, 2, Activations.tanh());
        assertEquals(diag, DenseBounds.requireDiagonal(DenseRnn.of(diag)));
    }

    /** For a diagonal W both analogues are the library's µ_T with α = max|w_i|. */
    @Test
    void diagonalWGivesTheLibrarysMuT() {
        DiagonalRnn diag = Initializers.symmetric(0.7, RecurrentLaw.UNIFORM, 3).initialize(10, 2, Activations.sigmoid());
        double alpha = diag.maxAbsRecurrentWeight();
        DenseMemoryDiagnostic dm = DenseBounds.memoryDiagnostic(DenseRnn.of(diag), 12);
        assertEquals(alpha, dm.spectralNorm(), TOL);
        assertEquals(alpha, dm.spectralRadius(), TOL);
        double expected = Bounds.muT(alpha, 0.25, 12);
        assertEquals(expected, dm.muTNorm(), TOL * expected);
        assertEquals(expected, dm.muTRadius(), TOL * expected);
        assertTrue(dm.toString().startsWith("diagnostic (not a bound"), dm.toString());
    }

    /** The orthogonal mirrored initialization: ‖W‖₂ = ρ(W) = ρ; long memory above 1/σ1. */
    @Test
    void orthogonalInitializationHasNormAndRadiusRho() {
        DenseRnn dense = Initializers.mirroredDense(1.2, DenseLaw.ORTHOGONAL, 4).initialize(16, 2, Activations.tanh());
        DenseMemoryDiagnostic dm = DenseBounds.memoryDiagnostic(dense, 20);
        assertEquals(1.2, dm.spectralNorm(), TOL);
        assertEquals(1.2, dm.spectralRadius(), TOL);
        assertEquals(MemoryRegime.LONG_MEMORY, dm.regimeNorm());
        assertEquals(Bounds.logMuT(1.2, 1.0, 20), dm.logMuTNorm(), TOL);
    }

    /** A non-normal W = [[a, b], [0, a]]: radius a, norm (|b| + √(b² + 4a²))/2 > a — the two analogues part. */
    @Test
    void nonNormalWSeparatesNormFromRadius() {
        double a = 0.5;
        double b = 2.0;
        DenseRnn dense = new DenseRnn(Activations.tanh(), 2, 1, new double[] {a, b, 0, a}, new double[] {1, 1},
                new double[] {1, -1});
        DenseMemoryDiagnostic dm = DenseBounds.memoryDiagnostic(dense, 30);
        assertEquals(a, dm.spectralRadius(), 1e-7);
        assertEquals((b + Math.sqrt(b * b + 4 * a * a)) / 2, dm.spectralNorm(), TOL);
        assertEquals(MemoryRegime.SHORT_MEMORY, dm.regimeRadius());
        assertEquals(MemoryRegime.LONG_MEMORY, dm.regimeNorm());
        assertThrows(IllegalArgumentException.class, () -> DenseBounds.memoryDiagnostic(dense, -1));
    }
}
