package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnntk.core.Activations;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializer;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/**
 * {@link PgdProblem#from}: the numbers it reads from a real initializer, data set, optimizer and loss
 * equal a problem typed by hand from values known by construction, bit for bit, and so do the
 * bounds computed from both; what cannot feed the §8 bound is refused with a message naming it.
 */
class PgdProblemFromTest {

    /** n = 3 sequences, T = 2, d = 2; inputs chosen so that norms are exact binary fractions. */
    static final double[] X = {
        0.25, 0.5,     0.375, 0.5,      // j = 0: |x| = 0.559..., 0.625 (the maximum: 0.140625 + 0.25 = 0.625^2)
        0.0, 0.5,      0.5, 0.0,        // j = 1
        -0.375, -0.25, 0.125, -0.5,     // j = 2
    };
    /** Targets: max |y| over every step is 0.9 (an early step), over the last steps 0.75. */
    static final double[] Y = {-0.9, 0.5, 0.25, -0.75, 0.5, 0.125};
    static final SequenceDataset DATA = new SequenceDataset(3, 2, 2, X, Y);

    static final double ALPHA = 0.5;
    static final Initializer INIT = Initializers.symmetric(ALPHA, RecurrentLaw.UNIFORM, 7);

    static void throwsMentioning(Executable call, String... fragments) {
        String msg = assertThrows(IllegalArgumentException.class, call).getMessage();
        for (String f : fragments) {
            assertTrue(msg.contains(f), "message '" + msg + "' should mention '" + f + "'");
        }
    }

    @Test
    void readsTheSameNumbersAsAProblemTypedByHand() {
        PgdProblem last = PgdProblem.from(INIT, Activations.tanh(), DATA, Optimizers.projected(0.5, 1.5, 0.75),
                Loss.LAST_STEP);
        PgdProblem lastByHand = new PgdProblem(ActivationConstants.TANH, 0.5, 2, 3, Loss.LAST_STEP, 1.5, 0.75, 1.5,
                0.75, 0.75, 0.625);
        assertEquals(lastByHand, last);   // record equality: every double compared bit for bit
        assertEquals(3, last.outputCount());

        PgdProblem all = PgdProblem.from(INIT, Activations.sigmoid(), DATA, Optimizers.projected(0.5, 1.5, 0.75),
                Loss.ALL_STEPS);
        PgdProblem allByHand = new PgdProblem(ActivationConstants.SIGMOID, 0.5, 2, 3, Loss.ALL_STEPS, 1.5, 0.75, 1.5,
                0.75, 0.9, 0.625);
        assertEquals(allByHand, all);
        assertEquals(6, all.outputCount());
    }

    @Test
    void boundsFromTheBridgeAreBitIdenticalToBoundsFromTheTypedProblem() {
        PgdProblem bridged = PgdProblem.from(INIT, Activations.tanh(), DATA, Optimizers.projected(0.5, 1, 1),
                Loss.ALL_STEPS);
        PgdProblem typed = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(0.5).timeSteps(2)
                .samples(3).loss(Loss.ALL_STEPS).nuBar(1, 1).rho(1, 1).yMax(0.9).inputNormBound(0.625).build();
        WidthRequirement wb = Bounds.requiredWidth(bridged, 0.1, 0.05);
        WidthRequirement wt = Bounds.requiredWidth(typed, 0.1, 0.05);
        assertEquals(Double.doubleToRawLongBits(wt.width()), Double.doubleToRawLongBits(wb.width()));
        assertEquals(Double.doubleToRawLongBits(wt.terms().total()), Double.doubleToRawLongBits(wb.terms().total()));
        PgdBound bb = Bounds.pgdBound(bridged, 4096, 100, 0.5, 0.05);
        PgdBound bt = Bounds.pgdBound(typed, 4096, 100, 0.5, 0.05);
        assertEquals(Double.doubleToRawLongBits(bt.total()), Double.doubleToRawLongBits(bb.total()));
        // The data's numbers matter: a different Ymax moves the bound.
        assertNotEquals(bt.total(), Bounds.pgdBound(typed.withYMax(1), 4096, 100, 0.5, 0.05).total());
    }

    @Test
    void theDefaultReferenceClassIsTheProjectionSetAndCanBeNarrowed() {
        PgdProblem p = PgdProblem.from(INIT, Activations.tanh(), DATA, Optimizers.projected(0.5, 2, 3),
                Loss.LAST_STEP);
        assertEquals(2.0, p.nuBarW(), 0.0);
        assertEquals(3.0, p.nuBarU(), 0.0);
        PgdProblem narrow = p.withNuBar(1, 1);
        assertTrue(Bounds.requiredWidth(narrow, 0.1, 0.05).width() <= Bounds.requiredWidth(p, 0.1, 0.05).width());
    }

    @Test
    void refusesInputsAboveUnitNormAndNamesTheNorm() {
        double[] x = X.clone();
        x[0] = 1.5;   // |x_{0,0}| = sqrt(2.25 + 0.25)
        SequenceDataset big = new SequenceDataset(3, 2, 2, x, Y);
        throwsMentioning(() -> PgdProblem.from(INIT, Activations.tanh(), big, Optimizers.projected(0.5, 1, 1),
                Loss.LAST_STEP), "largest input norm", String.valueOf(Math.sqrt(2.5)), "||x_t|| <= 1", "rescale");
        SequenceDataset zero = new SequenceDataset(1, 1, 2, new double[2], new double[1]);
        throwsMentioning(() -> PgdProblem.from(INIT, Activations.tanh(), zero, Optimizers.projected(0.5, 1, 1),
                Loss.LAST_STEP), "every input x_{j,t} is zero");
    }

    @Test
    void refusesAnUnprojectedOptimizerAndPointsToTheGdBound() {
        throwsMentioning(() -> PgdProblem.from(INIT, Activations.tanh(), DATA, Optimizers.gradientDescent(0.5),
                Loss.LAST_STEP), "GD(eta=0.5)", "not projected", "Optimizers.projected", "Bounds.gdBound");
    }

    @Test
    void refusesAnInitializerThatIsNotTheSymmetricOne() {
        Initializer other = (m, d, act) -> new DiagonalRnn(act, d, new double[m], new double[m * d], new double[m]);
        throwsMentioning(() -> PgdProblem.from(other, Activations.tanh(), DATA, Optimizers.projected(0.5, 1, 1),
                Loss.LAST_STEP), "is not the symmetric initialization", "Initializers.symmetric");
    }

    @Test
    void refusesNullArgumentsByName() {
        assertEquals("data", assertThrows(NullPointerException.class, () -> PgdProblem.from(INIT, Activations.tanh(),
                null, Optimizers.projected(0.5, 1, 1), Loss.LAST_STEP)).getMessage());
        assertEquals("loss", assertThrows(NullPointerException.class, () -> PgdProblem.from(INIT, Activations.tanh(),
                DATA, Optimizers.projected(0.5, 1, 1), null)).getMessage());
    }
}
