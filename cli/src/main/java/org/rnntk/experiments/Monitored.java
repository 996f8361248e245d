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
     */
    record Run(List<KernelRegimeRecord> records, Divergence divergence) implements java.io.Serializable {

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
            Divergence divergence = Training.run(backend, theta0, data, loss, optimizer, iterations, both)
                    .divergence().orElse(null);
            return new Run(monitor.records(), divergence);
        }
    }
}
