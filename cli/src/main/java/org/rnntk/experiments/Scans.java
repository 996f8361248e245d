package org.rnntk.experiments;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.kernels.Nd4jBackend;

/** Unmonitored training runs of the width scans. */
final class Scans {

    private Scans() {
    }

    /** min_k R̂(Θ(k)) of one run; +∞ when training diverges. */
    static double minLoss(Nd4jBackend backend, DiagonalRnn theta0, SequenceDataset data, Loss loss,
                          Optimizer optimizer, int iterations, TrainingListener listener) {
        TrainingHistory h = Training.run(backend, theta0, data, loss, optimizer, iterations, listener);
        return h.diverged() ? Double.POSITIVE_INFINITY : h.minLoss();
    }
}
