package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/** Bad input fails with an {@link IllegalArgumentException} naming the parameter, its value and the expectation. */
class BadInputTest {

    private final Random rng = new Random(9);
    private final SequenceDataset data = NtkInstances.data(rng, 3, 4, 2, 1.0);
    private final DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), 8, 2, 1.0);

    private static void fails(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
        }
    }

    @Test
    void mismatchedInputDimensions() {
        SequenceDataset d3 = NtkInstances.data(rng, 2, 4, 3, 1.0);
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            fails(() -> ntk.gram(model, data, d3, Loss.LAST_STEP), "column data set", "d = 3", "expect d = 2");
            fails(() -> ntk.gram(model, d3, Loss.LAST_STEP), "[2, 4, 3]", "d = 2");
            fails(() -> ntk.gram(model, d3, data, Loss.ALL_STEPS), "[2, 4, 3]", "d = 2");
        }
    }

    @Test
    void emptyData() {
        fails(() -> new SequenceDataset(0, 4, 2, new double[0], new double[0]), "number of sequences n (0)", "> 0");
        fails(() -> new SequenceDataset(2, 0, 2, new double[0], new double[0]), "sequence length T (0)", "> 0");
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            MonteCarloKernel k = InfiniteWidthNtk.monteCarlo(ntk, Activations.tanh(),
                    new InitialLaw(0.5, RecurrentLaw.CONSTANT, 1.0), data, Loss.LAST_STEP, 64, 4, 1);
            fails(() -> WidthConvergence.study(ntk, Activations.tanh(), new InitialLaw(0.5, RecurrentLaw.CONSTANT, 1.0),
                    data, Loss.LAST_STEP, new int[0], 2, 1, k), "widths", "at least one");
            fails(() -> WidthConvergence.study(ntk, Activations.tanh(), new InitialLaw(0.5, RecurrentLaw.CONSTANT, 1.0),
                    data, Loss.LAST_STEP, new int[] {7}, 2, 1, k), "width m (7)", "even");
        }
    }

    @Test
    void nanInputs() {
        double[] x = data.inputs();
        x[5] = Double.NaN;
        fails(() -> new SequenceDataset(3, 4, 2, x, data.targets()), "x[5] (NaN)", "finite");
        double[] w = model.w();
        w[2] = Double.NaN;
        fails(() -> model.withParameters(w, model.u()), "w[2] (NaN)", "finite");
        double[] k = new double[9];
        k[4] = Double.NaN;
        fails(() -> new GramMatrix(Loss.LAST_STEP, 3, 4, 3, 4, true, k), "Gram values[4] (NaN)", "finite");
        fails(() -> new InitialLaw(Double.NaN, RecurrentLaw.UNIFORM, 1.0), "alpha (NaN)");
    }

    @Test
    void blockBudgetTooSmallForOneRow() {
        long p = 8 * 3;
        try (EmpiricalNtk ntk = Ntk.empirical(new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, 100, 1))) {
            fails(() -> ntk.gram(model, data, Loss.LAST_STEP), "blockBudgetBytes (100 bytes)",
                    ">= 2 * 8 * p = " + 2 * 8 * p, "p = m(d+1) = 8*(2+1) = 24");
        }
        try (EmpiricalNtk ntk = Ntk.empirical(new NtkOptions(NtkImplementation.PER_NEURON_FACTORIZED, 100, 1))) {
            fails(() -> ntk.gram(model, data, Loss.LAST_STEP), "blockBudgetBytes (100 bytes)", "T = 4, m = 8");
        }
        fails(() -> new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, 0, 1), "blockBudgetBytes (0)", "> 0");
        fails(() -> new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, 1 << 20, 0), "threads (0)", "> 0");
    }

    @Test
    void otherMisuse() {
        try (EmpiricalNtk ntk = Ntk.empirical(NtkImplementation.PER_NEURON_FACTORIZED)) {
            fails(() -> ntk.gram(model, data, Loss.ALL_STEPS), "PER_NEURON_FACTORIZED", "LAST_STEP Gram only",
                    "ALL_STEPS");
            InitialLaw law = new InitialLaw(0.5, RecurrentLaw.UNIFORM, 1.0);
            fails(() -> InfiniteWidthNtk.monteCarlo(ntk, Activations.tanh(), law, data, Loss.LAST_STEP, 100, 1, 1),
                    "batches (1)", ">= 2");
            fails(() -> InfiniteWidthNtk.monteCarlo(ntk, Activations.tanh(), law, data, Loss.LAST_STEP, 100, 7, 1),
                    "draws (100)", "multiple of batches (7)");
            fails(() -> KernelRegimeMonitor.every(0, ntk, data, Loss.LAST_STEP), "period (0)");
        }
        fails(() -> new GramMatrix(Loss.LAST_STEP, 3, 4, 2, 4, true, new double[6]), "cannot be flagged symmetric");
        fails(() -> new GramMatrix(Loss.ALL_STEPS, 3, 4, 3, 4, true, new double[9]), "has length 9",
                "ALL_STEPS Gram of shape [12, 12]", "144");
    }
}
