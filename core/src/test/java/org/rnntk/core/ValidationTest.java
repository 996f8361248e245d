package org.rnntk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad input to the core records gets an error that names the parameter, value and expectation. */
class ValidationTest {

    private static void assertMessage(Runnable r, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void datasetShapesAndValues() {
        assertMessage(() -> new SequenceDataset(2, 3, 2, new double[11], new double[6]),
                "inputs x has length 11", "shape [2, 3, 2]", "12");
        assertMessage(() -> new SequenceDataset(2, 3, 2, new double[12], new double[5]), "targets y has length 5");
        double[] x = new double[12];
        x[7] = Double.NaN;
        assertMessage(() -> new SequenceDataset(2, 3, 2, x, new double[6]), "x[7] (NaN)");
        double[] y = new double[6];
        y[2] = Double.POSITIVE_INFINITY;
        assertMessage(() -> new SequenceDataset(2, 3, 2, new double[12], y), "y[2] (Infinity)");
        assertMessage(() -> new SequenceDataset(0, 3, 2, new double[0], new double[0]), "number of sequences n (0)");
    }

    @Test
    void networkShapesAndValues() {
        assertMessage(() -> new DiagonalRnn(Activations.tanh(), 2, new double[2], new double[3], new double[]{1, -1}),
                "input weights u has length 3");
        assertMessage(() -> new DiagonalRnn(Activations.tanh(), 2, new double[]{0, Double.NaN}, new double[4],
                new double[]{1, -1}), "w[1] (NaN)");
        assertMessage(() -> new DiagonalRnn(Activations.tanh(), 1, new double[2], new double[2], new double[]{1, 0.5}),
                "output sign c[1] (0.5)");
    }

    @Test
    void namesAreParsed() {
        assertEquals(Activations.tanh(), Activations.byName("TANH"));
        assertEquals(Activations.sigmoid(), Activations.byName("sigmoid"));
        assertMessage(() -> Activations.byName("relu"), "activation 'relu' is unknown", "tanh, sigmoid");
        assertEquals(Loss.ALL_STEPS, Loss.parse("all"));
        assertEquals(Loss.LAST_STEP, Loss.parse("last"));
        assertMessage(() -> Loss.parse("middle"), "loss mode 'middle'");
    }

    @Test
    void activationConstantsMatchTheirDefinitions() {
        // Independent check of the declared suprema by a fine grid.
        for (Activation act : new Activation[]{Activations.tanh(), Activations.sigmoid()}) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            for (double z = -20; z <= 20; z += 1e-4) {
                s0 = Math.max(s0, Math.abs(act.value(z)));
                s1 = Math.max(s1, Math.abs(act.derivative(z)));
                s2 = Math.max(s2, Math.abs(act.secondDerivative(z)));
            }
            assertEquals(act.constants().sigma0(), s0, 1e-8, act + " sigma0");
            assertEquals(act.constants().sigma1(), s1, 1e-8, act + " sigma1");
            assertEquals(act.constants().sigma2(), s2, 1e-8, act + " sigma2");
        }
    }
}
