package org.rnntk.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/** The sensitivities' per-call inputs refuse arrays of the wrong length, naming the array and the expected length. */
class SensitivityInputsTest {

    private static final int N = 2;
    private static final int T = 3;
    private static final int M = 4;
    private static final int D = 5;
    private static final Activation ACT = Activations.tanh();

    @Test
    void acceptsTheShapeItIsGivenWithOrWithoutPreActivations() {
        double[] cells = new double[N * T * M];
        RecurrenceF64.SensitivityInputs in = new RecurrenceF64.SensitivityInputs(cells, null, new double[M],
                new double[N * T * D], ACT, N, T, M, D);
        assertEquals(M, in.m());
        new RecurrenceF64.SensitivityInputs(cells, new double[N * T * M], new double[M], new double[N * T * D], ACT,
                N, T, M, D);
    }

    @Test
    void refusesEachArrayOfTheWrongLength() {
        double[] h = new double[N * T * M];
        double[] w = new double[M];
        double[] x = new double[N * T * D];
        assertRefused("h", "n*T*m = 24", () -> new RecurrenceF64.SensitivityInputs(new double[N * T * M - 1], null,
                w, x, ACT, N, T, M, D));
        assertRefused("z", "n*T*m = 24", () -> new RecurrenceF64.SensitivityInputs(h, new double[1], w, x, ACT, N,
                T, M, D));
        assertRefused("w", "m = 4", () -> new RecurrenceF64.SensitivityInputs(h, null, new double[M + 1], x, ACT, N,
                T, M, D));
        assertRefused("x", "n*T*d = 30", () -> new RecurrenceF64.SensitivityInputs(h, null, w, new double[N * T], ACT,
                N, T, M, D));
        assertThrows(NullPointerException.class, () -> new RecurrenceF64.SensitivityInputs(h, null, w, x, null, N, T,
                M, D));
    }

    private static void assertRefused(String name, String expected, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().contains("input " + name + " has ") && e.getMessage().contains(expected),
                e.getMessage());
    }
}
