package org.rnntk.kernels.ntk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Drift;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingListener;

/**
 * A {@link TrainingListener} that measures how far a run leaves the kernel regime
 * (docs/theory.md §5): at chosen iterations it records a {@link KernelRegimeRecord} with the
 * per-neuron drift, the relative change of the empirical NTK Gram on a monitored data set, and the
 * linearization error against the first-order expansion at Θ(0). Iteration 0 (the reference) and
 * the last iteration are always recorded.
 *
 * <p>Cost per recorded iteration: one Gram (see {@link NtkImplementation}), one forward pass and one
 * forward tangent pass on the monitored data; memory: the Gram at Θ(0) plus four (n·T)×m arrays.
 * Use a small monitored data set (e.g. the training set when n·T is modest). Close it afterwards
 * (the {@link EmpiricalNtk} passed in stays the caller's).
 *
 * <p>Thread rule: every method holds this object's lock, so a monitor may be called from several
 * threads, but it follows one run: two trainings reporting to one monitor interleave their
 * iterations in its records (use one monitor per run). {@link #close()} waits for a measurement in
 * progress and frees the linearization's buffers; {@link #onIteration} and {@link #onParameters}
 * after it throw {@link IllegalStateException}, while the records stay readable.
 */
public final class KernelRegimeMonitor implements TrainingListener, AutoCloseable {

    private final EmpiricalNtk ntk;
    private final SequenceDataset data;
    private final Loss mode;
    private final int period;
    private final int[] iterations;
    private final List<KernelRegimeRecord> records = new ArrayList<>();

    private double lastLoss = Double.NaN;
    private int total = -1;
    private DiagonalRnn initial;
    private GramMatrix initialGram;
    private Linearization linearization;
    private double[] initialOutputs;
    private boolean closed;

    private KernelRegimeMonitor(EmpiricalNtk ntk, SequenceDataset data, Loss mode, int period, int[] iterations) {
        this.ntk = Objects.requireNonNull(ntk, "ntk");
        this.data = Objects.requireNonNull(data, "data");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.period = period;
        this.iterations = iterations;
    }

    /** Records every {@code period}-th iteration (k = 0, period, 2·period, …) and the last one. */
    public static KernelRegimeMonitor every(int period, EmpiricalNtk ntk, SequenceDataset data, Loss mode) {
        Checks.positive("period", period);
        return new KernelRegimeMonitor(ntk, data, mode, period, null);
    }

    /** Records the given iterations (each ≥ 0; array not modified), plus 0 and the last one. */
    public static KernelRegimeMonitor at(int[] iterations, EmpiricalNtk ntk, SequenceDataset data, Loss mode) {
        Objects.requireNonNull(iterations, "iterations");
        for (int k : iterations) {
            Checks.nonNegative("recorded iteration", k);
        }
        int[] sorted = iterations.clone();
        Arrays.sort(sorted);
        return new KernelRegimeMonitor(ntk, data, mode, 0, sorted);
    }

    @Override
    public synchronized void onIteration(int iteration, int totalIterations, double loss) {
        requireOpen();
        lastLoss = loss;
        total = totalIterations;
    }

    @Override
    public synchronized void onParameters(int iteration, DiagonalRnn parameters) {
        requireOpen();
        Objects.requireNonNull(parameters, "parameters");
        if (iteration == 0) {
            start(parameters);
        } else if (initial == null) {
            throw new IllegalStateException("KernelRegimeMonitor saw iteration " + iteration
                    + " before iteration 0; attach it before training starts");
        }
        if (shouldRecord(iteration)) {
            records.add(measure(iteration, parameters));
        }
    }

    private boolean shouldRecord(int k) {
        if (k == 0 || k == total) {
            return true;
        }
        return iterations == null ? k % period == 0 : Arrays.binarySearch(iterations, k) >= 0;
    }

    private void start(DiagonalRnn theta0) {
        if (linearization != null) {
            linearization.close();
        }
        records.clear();
        initial = theta0;
        initialGram = ntk.gram(theta0, data, mode);
        if (!(initialGram.frobeniusNorm() > 0)) {
            throw new IllegalArgumentException("the NTK Gram at Θ(0) on " + data + " is zero; the relative kernel"
                    + " change is undefined");
        }
        linearization = new Linearization(theta0, data, ntk.options().threads());
        initialOutputs = linearization.initialOutputs();
    }

    private KernelRegimeRecord measure(int k, DiagonalRnn theta) {
        Drift drift = Drift.between(theta, initial);
        double change = k == 0 ? 0.0 : ntk.gram(theta, data, mode).relativeDistanceTo(initialGram);
        double linError = 0;
        double outputChange = 0;
        if (k > 0) {
            double[] f = linearization.outputs(theta);
            double[] lin = linearization.linearized(theta);
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
            throw new IllegalStateException("this KernelRegimeMonitor (" + mode + " on " + data
                    + ") has been closed");
        }
    }

    /** Waits for a measurement in progress, then frees the linearization. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (linearization != null) {
            linearization.close();
            linearization = null;
        }
    }
}
