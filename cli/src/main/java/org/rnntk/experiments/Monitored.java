package org.rnntk.experiments;

import java.util.List;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
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
     * @param diverged whether training stopped because the loss diverged (the records then end
     *                 at the last recorded iterate before)
     */
    record Run(List<KernelRegimeRecord> records, boolean diverged) implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        Run {
            records = new java.util.ArrayList<>(records);
        }

        KernelRegimeRecord last() {
            return records.get(records.size() - 1);
        }
    }

    /** Trains and records every {@code period} iterations on {@code data} (Gram mode from the loss). */
    static Run train(Nd4jBackend backend, EmpiricalNtk ntk, DiagonalRnn theta0, SequenceDataset data, Loss loss,
                     Optimizer optimizer, int iterations, int period, TrainingListener progress) {
        Loss mode = loss;
        try (KernelRegimeMonitor monitor = KernelRegimeMonitor.every(period, ntk, data, mode)) {
            TrainingListener both = new TrainingListener() {
                @Override
                public void onIteration(int iteration, int totalIterations, double value) {
                    monitor.onIteration(iteration, totalIterations, value);
                    progress.onIteration(iteration, totalIterations, value);
                }

                @Override
                public void onParameters(int iteration, DiagonalRnn parameters) {
                    monitor.onParameters(iteration, parameters);
                }
            };
            boolean diverged = Training.run(backend, theta0, data, loss, optimizer, iterations, both).diverged();
            return new Run(monitor.records(), diverged);
        }
    }
}
