package org.rnntk.kernels.dense;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.Drift;
import org.rnntk.core.RecurrentModel;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingListener;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.core.Loss;
import org.rnntk.kernels.internal.BlasThreads;
import org.rnntk.kernels.ntk.KernelRegimeRecord;

/**
 * The kernel-regime diagnostics of a dense-network run (docs/theory.md §5, §11), a
 * {@link TrainingListener} for {@link org.rnntk.core.RecurrentTraining}: every {@code period}-th
 * iteration (and 0 and the last) a {@link KernelRegimeRecord} with the per-neuron drift (the W-row
 * and u-row distances from Θ(0), in units ρ/√m), the relative change of the empirical NTK Gram
 * ‖K(Θ(k)) − K(Θ(0))‖_F/‖K(Θ(0))‖_F on the monitored data, and the linearization error
 * max_q |F_q(Θ(k)) − F_lin,q(Θ(k))| against F_lin(Θ) = F(Θ0) + J(Θ0)(Θ − Θ0) (a forward tangent
 * pass, J never formed).
 *
 * <p>Cost per recorded iteration: one Gram ({@link DenseNtk}), one forward and one tangent pass on
 * the monitored data. Close it afterwards (the {@link DenseNtk} passed in stays the caller's).
 *
 * <p>Thread rule: every method holds this object's lock, so a monitor may be called from several
 * threads, but it follows one run (use one monitor per run). {@link #close()} waits for a measurement
 * in progress and frees its buffers; {@link #onIteration} and {@link #onModel} after it throw
 * {@link IllegalStateException}, while the records stay readable.
 */
public final class DenseKernelRegimeMonitor implements TrainingListener, AutoCloseable {

    private final DenseNtk ntk;
    private final SequenceDataset data;
    private final Loss mode;
    private final int period;
    private final List<KernelRegimeRecord> records = new ArrayList<>();
    private final Nd4jDenseBackend backend = Nd4jDenseBackend.create();

    private double lastLoss = Double.NaN;
    private int total = -1;
    private DenseRnn initial;
    private GramMatrix initialGram;
    private DenseTangent tangent;
    private double[] initialOutputs;
    private boolean closed;

    private DenseKernelRegimeMonitor(DenseNtk ntk, SequenceDataset data, Loss mode, int period) {
        this.ntk = Objects.requireNonNull(ntk, "ntk");
        this.data = Objects.requireNonNull(data, "data");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.period = Checks.positive("period", period);
    }

    /** Records every {@code period}-th iteration (k = 0, period, 2·period, …) and the last one. */
    public static DenseKernelRegimeMonitor every(int period, DenseNtk ntk, SequenceDataset data, Loss mode) {
        return new DenseKernelRegimeMonitor(ntk, data, mode, period);
    }

    @Override
    public synchronized void onIteration(int iteration, int totalIterations, double loss) {
        requireOpen();
        lastLoss = loss;
        total = totalIterations;
    }

    /**
     * @throws IllegalArgumentException when the model is not a {@link DenseRnn}
     */
    @Override
    public synchronized void onModel(int iteration, RecurrentModel<?> parameters) {
        requireOpen();
        Objects.requireNonNull(parameters, "parameters");
        if (!(parameters instanceof DenseRnn theta)) {
            throw new IllegalArgumentException("DenseKernelRegimeMonitor monitors a DenseRnn, not " + parameters
                    + "; use KernelRegimeMonitor for the diagonal network");
        }
        if (iteration == 0) {
            start(theta);
        } else if (initial == null) {
            throw new IllegalStateException("DenseKernelRegimeMonitor saw iteration " + iteration
                    + " before iteration 0; attach it before training starts");
        }
        if (iteration == 0 || iteration == total || iteration % period == 0) {
            records.add(measure(iteration, theta));
        }
    }

    private void start(DenseRnn theta0) {
        if (tangent != null) {
            tangent.close();
        }
        records.clear();
        initial = theta0;
        initialGram = ntk.gram(theta0, data, mode);
        if (!(initialGram.frobeniusNorm() > 0)) {
            throw new IllegalArgumentException("the NTK Gram at Θ(0) on " + data + " is zero; the relative kernel"
                    + " change is undefined");
        }
        try (BlasThreads.Scope blas = BlasThreads.processDefault()) {
            tangent = new DenseTangent(theta0, data);
        }
        initialOutputs = tangent.initialOutputs();
    }

    private KernelRegimeRecord measure(int k, DenseRnn theta) {
        Drift drift = Drift.between(theta, initial);
        double change = k == 0 ? 0.0 : ntk.gram(theta, data, mode).relativeDistanceTo(initialGram);
        double linError = 0;
        double outputChange = 0;
        if (k > 0) {
            double[] f = backend.outputs(theta, data);
            double[] lin;
            try (BlasThreads.Scope blas = BlasThreads.processDefault()) {
                lin = tangent.linearized(theta);
            }
            int steps = data.timeSteps();
            for (int r = 0; r < f.length; r++) {
                if (mode == Loss.LAST_STEP && r % steps != steps - 1) {
                    continue;
                }
                linError = Math.max(linError, Math.abs(f[r] - lin[r]));
                outputChange = Math.max(outputChange, Math.abs(f[r] - initialOutputs[r]));
            }
        }
        return new KernelRegimeRecord(k, lastLoss, drift, change, linError, outputChange);
    }

    /** The records so far, in iteration order (unmodifiable). */
    public synchronized List<KernelRegimeRecord> records() {
        return Collections.unmodifiableList(new ArrayList<>(records));
    }

    /** The last record. */
    public synchronized KernelRegimeRecord last() {
        if (records.isEmpty()) {
            throw new IllegalStateException("no iteration recorded yet");
        }
        return records.get(records.size() - 1);
    }

    /** K(Θ(0)) on the monitored data. */
    public synchronized GramMatrix initialGram() {
        if (initialGram == null) {
            throw new IllegalStateException("no run observed yet");
        }
        return initialGram;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this DenseKernelRegimeMonitor (" + mode + " on " + data
                    + ") has been closed");
        }
    }

    /** Waits for a measurement in progress, then frees the tangent's and the backend's buffers. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (tangent != null) {
            tangent.close();
            tangent = null;
        }
        backend.close();
    }
}
