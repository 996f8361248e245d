package org.rnntk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnntk.core.init.SymmetricInitializer;

class SymmetricInitializerTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 8, 64})
    void neuronsAreMirroredWithOppositeSigns(int m) {
        for (RecurrentLaw law : RecurrentLaw.values()) {
            DiagonalRnn net = Initializers.symmetric(0.7, law, 42).initialize(m, 3, Activations.tanh());
            for (int i = 0; i < m / 2; i++) {
                int mirror = i + m / 2;
                assertEquals(-net.c(i), net.c(mirror));
                assertEquals(net.w(i), net.w(mirror));
                for (int k = 0; k < 3; k++) {
                    assertEquals(net.u(i, k), net.u(mirror, k));
                }
                assertTrue(Math.abs(net.w(i)) <= 0.7);
                if (law == RecurrentLaw.CONSTANT) {
                    assertEquals(0.7, net.w(i));
                }
            }
        }
    }

    @Test
    void sameSeedGivesBitIdenticalNetworksAndOtherSeedsDiffer() {
        SymmetricInitializer init = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 7);
        DiagonalRnn a = init.initialize(32, 4, Activations.sigmoid());
        DiagonalRnn b = init.initialize(32, 4, Activations.sigmoid());
        assertArrayEquals(a.w(), b.w());
        assertArrayEquals(a.u(), b.u());
        assertArrayEquals(a.c(), b.c());
        DiagonalRnn other = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 8).initialize(32, 4, Activations.sigmoid());
        assertNotEquals(a, other);
    }

    @Test
    void inputWeightsHaveTheRequestedScale() {
        DiagonalRnn net = Initializers.symmetric(0.5, RecurrentLaw.CONSTANT, 3.0, 1).initialize(4000, 5, Activations.tanh());
        double[] u = net.u();
        double sq = 0;
        for (double v : u) {
            sq += v * v;
        }
        // Half the rows are independent draws; the sample variance of 10^4 N(0, 9) draws is 9 ± 0.13.
        assertEquals(9.0, sq / u.length, 0.5);
    }

    @Test
    void badArgumentsAreRejectedWithTheirNames() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 1).initialize(7, 2, Activations.tanh()));
        assertTrue(odd.getMessage().contains("width m (7) must be even"), odd.getMessage());
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
                () -> Initializers.symmetric(-0.1, RecurrentLaw.UNIFORM, 1));
        assertTrue(alpha.getMessage().contains("alpha (-0.1)"), alpha.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Initializers.symmetric(Double.NaN, RecurrentLaw.UNIFORM, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 0.0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 1).initialize(0, 2, Activations.tanh()));
    }
}
