package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Activations;

/** Verification of activation constants for certificates (docs/theory.md §9). */
class ActivationCheckTest {

    static final DoubleUnaryOperator TANH = Math::tanh;
    static final DoubleUnaryOperator TANH1 = z -> 1 - Math.tanh(z) * Math.tanh(z);
    static final DoubleUnaryOperator TANH2 = z -> -2 * Math.tanh(z) * (1 - Math.tanh(z) * Math.tanh(z));

    static Activation customTanh(double s0, double s1, double s2) {
        return Activations.custom("tanh-declared", TANH, TANH1, TANH2, new ActivationConstants(s0, s1, s2));
    }

    @Test
    void builtInsCarryProvenConstantsEverywhere() {
        for (Activation a : new Activation[] {Activations.tanh(), Activations.sigmoid()}) {
            ActivationCheck c = ActivationCheck.verify(a, 1e9);
            assertTrue(c.builtIn() && c.verified(), c.describe());
            assertTrue(c.covers(1e300));
            assertEquals(a.constants(), c.effectiveConstants());
        }
    }

    @Test
    void aCustomCopyWithTheTrueSupremaIsVerifiedWithATinyMargin() {
        ActivationCheck c = ActivationCheck.verify(customTanh(1, 1, ActivationConstants.TANH.sigma2()), 6.0);
        assertTrue(c.verified(), c.describe());
        assertFalse(c.builtIn());
        assertTrue(c.covers(6.0) && !c.covers(6.1));
        ActivationConstants e = c.effectiveConstants();
        assertTrue(e.sigma1() >= 1 && e.sigma1() < 1 + 1e-6, e.toString());
        assertTrue(e.sigma2() >= ActivationConstants.TANH.sigma2() && e.sigma2() < ActivationConstants.TANH.sigma2() + 1e-6);
        // generous declared constants are kept as declared
        assertEquals(new ActivationConstants(2, 2, 2), ActivationCheck.verify(customTanh(2, 2, 2), 6.0)
                .effectiveConstants());
    }

    @Test
    void falseConstantsAreViolationsWithTheirValues() {
        ActivationCheck c = ActivationCheck.verify(customTanh(1, 0.01, 0.001), 3.0);
        assertFalse(c.verified());
        assertTrue(c.problems().stream().anyMatch(s -> s.contains("declared sigma1 = sup|sigma'| (0.01) is violated")
                && s.contains("is 1.00000")), c.problems().toString());
        assertTrue(c.problems().stream().anyMatch(s -> s.contains("declared sigma2 = sup|sigma''| (0.001)")),
                c.problems().toString());
        assertFalse(ActivationCheck.verify(customTanh(1, 0.15, 0.77), 3.0).verified());
        // sigma0 is only needed on the range: tanh on |z| <= 0.5 is below 0.47
        assertTrue(ActivationCheck.verify(customTanh(0.47, 1, 0.77), 0.5).verified());
        assertFalse(ActivationCheck.verify(customTanh(0.47, 1, 0.77), 0.6).verified());
    }

    @Test
    void derivativesThatAreNotTheDerivativesAreRefused() {
        Activation half = Activations.custom("half", TANH, z -> 0.5 * TANH1.applyAsDouble(z), TANH2,
                new ActivationConstants(1, 1, 1));
        ActivationCheck c = ActivationCheck.verify(half, 2.0);
        assertTrue(c.problems().stream().anyMatch(s -> s.contains("the supplied derivative is not sigma'")),
                c.problems().toString());
        Activation wrong2 = Activations.custom("wrong2", TANH, TANH1, z -> 0.0, new ActivationConstants(1, 1, 1));
        assertTrue(ActivationCheck.verify(wrong2, 2.0).problems().stream()
                .anyMatch(s -> s.contains("second derivative is not sigma''")));
    }

    @Test
    void uncheckableRangesAndNonFiniteValuesAreReasons() {
        ActivationCheck wide = ActivationCheck.verify(customTanh(1, 1, 1), 1e7);
        assertFalse(wide.verified());
        assertTrue(wide.problems().get(0).contains("too wide"), wide.problems().toString());
        Activation blowUp = Activations.custom("exp", Math::exp, Math::exp, Math::exp, new ActivationConstants(1e308,
                1e308, 1e308));
        ActivationCheck inf = ActivationCheck.verify(blowUp, 800);
        assertFalse(inf.verified());
        assertTrue(inf.problems().get(0).contains("not finite"), inf.problems().toString());
    }
}
