package org.rnntk.spark.sweep;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.Checks;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.data.SyntheticTasks;

/**
 * One training run of a sweep: the data task and its size, the initialization, the width, the
 * seed, the optimizer and the number of iterations. Serializable (Java serialization) so that a
 * Spark executor receives it as it is.
 *
 * <p>Seeds: the inputs and the teacher use {@link SyntheticTasks#inputSeed(long)} and
 * {@link SyntheticTasks#teacherSeed(long)} of {@code seed}; the symmetric initializer uses
 * {@code seed} itself.
 *
 * @param run        index of the run in its grid (row order of the table), ≥ 0
 * @param task       {@code filter} (teacher (a)) or {@code rnn} (teacher (b)), docs/theory.md §10
 * @param n          number of sequences
 * @param steps      T
 * @param d          input dimension
 * @param memory     the teacher's ρ ≥ 0
 * @param amplitude  the teacher's A &gt; 0
 * @param activation {@code tanh} or {@code sigmoid}
 * @param law        initial law of w(0): {@code constant} or {@code uniform}
 * @param alpha      α ≥ 0 of the symmetric initialization
 * @param width      m (even: the initialization is symmetric)
 * @param seed       the run's seed
 * @param optimizer  {@code gd} or {@code pgd}
 * @param step       the step size η &gt; 0
 * @param radius     the projection radius ρ_w = ρ_u of {@code pgd} (&gt; 0; ignored by {@code gd})
 * @param iterations τ ≥ 0
 * @param loss       {@code all} or {@code last} (docs/theory.md §3)
 */
public record RunConfig(int run, String task, int n, int steps, int d, double memory, double amplitude,
                        String activation, String law, double alpha, int width, long seed, String optimizer,
                        double step, double radius, int iterations, String loss) implements Serializable {

    private static final long serialVersionUID = 1L;

    public RunConfig {
        Checks.nonNegative("run", run);
        task = oneOf("task", task, "filter", "rnn");
        Checks.positive("n", n);
        Checks.positive("steps", steps);
        Checks.positive("d", d);
        Checks.nonNegative("memory", memory);
        Checks.positive("amplitude", amplitude);
        activation = oneOf("activation", activation, "tanh", "sigmoid");
        law = oneOf("init", law, "constant", "uniform");
        Checks.nonNegative("alpha", alpha);
        Checks.positive("width", width);
        optimizer = oneOf("optimizer", optimizer, "gd", "pgd");
        Checks.positive("step", step);
        Checks.positive("radius", radius);
        Checks.nonNegative("iterations", iterations);
        loss = oneOf("loss", loss, "all", "last");
    }

    private static String oneOf(String name, String value, String... allowed) {
        Objects.requireNonNull(value, name);
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(name + " '" + value + "' is unknown; expected one of "
                + String.join(", ", allowed));
    }

    /** The training data of this run (inputs and targets). */
    public SequenceDataset data() {
        return switch (task) {
            case "filter" -> SyntheticTasks.filter(n, steps, d, memory, amplitude, seed).generate();
            case "rnn" -> SyntheticTasks.rnnTeacher(n, steps, d, memory, amplitude, seed).generate();
            default -> throw new IllegalStateException("task " + task);
        };
    }

    /** σ. */
    public Activation activationFunction() {
        return Activations.byName(activation);
    }

    /** The law of w(0). */
    public RecurrentLaw recurrentLaw() {
        return law.equals("constant") ? RecurrentLaw.CONSTANT : RecurrentLaw.UNIFORM;
    }

    /** The optimizer. */
    public Optimizer optimizerInstance() {
        return optimizer.equals("gd") ? Optimizers.gradientDescent(step) : Optimizers.projected(step, radius, radius);
    }

    /** The loss mode. */
    public Loss lossMode() {
        return loss.equals("all") ? Loss.ALL_STEPS : Loss.LAST_STEP;
    }
}
