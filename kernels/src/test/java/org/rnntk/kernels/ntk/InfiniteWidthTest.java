package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/**
 * The Monte Carlo infinite-width kernel and the finite-width Gram converging to it
 * (docs/theory.md §5). Prints the convergence table quoted in docs/ntk.md.
 */
class InfiniteWidthTest {

    private static final int[] WIDTHS = {16, 64, 256, 1024};
    private static final int SEEDS = 16;
    private static final int MC_DRAWS = 1 << 16;
    private static final int MC_BATCHES = 64;

    @Test
    void finiteWidthGramConvergesLikeOneOverRootWidth() {
        Random rng = new Random(42);
        SequenceDataset data = NtkInstances.data(rng, 6, 8, 3, 1.0);
        Activation act = Activations.tanh();
        InitialLaw law = new InitialLaw(0.8, RecurrentLaw.UNIFORM, 1.0);
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            for (Loss mode : Loss.values()) {
                MonteCarloKernel kInf = InfiniteWidthNtk.monteCarlo(ntk, act, law, data, mode, MC_DRAWS, MC_BATCHES, 7);
                WidthConvergence.Table table = WidthConvergence.study(ntk, act, law, data, mode, WIDTHS, SEEDS, 99, kInf);
                List<WidthConvergence.Row> rows = table.rows();
                // Generous: theory says −1/2; a factor 64 in m must shrink the error by at least 4 (theory: 8).
                assertTrue(table.fittedExponent() > -0.75 && table.fittedExponent() < -0.35, table.toString());
                assertTrue(rows.get(3).meanRelativeError() < rows.get(0).meanRelativeError() / 4, table.toString());
                for (int i = 1; i < rows.size(); i++) {
                    assertTrue(rows.get(i).meanRelativeError() < rows.get(i - 1).meanRelativeError(), table.toString());
                }
                // The mean over seeds averages SEEDS times more neurons; it stays above the MC floor here.
                assertTrue(rows.get(3).seedAveragedRelativeError() < rows.get(0).seedAveragedRelativeError() / 3,
                        table.toString());
                assertTrue(table.referenceRelativeStandardError() < rows.get(3).seedAveragedRelativeError(),
                        table.toString());
            }
        }
    }

    /** The batch-means standard error is honest: the seed mean at width m lies within a few SE of K∞. */
    @Test
    void standardErrorCoversTheFiniteWidthMean() {
        Random rng = new Random(43);
        SequenceDataset data = NtkInstances.data(rng, 4, 5, 2, 1.0);
        Activation act = Activations.sigmoid();
        InitialLaw law = new InitialLaw(2.0, RecurrentLaw.CONSTANT, 1.0);
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            MonteCarloKernel a = InfiniteWidthNtk.monteCarlo(ntk, act, law, data, Loss.LAST_STEP, 8192, 32, 1);
            MonteCarloKernel b = InfiniteWidthNtk.monteCarlo(ntk, act, law, data, Loss.LAST_STEP, 8192, 32, 2);
            assertEquals(8192, a.draws());
            int outside = 0;
            int entries = 0;
            for (int r = 0; r < 4; r++) {
                for (int c = r; c < 4; c++) {
                    double se = Math.hypot(a.standardError(r, c), b.standardError(r, c));
                    assertTrue(se > 0);
                    if (Math.abs(a.mean().get(r, c) - b.mean().get(r, c)) > 3 * se) {
                        outside++;
                    }
                    entries++;
                }
            }
            assertTrue(outside <= 1, outside + " of " + entries + " entries differ by more than 3 SE between seeds");
            // CONSTANT law, same seed: bit-identical.
            MonteCarloKernel again = InfiniteWidthNtk.monteCarlo(ntk, act, law, data, Loss.LAST_STEP, 8192, 32, 1);
            assertEquals(a.mean(), again.mean());
        }
    }
}
