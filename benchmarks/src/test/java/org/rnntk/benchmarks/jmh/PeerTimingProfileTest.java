package org.rnntk.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.KernelProfiler.Phase;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.kernels.profiling.PhaseTotals;

/**
 * {@code PeerTiming profile} and {@code gram-profile} print the phase keys {@code scripts/report.py}
 * reads, in their order, and every phase the kernels report is among them.
 */
class PeerTimingProfileTest {

    @Test
    void theProfileModesPrintTheKeysTheReportReads() {
        // report.py: the "phases" list of the forward+BPTT profile, and the Gram's projection_s,
        // recurrences_s, gamma_x_s, contraction_s, setup_s, result_s.
        assertEquals(List.of("setup", "forward_gemm", "forward_recurrence", "outputs_and_loss", "backward_adjoint",
                "backward_gemm", "wait", "handoff", "gradient_out"),
                PeerTiming.RNN_PHASES.stream().map(PeerTiming::name).toList());
        assertEquals(List.of("setup", "projection", "recurrences", "gamma_x", "sensitivities", "contraction", "result"),
                PeerTiming.GRAM_PHASES.stream().map(PeerTiming::name).toList());
        Set<Phase> printed = EnumSet.copyOf(PeerTiming.RNN_PHASES);
        printed.addAll(PeerTiming.GRAM_PHASES);
        assertEquals(EnumSet.allOf(Phase.class), printed, "a phase neither profile mode prints");
    }

    @Test
    void everyPhaseTheKernelsReportIsPrintedByItsMode() {
        // n·T·m > 2^15: the backend splits its ranges over both threads.
        Problems.Size size = new Problems.Size(4, 32, 3, 384);
        SequenceDataset data = Problems.data(size, 1);
        DiagonalRnn model = Problems.model(size, 2);
        PhaseTotals rnn = new PhaseTotals();
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2, rnn)) {
            backend.lossAndGradient(model, data, Loss.ALL_STEPS);
        }
        assertEquals(EnumSet.copyOf(PeerTiming.RNN_PHASES), reported(rnn), rnn.toString());

        PhaseTotals gram = new PhaseTotals();
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(2).withProfiler(gram))) {
            ntk.gram(model, data, Loss.LAST_STEP);
            ntk.gram(model, data, Loss.ALL_STEPS);
        }
        assertEquals(EnumSet.copyOf(PeerTiming.GRAM_PHASES), reported(gram), gram.toString());
    }

    private static Set<Phase> reported(PhaseTotals totals) {
        Set<Phase> out = EnumSet.noneOf(Phase.class);
        for (Phase p : Phase.values()) {
            if (totals.spans(p) > 0) {
                assertTrue(totals.nanos(p) >= 0, p + ": " + totals);
                out.add(p);
            }
        }
        return out;
    }
}
