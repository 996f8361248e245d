package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;

/**
 * {@link WidthRequirement#modelWidth()} and {@link IterationRequirement#iterations()}: the int a
 * model and a training run take, or a refusal that states the number.
 */
class WidthConversionTest {

    static PgdProblem problem(double alpha, long timeSteps) {
        return PgdProblem.builder().activation(ActivationConstants.TANH).alpha(alpha).timeSteps(timeSteps)
                .samples(100).loss(Loss.ALL_STEPS).nuBar(1, 1).rho(1, 1).yMax(1).inputNormBound(1).build();
    }

    @Test
    void aWidthThatFitsGoesStraightIntoTheModel() {
        // A loose target at T = 1 gives a width small enough to draw.
        WidthRequirement w = Bounds.requiredWidth(problem(0.5, 1), 50, 0.05);
        int m = w.modelWidth();
        assertTrue(w.fitsModel());
        assertEquals(w.width(), m, 0.0);
        assertTrue(m >= 2 && m % 2 == 0 && m < 1_000_000, "m = " + m);
        DiagonalRnn model = Initializers.symmetric(0.5, RecurrentLaw.CONSTANT, 1).initialize(m, 3, Activations.tanh());
        assertEquals(m, model.width());
        // at m - 2 the width condition fails, so no smaller int would do
        if (m > 2) {
            assertTrue(Bounds.widthTerms(problem(0.5, 1), m - 2, 0.05).total() > 50 / 2.0);
        }
    }

    @Test
    void aWidthAboveTheIntRangeIsRefusedWithItsValue() {
        WidthRequirement w = Bounds.requiredWidth(problem(1.0, 10), 0.1, 0.05);   // ~1.4e13
        assertFalse(w.fitsModel());
        String msg = assertThrows(IllegalArgumentException.class, w::modelWidth).getMessage();
        assertTrue(msg.contains(String.format(Locale.ROOT, "%.6e", w.width())), msg);
        assertTrue(msg.contains("2147483646"), msg);
        assertTrue(w.message().contains("exceeds the model's int width"), w.message());
        assertEquals((long) w.width(), Long.parseLong(w.message().split(" ")[2]));
    }

    @Test
    void aWidthPastTheDoubleRangeIsRefusedWithItsLog10() {
        WidthRequirement w = Bounds.requiredWidth(problem(1.5, 1000), 0.1, 0.05);
        assertTrue(Double.isInfinite(w.width()));
        assertFalse(w.fitsModel());
        String msg = assertThrows(IllegalArgumentException.class, w::modelWidth).getMessage();
        assertTrue(msg.contains(String.format(Locale.ROOT, "m = 10^%.4f", w.log10Width())), msg);
        assertTrue(msg.contains("log10Width()"), msg);
    }

    @Test
    void iterationsConvertToTheTrainingRunsIntOrAreRefused() {
        PgdPlan loose = Bounds.pgd(problem(0.5, 1), 50, 0.05);
        assertEquals(loose.iterations().tau(), loose.iterations().iterations(), 0.0);
        IterationRequirement huge = Bounds.requiredIterations(problem(1.5, 30), 0.1, 1e6);
        assertTrue(huge.tau() > Integer.MAX_VALUE, "tau = " + huge.tau());
        String msg = assertThrows(IllegalArgumentException.class, huge::iterations).getMessage();
        assertTrue(msg.contains(String.format(Locale.ROOT, "%.6e", huge.tau())), msg);
        assertTrue(msg.contains(String.valueOf(Integer.MAX_VALUE)), msg);
    }
}
