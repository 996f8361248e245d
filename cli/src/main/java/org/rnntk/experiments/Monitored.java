package org.rnntk.experiments;

import java.util.ArrayList;
import java.util.List;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Divergence;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.RecurrentModel;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.KernelRegimeMonitor;
import org.rnntk.kernels.ntk.KernelRegimeRecord;

/** A training run watched by a {@link KernelRegimeMonitor}, shared by the experiments. */
final class Monitored {

    private Monitored() {
    }

    /**
     * The records of one run.
     *
     * @param records    the monitor's records, in iteration order
     * @param divergence why training stopped early, or null when it completed (the records then end
     *                   at the last recorded iterate before the stop)
     * @param minLoss    min over every iterate k &lt; τ (not only the recorded ones) of R̂(Θ(k)), the
     *                   quantity the regret bounds of docs/theory.md §8 control; over every finite
     *                   iterate when the run diverged
     * @param maxDriftW  max over every iterate k ≤ τ and neuron i of √m|w_i(k) − w_i(0)|
     * @param maxDriftU  max over every iterate k ≤ τ and neuron i of √m‖u_i(k) − u_i(0)‖
     */
    record Run(List<KernelRegimeRecord> records, Divergence divergence, double minLoss, double maxDriftW,
               double maxDriftU) implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        Run {
            records = new ArrayList<>(records);
        }

        /** Whether training stopped because the loss diverged. */
        boolean diverged() {
            return divergence != null;
        }

        KernelRegimeRecord last() {
            return records.get(records.size() - 1);
        }
    }

    /**
     * Trains and records every {@code period} iterations on {@code data}, with the Gram of the loss's
     * mode; {@code progress} hears every iteration.
     */
    static Run train(Nd4jBackend backend, EmpiricalNtk ntk, DiagonalRnn theta0, SequenceDataset data, Loss loss,
                     Optimizer optimizer, int iterations, int period, TrainingListener progress) {
        try (KernelRegimeMonitor monitor = KernelRegimeMonitor.every(period, ntk, data, loss)) {
            TrainingListener both = new TrainingListener() {
                @Override
                public void onIteration(int iteration, int totalIterations, double value) {
                    monitor.onIteration(iteration, totalIterations, value);
                    progress.onIteration(iteration, totalIterations, value);
                }

                @Override
                public void onModel(int iteration, RecurrentModel<?> parameters) {
                    monitor.onModel(iteration, parameters);
                }
            };
            TrainingHistory h = Training.run(backend, theta0, data, loss, optimizer, iterations, both);
            double[] losses = h.losses();
            double min = Double.POSITIVE_INFINITY;
            for (int k = 0; k < Math.min(losses.length, iterations); k++) {
                min = Math.min(min, losses[k]);
            }
            return new Run(monitor.records(), h.divergence().orElse(null), min, h.maxDriftWOverRun(),
                    h.maxDriftUOverRun());
        }
    }
}
