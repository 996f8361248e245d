package org.rnntk.kernels.dense;

import java.util.Objects;

import org.rnntk.core.DenseRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.internal.BlasThreads;
import org.rnntk.kernels.ntk.KernelRegimeMonitor;

/**
 * The {@link KernelRegimeMonitor} of a dense-network run (docs/theory.md §5, §11), for
 * {@link org.rnntk.core.RecurrentTraining}: the records, the schedule and the thread rule are the
 * general monitor's; here the Gram is a {@link DenseNtk}'s, the drift is the W-row and u-row
 * distance from Θ(0) in units ρ/√m, and the linearization is the dense forward tangent pass. A model
 * other than a {@link DenseRnn} throws {@link IllegalArgumentException}.
 *
 * <p>Cost per recorded iteration: one Gram ({@link DenseNtk}), one forward and one tangent pass on
 * the monitored data. Close it afterwards (the {@link DenseNtk} passed in stays the caller's).
 */
public final class DenseKernelRegimeMonitor extends KernelRegimeMonitor {

    private DenseKernelRegimeMonitor(DenseNtk ntk, SequenceDataset data, Loss mode, int period) {
        super(DenseRnn.class, theta -> ntk.gram(theta, data, mode), theta0 -> new DenseProbe(theta0, data), data,
                mode, period);
    }

    /** Records every {@code period}-th iteration (k = 0, period, 2·period, …) and the last one. */
    public static DenseKernelRegimeMonitor every(int period, DenseNtk ntk, SequenceDataset data, Loss mode) {
        Objects.requireNonNull(ntk, "ntk");
        return new DenseKernelRegimeMonitor(ntk, data, mode, period);
    }

    /** Outputs from a {@link Nd4jDenseBackend}, the linearization from a {@link DenseTangent} at Θ0. */
    private static final class DenseProbe implements Probe<DenseRnn> {

        private final SequenceDataset data;
        private final DenseTangent tangent;
        private final Nd4jDenseBackend backend;

        DenseProbe(DenseRnn theta0, SequenceDataset data) {
            this.data = data;
            try (BlasThreads.Scope blas = BlasThreads.processDefault()) {
                tangent = new DenseTangent(theta0, data);
            }
            backend = Nd4jDenseBackend.create();
        }

        @Override
        public double[] initialOutputs() {
            return tangent.initialOutputs();
        }

        @Override
        public double[] outputs(DenseRnn theta) {
            return backend.outputs(theta, data);
        }

        @Override
        public double[] linearized(DenseRnn theta) {
            try (BlasThreads.Scope blas = BlasThreads.processDefault()) {
                return tangent.linearized(theta);
            }
        }

        @Override
        public void close() {
            tangent.close();
            backend.close();
        }
    }
}
