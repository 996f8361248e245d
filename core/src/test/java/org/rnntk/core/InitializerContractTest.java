package org.rnntk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Initializer} promises, checked on every implementation and configuration: the
 * requested shape and activation, finite parameters, bit-identical networks for the same seed and
 * arguments (also when drawn on two threads at once), different networks for another seed, fresh
 * arrays per call, and bad sizes refused by name. A new initializer is added to
 * {@link #initializers()} as a function of its seed.
 */
class InitializerContractTest {

    static final int WIDTH = 16;
    static final int INPUT_DIM = 3;

    static Stream<Arguments> initializers() {
        return Stream.of(
                Arguments.of("symmetric, constant law", (LongFunction<Initializer>) s -> Initializers.symmetric(0.5,
                        RecurrentLaw.CONSTANT, s)),
                Arguments.of("symmetric, uniform law", (LongFunction<Initializer>) s -> Initializers.symmetric(0.9,
                        RecurrentLaw.UNIFORM, s)),
                Arguments.of("symmetric, uniform law, input scale 0.5",
                        (LongFunction<Initializer>) s -> Initializers.symmetric(1.2, RecurrentLaw.UNIFORM, 0.5, s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initializers")
    void networkHasTheRequestedShapeActivationAndFiniteParameters(String label, LongFunction<Initializer> init) {
        Activation act = Activations.sigmoid();
        DiagonalRnn net = init.apply(3).initialize(WIDTH, INPUT_DIM, act);
        assertEquals(WIDTH, net.width());
        assertEquals(INPUT_DIM, net.inputDim());
        assertSame(act, net.activation());
        assertEquals(WIDTH, net.w().length);
        assertEquals(WIDTH * INPUT_DIM, net.u().length);
        assertEquals(WIDTH, net.c().length);
        for (double[] v : new double[][] {net.w(), net.u(), net.c()}) {
            for (double x : v) {
                assertTrue(Double.isFinite(x), label + ": " + x);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initializers")
    void sameSeedGivesBitIdenticalFreshNetworksAndAnotherSeedDiffers(String label, LongFunction<Initializer> init) {
        DiagonalRnn a = init.apply(11).initialize(WIDTH, INPUT_DIM, Activations.tanh());
        DiagonalRnn b = init.apply(11).initialize(WIDTH, INPUT_DIM, Activations.tanh());
        assertNotSame(a, b);
        assertArrayEquals(a.w(), b.w());
        assertArrayEquals(a.u(), b.u());
        assertArrayEquals(a.c(), b.c());
        double[] w = a.w();
        w[0] += 1;
        assertEquals(b.w(0), a.w(0), label + ": the network must not expose its arrays");
        DiagonalRnn other = init.apply(12).initialize(WIDTH, INPUT_DIM, Activations.tanh());
        assertTrue(!java.util.Arrays.equals(a.u(), other.u()) || !java.util.Arrays.equals(a.c(), other.c()),
                label + ": seeds 11 and 12 gave the same network");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initializers")
    void oneInitializerDrawsTheSameNetworkOnConcurrentThreads(String label, LongFunction<Initializer> init)
            throws Exception {
        Initializer shared = init.apply(5);
        DiagonalRnn expected = shared.initialize(WIDTH, INPUT_DIM, Activations.tanh());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<DiagonalRnn> one = pool.submit(() -> shared.initialize(WIDTH, INPUT_DIM, Activations.tanh()));
            Future<DiagonalRnn> two = pool.submit(() -> shared.initialize(WIDTH, INPUT_DIM, Activations.tanh()));
            for (DiagonalRnn got : new DiagonalRnn[] {one.get(), two.get()}) {
                assertArrayEquals(expected.w(), got.w(), label);
                assertArrayEquals(expected.u(), got.u(), label);
                assertArrayEquals(expected.c(), got.c(), label);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initializers")
    void badSizesAreRefusedByNameAndValue(String label, LongFunction<Initializer> init) {
        Initializer i = init.apply(1);
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> i.initialize(0, INPUT_DIM, Activations.tanh()));
        assertTrue(width.getMessage().contains("width") && width.getMessage().contains("0"), width.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> i.initialize(-4, INPUT_DIM, Activations.tanh()));
        assertTrue(negative.getMessage().contains("-4"), negative.getMessage());
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> i.initialize(WIDTH, 0, Activations.tanh()));
        assertTrue(dim.getMessage().contains("input dimension") && dim.getMessage().contains("0"), dim.getMessage());
    }
}
