package org.rnntk.kernels;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;

/**
 * A deliberately naive, scalar implementation of docs/theory.md §1 and §3, written straight from
 * the formulas with no shared code with the kernels, used as the independent reference.
 */
final class ReferenceRnn {

    private ReferenceRnn() {
    }

    /** F_t(X_j) for t = 0..T−1, from explicit per-neuron loops. */
    static double[] outputs(DiagonalRnn model, SequenceDataset data, int j) {
        int m = model.width();
        int d = model.inputDim();
        int steps = data.timeSteps();
        double[] h = new double[m];
        double[] f = new double[steps];
        for (int t = 0; t < steps; t++) {
            double out = 0;
            for (int i = 0; i < m; i++) {
                double z = model.w(i) * h[i];
                for (int k = 0; k < d; k++) {
                    z += model.u(i, k) * data.input(j, t, k);
                }
                h[i] = model.activation().value(z);
                out += model.c(i) * h[i];
            }
            f[t] = out / Math.sqrt(m);
        }
        return f;
    }

    /** R̂(Θ) from the definition. */
    static double loss(DiagonalRnn model, SequenceDataset data, Loss loss) {
        int n = data.size();
        int steps = data.timeSteps();
        double total = 0;
        for (int j = 0; j < n; j++) {
            double[] f = outputs(model, data, j);
            if (loss == Loss.ALL_STEPS) {
                for (int t = 0; t < steps; t++) {
                    double r = f[t] - data.target(j, t);
                    total += 0.5 * r * r / steps;
                }
            } else {
                double r = f[steps - 1] - data.target(j, steps - 1);
                total += 0.5 * r * r;
            }
        }
        return total / n;
    }
}
