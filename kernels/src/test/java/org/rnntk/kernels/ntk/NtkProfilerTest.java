package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Concurrent;
import org.rnntk.kernels.KernelProfiler;
import org.rnntk.kernels.KernelProfiler.Phase;
import org.rnntk.kernels.profiling.PhaseTotals;

/**
 * A {@link KernelProfiler} in {@link NtkOptions}: the kernel reports the phases of its Grams to it,
 * two kernels running at once report to their own profilers only, and the Grams are bit-identical
 * with and without one.
 */
class NtkProfilerTest {

    private static final long BUDGET = 1 << 20;

    private static DiagonalRnn model(long seed, int m, int d) {
        return NtkInstances.model(new Random(seed), Activations.tanh(), m, d, 1.0);
    }

    private static SequenceDataset data(long seed, int n, int steps, int d) {
        return NtkInstances.data(new Random(seed), n, steps, d, 1.0);
    }

    private static Map<Phase, Long> spans(PhaseTotals totals) {
        Map<Phase, Long> out = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            out.put(p, totals.spans(p));
        }
        return out;
    }

    private static Set<Phase> reported(PhaseTotals totals) {
        Set<Phase> out = EnumSet.noneOf(Phase.class);
        for (Phase p : Phase.values()) {
            if (totals.spans(p) > 0) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void noneIsTheDefault() {
        assertSame(KernelProfiler.NONE, NtkOptions.defaults().profiler());
        NtkOptions three = new NtkOptions(NtkImplementation.PER_NEURON_FACTORIZED, BUDGET, 1);
        assertSame(KernelProfiler.NONE, three.profiler());
        PhaseTotals totals = new PhaseTotals();
        NtkOptions with = three.withProfiler(totals);
        assertSame(totals, with.profiler());
        // The other withers keep the profiler.
        assertSame(totals, with.withThreads(2).withBlockBudgetBytes(BUDGET * 2)
                .withImplementation(NtkImplementation.JACOBIAN_CONTRACTION).profiler());
        try (EmpiricalNtk ntk = Ntk.empirical(with)) {
            assertSame(totals, ntk.options().profiler());
        }
        NullPointerException e = assertThrows(NullPointerException.class, () -> three.withProfiler(null));
        assertTrue(e.getMessage().contains("profiler"), e.getMessage());
    }

    @Test
    void eachModeReportsItsPhases() {
        DiagonalRnn model = model(1, 64, 3);
        SequenceDataset data = data(2, 6, 5, 3);
        NtkOptions base = new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, BUDGET, 2);
        PhaseTotals last = new PhaseTotals();
        try (EmpiricalNtk ntk = Ntk.empirical(base.withProfiler(last))) {
            ntk.gram(model, data, Loss.LAST_STEP);
        }
        assertEquals(EnumSet.of(Phase.SETUP, Phase.PROJECTION, Phase.RECURRENCES, Phase.GAMMA_X, Phase.CONTRACTION,
                Phase.RESULT), reported(last), last.toString());
        assertEquals(1, last.spans(Phase.SETUP));
        assertEquals(1, last.spans(Phase.RESULT));

        PhaseTotals all = new PhaseTotals();
        try (EmpiricalNtk ntk = Ntk.empirical(base.withProfiler(all))) {
            ntk.gram(model, data, Loss.ALL_STEPS);
        }
        assertEquals(EnumSet.of(Phase.SETUP, Phase.SENSITIVITIES, Phase.CONTRACTION, Phase.RESULT), reported(all),
                all.toString());

        PhaseTotals factorized = new PhaseTotals();
        try (EmpiricalNtk ntk = Ntk.empirical(base.withImplementation(NtkImplementation.PER_NEURON_FACTORIZED)
                .withProfiler(factorized))) {
            ntk.gram(model, data, Loss.LAST_STEP);
        }
        assertEquals(EnumSet.of(Phase.SETUP, Phase.RESULT), reported(factorized), factorized.toString());
    }

    @Test
    void gramsAreBitIdenticalWithAndWithoutAProfiler() {
        DiagonalRnn model = model(3, 48, 4);
        SequenceDataset rows = data(4, 7, 6, 4);
        SequenceDataset cols = data(5, 3, 4, 4);
        for (NtkImplementation impl : NtkImplementation.values()) {
            // Ten Jacobian rows of p = m(d + 1) doubles (two sequences for the factorization): several
            // panels and streamed blocks, so every phase repeats.
            NtkOptions options = new NtkOptions(impl, 10 * 8L * 48 * 5, 2);
            PhaseTotals totals = new PhaseTotals();
            try (EmpiricalNtk plain = Ntk.empirical(options);
                 EmpiricalNtk profiled = Ntk.empirical(options.withProfiler(totals))) {
                List<Loss> modes = impl == NtkImplementation.JACOBIAN_CONTRACTION ? List.of(Loss.values())
                        : List.of(Loss.LAST_STEP);
                for (Loss mode : modes) {
                    assertArrayEquals(plain.gram(model, rows, mode).values(), profiled.gram(model, rows, mode).values(),
                            impl + " " + mode);
                    assertArrayEquals(plain.gram(model, rows, cols, mode).values(),
                            profiled.gram(model, rows, cols, mode).values(), impl + " " + mode + " cross");
                }
            }
            assertTrue(totals.spans(Phase.SETUP) > 0, impl + ": the profiled kernel reported nothing");
        }
    }

    @Test
    void twoKernelsRunningAtOnceEachHearOnlyTheirOwnCalls() throws InterruptedException {
        DiagonalRnn[] models = {model(6, 64, 3), model(7, 96, 3)};
        SequenceDataset[] data = {data(8, 9, 5, 3), data(9, 5, 8, 3)};
        Loss[] modes = {Loss.LAST_STEP, Loss.ALL_STEPS};
        int[] calls = {9, 5};
        NtkOptions base = new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, BUDGET, 2);

        List<Map<Phase, Long>> alone = new java.util.ArrayList<>();
        for (int t = 0; t < 2; t++) {
            PhaseTotals totals = new PhaseTotals();
            try (EmpiricalNtk ntk = Ntk.empirical(base.withProfiler(totals))) {
                for (int i = 0; i < calls[t]; i++) {
                    ntk.gram(models[t], data[t], modes[t]);
                }
            }
            alone.add(spans(totals));
        }
        assertNotEquals(alone.get(0), alone.get(1));

        PhaseTotals[] totals = {new PhaseTotals(), new PhaseTotals()};
        try (EmpiricalNtk a = Ntk.empirical(base.withProfiler(totals[0]));
             EmpiricalNtk b = Ntk.empirical(base.withProfiler(totals[1]))) {
            EmpiricalNtk[] kernels = {a, b};
            List<Throwable> failures = Concurrent.run(2, Math.max(calls[0], calls[1]), (t, i) -> {
                if (i < calls[t]) {
                    kernels[t].gram(models[t], data[t], modes[t]);
                }
            });
            assertTrue(failures.isEmpty(), () -> "failed: " + failures.get(0));
        }
        for (int t = 0; t < 2; t++) {
            assertEquals(alone.get(t), spans(totals[t]), "kernel " + t + ": spans per phase, run alongside the"
                    + " other kernel against run alone");
        }
    }
}
