package org.rnntk.kernels.ntk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Drift;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentModel;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingListener;

/**
 * A {@link TrainingListener} that measures how far a run leaves the kernel regime
 * (docs/theory.md §5, §11): at chosen iterations it records a {@link KernelRegimeRecord} with the
 * per-neuron drift, the relative change of the empirical NTK Gram
 * ‖K(Θ(k)) − K(Θ(0))‖_F/‖K(Θ(0))‖_F on a monitored data set, and the linearization error
 * max_q |F_q(Θ(k)) − F_lin,q(Θ(k))| against F_lin(Θ) = F(Θ0) + J(Θ0)(Θ − Θ0) (a forward tangent
 * pass, J never formed). Iteration 0 (the reference) and the last iteration are always recorded.
 *
 * <p>{@link #every} and {@link #at} monitor the diagonal network with an {@link EmpiricalNtk};
 * {@link org.rnntk.kernels.dense.DenseKernelRegimeMonitor} is the dense network's case. A monitor
 * accepts only its own kind of model: another one throws {@link IllegalArgumentException}.
 *
 * <p>Cost per recorded iteration: one Gram (see {@link NtkImplementation}), one forward pass and one
 * forward tangent pass on the monitored data; memory: the Gram at Θ(0) plus four (n·T)×m arrays.
 * Use a small monitored data set (e.g. the training set when n·T is modest). Close it afterwards
 * (the NTK passed in stays the caller's).
 *
 * <p>Thread rule: every method holds this object's lock, so a monitor may be called from several
 * threads, but it follows one run: two trainings reporting to one monitor interleave their
 * iterations in its records (use one monitor per run). {@link #close()} waits for a measurement in
 * progress and frees the linearization's buffers; {@link #onIteration}, {@link #onModel} and
 * {@link #onParameters} after it throw {@link IllegalStateException}, while the records stay
 * readable.
 */
public class KernelRegimeMonitor implements TrainingListener, AutoCloseable {

    /**
     * The outputs of one kind of model on the monitored data and their linearization at Θ0, opened
     * at Θ(0) of a run: arrays of length n·T in the order j·T + t. Called only under the monitor's
     * lock; closed by the monitor.
     *
     * @param <M> the model type
     */
    protected interface Probe<M extends RecurrentModel<M>> extends AutoCloseable {

        /** F(Θ0) (a copy). */
        double[] initialOutputs();

        /** F(Θ). */
        double[] outputs(M theta);

        /** F_lin(Θ) = F(Θ0) + J(Θ0)(Θ − Θ0). */
        double[] linearized(M theta);

        /** Frees the probe's buffers. */
        @Override
        void close();
    }

    private final Observed<?> observed;
    private final SequenceDataset data;
    private final Loss mode;
    private final int period;
    private final int[] iterations;
    private final List<KernelRegimeRecord> records = new ArrayList<>();

    private double lastLoss = Double.NaN;
    private int total = -1;
    private boolean closed;

    /**
     * A monitor of models of type {@code modelType} that records every {@code period}-th iteration
     * (k = 0, period, 2·period, …) and the last one.
     *
     * @param gram   K(Θ) on {@code data} in {@code mode}
     * @param probes opens the outputs and the linearization at Θ(0) of each run
     */
    protected <M extends RecurrentModel<M>> KernelRegimeMonitor(Class<M> modelType, Function<M, GramMatrix> gram,
            Function<M, Probe<M>> probes, SequenceDataset data, Loss mode, int period) {
        this(new Observed<>(modelType, gram, probes), data, mode, Checks.positive("period", period), null);
    }

    private KernelRegimeMonitor(Observed<?> observed, SequenceDataset data, Loss mode, int period,
                                int[] iterations) {
        this.observed = observed;
        this.data = Objects.requireNonNull(data, "data");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.period = period;
        this.iterations = iterations;
    }

    /** Records every {@code period}-th iteration (k = 0, period, 2·period, …) and the last one. */
    public static KernelRegimeMonitor every(int period, EmpiricalNtk ntk, SequenceDataset data, Loss mode) {
        return new KernelRegimeMonitor(diagonal(ntk, data, mode), data, mode, Checks.positive("period", period),
                null);
    }

    /** Records the given iterations (each ≥ 0; array not modified), plus 0 and the last one. */
    public static KernelRegimeMonitor at(int[] iterations, EmpiricalNtk ntk, SequenceDataset data, Loss mode) {
        Objects.requireNonNull(iterations, "iterations");
        for (int k : iterations) {
            Checks.nonNegative("recorded iteration", k);
        }
        int[] sorted = iterations.clone();
        Arrays.sort(sorted);
        return new KernelRegimeMonitor(diagonal(ntk, data, mode), data, mode, 0, sorted);
    }

    /** The diagonal network's Gram ({@link EmpiricalNtk}) and {@link Linearization}. */
    private static Observed<DiagonalRnn> diagonal(EmpiricalNtk ntk, SequenceDataset data, Loss mode) {
        Objects.requireNonNull(ntk, "ntk");
        return new Observed<>(DiagonalRnn.class, theta -> ntk.gram(theta, data, mode),
                theta0 -> new Linearization(theta0, data, ntk.options().threads()));
    }

    @Override
    public synchronized void onIteration(int iteration, int totalIterations, double loss) {
        requireOpen();
        lastLoss = loss;
        total = totalIterations;
    }

    /**
     * @throws IllegalArgumentException when the model is not of this monitor's kind
     */
    @Override
    public synchronized void onModel(int iteration, RecurrentModel<?> parameters) {
        requireOpen();
        Objects.requireNonNull(parameters, "parameters");
        observed.requireKind(parameters, this);
        if (iteration == 0) {
            records.clear();
            observed.start(parameters, data);
        } else if (!observed.started()) {
            throw new IllegalStateException(name() + " saw iteration " + iteration
                    + " before iteration 0; attach it before training starts");
        }
        if (shouldRecord(iteration)) {
            records.add(observed.measure(iteration, parameters, lastLoss, data, mode));
        }
    }

    /** As {@link #onModel}. */
    @Override
    public synchronized void onParameters(int iteration, DiagonalRnn parameters) {
        onModel(iteration, parameters);
    }

    private boolean shouldRecord(int k) {
        if (k == 0 || k == total) {
            return true;
        }
        return iterations == null ? k % period == 0 : Arrays.binarySearch(iterations, k) >= 0;
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
        return observed.initialGram();
    }

    private String name() {
        return getClass().getSimpleName();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this " + name() + " (" + mode + " on " + data + ") has been closed");
        }
    }

    /** Waits for a measurement in progress, then frees the linearization's buffers. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        observed.close();
    }

    /** The run being observed: Θ(0), its Gram and outputs, and the probe opened there. */
    private static final class Observed<M extends RecurrentModel<M>> implements AutoCloseable {

        private final Class<M> type;
        private final Function<M, GramMatrix> gram;
        private final Function<M, Probe<M>> probes;
        private M initial;
        private GramMatrix initialGram;
        private Probe<M> probe;
        private double[] initialOutputs;

        Observed(Class<M> type, Function<M, GramMatrix> gram, Function<M, Probe<M>> probes) {
            this.type = Objects.requireNonNull(type, "modelType");
            this.gram = Objects.requireNonNull(gram, "gram");
            this.probes = Objects.requireNonNull(probes, "probes");
        }

        void requireKind(RecurrentModel<?> model, KernelRegimeMonitor monitor) {
            if (!type.isInstance(model)) {
                throw new IllegalArgumentException(monitor.name() + " monitors a " + type.getSimpleName()
                        + ", not " + model + "; use the monitor made for the model's NTK");
            }
        }

        boolean started() {
            return initial != null;
        }

        /** Starts a run at Θ(0); when that fails, no run is started. */
        void start(RecurrentModel<?> model, SequenceDataset data) {
            close();
            initial = null;
            initialGram = null;
            M theta0 = type.cast(model);
            GramMatrix k0 = gram.apply(theta0);
            if (!(k0.frobeniusNorm() > 0)) {
                throw new IllegalArgumentException("the NTK Gram at Θ(0) on " + data + " is zero; the relative"
                        + " kernel change is undefined");
            }
            probe = probes.apply(theta0);
            initialOutputs = probe.initialOutputs();
            initialGram = k0;
            initial = theta0;
        }

        KernelRegimeRecord measure(int k, RecurrentModel<?> model, double loss, SequenceDataset data, Loss mode) {
            M theta = type.cast(model);
            Drift drift = Drift.between(theta, initial);
            double change = k == 0 ? 0.0 : gram.apply(theta).relativeDistanceTo(initialGram);
            double linError = 0;
            double outputChange = 0;
            if (k > 0) {
                double[] f = probe.outputs(theta);
                double[] lin = probe.linearized(theta);
                int steps = data.timeSteps();
                for (int r = 0; r < f.length; r++) {
                    if (mode == Loss.LAST_STEP && r % steps != steps - 1) {
                        continue;
                    }
                    linError = Math.max(linError, Math.abs(f[r] - lin[r]));
                    outputChange = Math.max(outputChange, Math.abs(f[r] - initialOutputs[r]));
                }
            }
            return new KernelRegimeRecord(k, loss, drift, change, linError, outputChange);
        }

        GramMatrix initialGram() {
            if (initialGram == null) {
                throw new IllegalStateException("no run observed yet");
            }
            return initialGram;
        }

        @Override
        public void close() {
            if (probe != null) {
                probe.close();
                probe = null;
            }
        }
    }
}
