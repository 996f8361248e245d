package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Sensitivities;
import org.rnntk.kernels.KernelProfiler.Phase;
import org.rnntk.kernels.profiling.PhaseTotals;

/**
 * A {@link KernelProfiler} attached to an {@link Nd4jBackend}: it hears every phase of that
 * backend's calls and nothing of another backend's, even when both run at once; a profiler changes
 * no result bit; none is attached unless asked for.
 */
class BackendProfilerTest {

    /** The phases of forward+BPTT, SETUP to GRADIENT_OUT. */
    private static final List<Phase> RNN = List.of(Phase.SETUP, Phase.FORWARD_GEMM, Phase.FORWARD_RECURRENCE,
            Phase.OUTPUTS_AND_LOSS, Phase.BACKWARD_ADJOINT, Phase.BACKWARD_GEMM, Phase.WAIT, Phase.HANDOFF,
            Phase.GRADIENT_OUT);

    /** A problem; n·T·m > 2^15, so a call splits its ranges over two threads (WAIT and HANDOFF occur). */
    private record Problem(DiagonalRnn model, SequenceDataset data) {
        static Problem of(long seed, int n, int steps, int d, int m) {
            Random rng = new Random(seed);
            return new Problem(Instances.model(rng, Activations.tanh(), m, d, 1.0), Instances.data(rng, n, steps, d));
        }
    }

    /** A PhaseTotals that also keeps the names of the threads that called it. */
    private static final class Recorder implements KernelProfiler {
        final PhaseTotals totals = new PhaseTotals();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void record(Phase phase, long nanos) {
            threads.add(Thread.currentThread().getName());
            totals.record(phase, nanos);
        }

        Map<Phase, Long> spans() {
            Map<Phase, Long> out = new EnumMap<>(Phase.class);
            for (Phase p : Phase.values()) {
                out.put(p, totals.spans(p));
            }
            return out;
        }
    }

    @Test
    void noneIsTheDefault() {
        try (Nd4jBackend a = Nd4jBackend.create(Precision.FLOAT64, 1);
             Nd4jBackend b = Nd4jBackend.create(Precision.FLOAT32)) {
            assertSame(KernelProfiler.NONE, a.profiler());
            assertSame(KernelProfiler.NONE, b.profiler());
        }
        PhaseTotals totals = new PhaseTotals();
        try (Nd4jBackend c = Nd4jBackend.create(Precision.FLOAT64, 1, totals)) {
            assertSame(totals, c.profiler());
        }
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Nd4jBackend.create(Precision.FLOAT64, 1, null));
        assertTrue(e.getMessage().contains("profiler"), e.getMessage());
    }

    @Test
    void aProfilerHearsEveryPhaseOfItsBackendsCalls() {
        Problem p = Problem.of(3, 4, 64, 5, 160);
        PhaseTotals totals = new PhaseTotals();
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2, totals)) {
            backend.lossAndGradient(p.model, p.data, Loss.ALL_STEPS);
            for (Phase phase : Phase.values()) {
                long spans = totals.spans(phase);
                if (RNN.contains(phase)) {
                    assertTrue(spans > 0, phase + " was not reported: " + totals);
                    assertTrue(totals.nanos(phase) >= 0, phase + ": " + totals);
                } else {
                    assertEquals(0, spans, phase + " is a Gram phase: " + totals);
                }
            }
            assertEquals(1, totals.spans(Phase.SETUP), "one call, one setup");
            assertEquals(1, totals.spans(Phase.GRADIENT_OUT), "one call, one gradient gathering");

            // Forward only: one more setup and forward pass, no backward phase.
            Map<Phase, Long> before = new EnumMap<>(Phase.class);
            for (Phase phase : Phase.values()) {
                before.put(phase, totals.spans(phase));
            }
            backend.outputs(p.model, p.data);
            assertEquals(2, totals.spans(Phase.SETUP));
            assertEquals(2 * before.get(Phase.FORWARD_GEMM), totals.spans(Phase.FORWARD_GEMM));
            assertEquals(2 * before.get(Phase.FORWARD_RECURRENCE), totals.spans(Phase.FORWARD_RECURRENCE));
            for (Phase phase : List.of(Phase.BACKWARD_ADJOINT, Phase.BACKWARD_GEMM, Phase.GRADIENT_OUT)) {
                assertEquals(before.get(phase), totals.spans(phase), phase + " during a forward-only call");
            }
        }
    }

    @Test
    void resultsAreBitIdenticalWithAndWithoutAProfiler() {
        Problem[] problems = {Problem.of(5, 4, 64, 5, 160), Problem.of(6, 3, 10, 4, 32)};
        Random rng = new Random(8);
        DiagonalRnn custom = Instances.model(rng, Instances.customTanh(), 48, 3, 0.9);
        SequenceDataset customData = Instances.data(rng, 5, 7, 3);
        for (Precision precision : Precision.values()) {
            PhaseTotals totals = new PhaseTotals();
            try (Nd4jBackend plain = Nd4jBackend.create(precision, 2);
                 Nd4jBackend profiled = Nd4jBackend.create(precision, 2, totals)) {
                for (Problem p : problems) {
                    for (Loss loss : Loss.values()) {
                        assertIdentical(plain.lossAndGradient(p.model, p.data, loss),
                                profiled.lossAndGradient(p.model, p.data, loss), precision + " " + loss);
                    }
                    assertArrayEquals(plain.outputs(p.model, p.data), profiled.outputs(p.model, p.data));
                }
                // An activation whose derivative needs z: the kept pre-activations' path.
                assertIdentical(plain.lossAndGradient(custom, customData, Loss.ALL_STEPS),
                        profiled.lossAndGradient(custom, customData, Loss.ALL_STEPS), precision + " custom");
                Sensitivities s0 = plain.sensitivities(custom, customData);
                Sensitivities s1 = profiled.sensitivities(custom, customData);
                assertArrayEquals(s0.a(), s1.a(), precision + " sensitivities a");
                assertArrayEquals(s0.b(), s1.b(), precision + " sensitivities b");
            }
            assertTrue(totals.spans(Phase.SETUP) > 0, "the profiled backend reported nothing");
        }
    }

    private static void assertIdentical(LossGradient expected, LossGradient got, String what) {
        assertEquals(Double.doubleToRawLongBits(expected.loss()), Double.doubleToRawLongBits(got.loss()),
                what + ": loss");
        assertArrayEquals(expected.outputs(), got.outputs(), what + ": outputs");
        assertArrayEquals(expected.gradW(), got.gradW(), what + ": gradW");
        assertArrayEquals(expected.gradU(), got.gradU(), what + ": gradU");
    }

    @Test
    void twoBackendsRunningAtOnceEachHearOnlyTheirOwnCalls() throws InterruptedException {
        // Different sizes and call counts, so the two profilers' spans differ in every phase.
        Problem[] problems = {Problem.of(11, 4, 64, 5, 160), Problem.of(12, 6, 48, 3, 224)};
        int[] calls = {12, 7};
        Map<Phase, Long>[] alone = soloSpans(problems, calls);

        Recorder[] recorders = {new Recorder(), new Recorder()};
        try (Nd4jBackend a = Nd4jBackend.create(Precision.FLOAT64, 2, recorders[0]);
             Nd4jBackend b = Nd4jBackend.create(Precision.FLOAT64, 2, recorders[1])) {
            Nd4jBackend[] backends = {a, b};
            List<Throwable> failures = Concurrent.run(2, Math.max(calls[0], calls[1]), (t, i) -> {
                if (i < calls[t]) {
                    backends[t].lossAndGradient(problems[t].model, problems[t].data, Loss.ALL_STEPS);
                }
            });
            assertTrue(failures.isEmpty(), () -> "failed: " + failures.get(0));
        }
        for (int t = 0; t < 2; t++) {
            assertEquals(alone[t], recorders[t].spans(), "backend " + t + ": spans per phase, run alongside the"
                    + " other backend against run alone");
            assertEquals(calls[t], recorders[t].totals.spans(Phase.SETUP));
        }
        Set<String> shared = new java.util.HashSet<>(recorders[0].threads);
        shared.retainAll(recorders[1].threads);
        assertTrue(shared.isEmpty(), "threads that reported to both profilers: " + shared);
        assertTrue(recorders[0].threads.size() >= 2, "backend 0 split its ranges: " + recorders[0].threads);
    }

    /** Each problem's spans per phase over its calls, its backend running alone. */
    @SuppressWarnings("unchecked")
    private static Map<Phase, Long>[] soloSpans(Problem[] problems, int[] calls) {
        Map<Phase, Long>[] out = new Map[problems.length];
        for (int t = 0; t < problems.length; t++) {
            Recorder r = new Recorder();
            try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2, r)) {
                for (int i = 0; i < calls[t]; i++) {
                    backend.lossAndGradient(problems[t].model, problems[t].data, Loss.ALL_STEPS);
                }
            }
            out[t] = r.spans();
        }
        assertTrue(!out[0].equals(out[1]), "the two problems must report different spans: " + out[0]);
        return out;
    }
}
