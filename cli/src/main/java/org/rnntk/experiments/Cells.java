package org.rnntk.experiments;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.spark.sweep.CellResult;
import org.rnntk.spark.sweep.Executor;
import org.rnntk.spark.sweep.SerializableFunction;
import org.rnntk.spark.sweep.Sweep;

/**
 * The experiments' grids on the sweep engine ({@link Sweep#map}): each independent cell builds its
 * own single-threaded float64 backend on the thread that runs it, so its numbers do not depend on
 * the executor.
 */
final class Cells {

    private Cells() {
    }

    /** The backend a cell computes on: float64, one thread, created and closed by the cell. */
    static Nd4jBackend cellBackend() {
        return Nd4jBackend.create(Precision.FLOAT64, 1);
    }

    /**
     * The values of {@code run} over {@code cells}, in cell order, with one stage per finished cell
     * reported to {@code listener}.
     *
     * @throws IllegalStateException naming the experiment, the cell and its error when a cell failed
     */
    static <C extends Serializable, R extends Serializable> List<R> compute(String experiment, List<C> cells,
            SerializableFunction<C, R> run, Executor executor, ExperimentListener listener) {
        ExperimentListener progress = listener == null ? ExperimentListener.NONE : listener;
        progress.onStage(new ExperimentStage(experiment, String.format(Locale.ROOT, "%d cells on %s", cells.size(),
                executor), 0, cells.size() + 1, 0, Math.max(1, cells.size())));
        List<CellResult<R>> results = Sweep.map(cells, run, executor, (finished, failed, total, elapsed, eta) ->
                progress.onStage(new ExperimentStage(experiment, String.format(Locale.ROOT,
                        "%d/%d cells finished%s", finished, total, failed > 0 ? " (" + failed + " failed)" : ""),
                        finished, total + 1, finished, total)));
        List<R> out = new ArrayList<>(results.size());
        for (CellResult<R> r : results) {
            if (!r.ok()) {
                throw new IllegalStateException(experiment + ": cell " + r.cell() + " (" + cells.get(r.cell())
                        + ") failed: " + r.error());
            }
            out.add(r.value());
        }
        return out;
    }

    /**
     * An activation as serializable values: tanh or sigmoid by name, this package's ReLU, or its
     * softplus with its exact β.
     *
     * @param name the name for tanh and sigmoid, {@code relu} or {@code softplus}
     * @param beta β of the softplus, else NaN
     */
    record ActivationRef(String name, double beta) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** @throws IllegalArgumentException for an activation that cannot be rebuilt (a custom one) */
        static ActivationRef of(Activation activation) {
            if (NonSmoothActivations.isRelu(activation)) {
                return new ActivationRef("relu", Double.NaN);
            }
            double beta = NonSmoothActivations.softplusBeta(activation);
            if (!Double.isNaN(beta)) {
                return new ActivationRef("softplus", beta);
            }
            return new ActivationRef(activationName(activation), Double.NaN);
        }

        Activation activation() {
            return switch (name) {
                case "relu" -> NonSmoothActivations.relu();
                case "softplus" -> NonSmoothActivations.softplus(beta);
                default -> Activations.byName(name);
            };
        }
    }

    /**
     * The name under which {@code activation} travels to a cell ({@link Activations#byName} rebuilds it).
     *
     * @throws IllegalArgumentException for an activation byName does not know (a custom one)
     */
    static String activationName(Activation activation) {
        String name = activation.name();
        Activation rebuilt;
        try {
            rebuilt = Activations.byName(name);
        } catch (IllegalArgumentException e) {
            rebuilt = null;
        }
        if (rebuilt == null || rebuilt.getClass() != activation.getClass()) {
            throw new IllegalArgumentException("activation '" + name + "' cannot be sent to the sweep engine's cells;"
                    + " expected tanh or sigmoid (run a custom activation in-process with a backend)");
        }
        return name;
    }
}
