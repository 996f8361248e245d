package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * The finite network trained by the library's GD approaches its linearization at Θ0 as the width
 * grows (docs/theory.md §5). Prints the tables quoted in docs/ntk.md.
 */
class LinearizationGapTest {

    private static final double STEP = 1.0;
    private static final int[] STEPS = {0, 10, 50, 200};

    @Test
    void gapShrinksWithWidth() {
        double narrow = gap(64, Loss.LAST_STEP).maxGap();
        double wide = gap(4096, Loss.LAST_STEP).maxGap();
        assertTrue(wide <= narrow / 8, "gap at m = 4096 (" + wide + ") must be at most 1/8 of the gap at m = 64 ("
                + narrow + ")");
        double narrowAll = gap(64, Loss.ALL_STEPS).maxGap();
        double wideAll = gap(4096, Loss.ALL_STEPS).maxGap();
        assertTrue(wideAll <= narrowAll / 8, "all steps: gap at m = 4096 (" + wideAll
                + ") must be at most 1/8 of the gap at m = 64 (" + narrowAll + ")");
    }

    private static void print(Loss loss, LinearizationGap g) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s, m = %d, eta = %.4g%n%n", loss, g.width(),
                g.stepSize()));
        sb.append("| k | loss network | loss linearized | max gap train | max gap test |\n|---:|---:|---:|---:|---:|\n");
        for (LinearizationGap.Row r : g.rows()) {
            sb.append(String.format(Locale.ROOT, "| %d | %.4g | %.4g | %.3g | %.3g |%n", r.step(), r.networkLoss(),
                    r.linearizedLoss(), r.maxGapTrain(), r.maxGapTest()));
        }
        System.out.println(sb);
    }

    private static LinearizationGap gap(int m, Loss loss) {
        Random rng = new Random(17);
        SequenceDataset train = NtkInstances.data(rng, 5, 5, 3, 0.5);
        SequenceDataset test = NtkInstances.data(rng, 4, 5, 3, 0.5);
        DiagonalRnn theta0 = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 23).initialize(m, 3,
                Activations.tanh());
        try (EmpiricalNtk ntk = Ntk.empirical(); Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            NtkPredictor p = NtkPredictor.atInitialization(ntk, backend, theta0, train, test, loss);
            LinearizationGap g = LinearizationGap.compare(backend, p, STEP, STEPS);
            print(loss, g);
            assertEquals(STEPS.length, g.rows().size());
            assertEquals(0.0, g.rows().get(0).maxGap(), 1e-12, "k = 0: both are F(theta0) up to rounding");
            LinearizationGap.Row last = g.rows().get(STEPS.length - 1);
            assertTrue(last.networkLoss() < 0.5 * g.rows().get(0).networkLoss(), "training must make progress: " + g);
            return g;
        }
    }
}
