package org.rnntk.core.data;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.RecurrentLaw;

/**
 * Factory for synthetic tasks with one seed. The inputs are drawn on the unit sphere
 * (‖x_t‖₂ = 1) with seed {@code inputSeed(seed)} and the teacher with {@code teacherSeed(seed)}:
 * two unrelated streams derived from the one seed, so changing the number of sequences never
 * changes the teacher. For other input laws or radii build an {@link InputSpec} and a teacher and
 * pair them in a {@link SyntheticTask}.
 */
public final class SyntheticTasks {

    /** The default width of {@link #rnnTeacher}. */
    public static final int DEFAULT_TEACHER_WIDTH = 256;

    private SyntheticTasks() {
    }

    /** The seed the factory gives the inputs of a task with seed {@code seed}. */
    public static long inputSeed(long seed) {
        return Seeds.derive(seed, 0);
    }

    /** The seed the factory gives the teacher of a task with seed {@code seed}. */
    public static long teacherSeed(long seed) {
        return Seeds.derive(seed, 1);
    }

    /**
     * Teacher (a): y_t = A tanh(Σ_{k&lt;t} ρ^k ⟨v, x_{t−k}⟩), see {@link FilterTeacher}.
     *
     * @param memory    ρ ≥ 0 (ρ ≥ 1 allowed: no forgetting)
     * @param amplitude A &gt; 0
     */
    public static SyntheticTask filter(int n, int timeSteps, int inputDim, double memory, double amplitude,
                                       long seed) {
        return new SyntheticTask(InputSpec.unitSphere(n, timeSteps, inputDim, inputSeed(seed)),
                new FilterTeacher(inputDim, memory, amplitude, teacherSeed(seed)));
    }

    /**
     * Teacher (b): a random tanh diagonal RNN of width {@value #DEFAULT_TEACHER_WIDTH} with |w_i| = ρ,
     * u_i ~ N(0, I_d), y_t = A F_t; see {@link RnnTeacher}.
     */
    public static SyntheticTask rnnTeacher(int n, int timeSteps, int inputDim, double memory, double amplitude,
                                           long seed) {
        return rnnTeacher(n, timeSteps, inputDim, DEFAULT_TEACHER_WIDTH, memory, Activations.tanh(), amplitude, seed);
    }

    /** Teacher (b) with a chosen width M and activation σ; u_i ~ N(0, I_d). */
    public static SyntheticTask rnnTeacher(int n, int timeSteps, int inputDim, int teacherWidth, double memory,
                                           Activation activation, double amplitude, long seed) {
        return new SyntheticTask(InputSpec.unitSphere(n, timeSteps, inputDim, inputSeed(seed)),
                new RnnTeacher(teacherWidth, inputDim, memory, activation, 1.0, amplitude, teacherSeed(seed)));
    }

    /**
     * A reference-class teacher (docs/theory.md §8) for the initial law of
     * {@code Initializers.symmetric(alpha, law, seed')} (u ~ N(0, I_d)), with
     * {@value ReferenceClassTeacher#DEFAULT_DRAWS} Monte-Carlo draws.
     */
    public static ReferenceClassTeacher referenceClassTeacher(int inputDim, Activation activation, double alpha,
                                                              RecurrentLaw law, double nuBarW, double nuBarU,
                                                              long seed) {
        return new ReferenceClassTeacher(inputDim, activation, alpha, law, 1.0, nuBarW, nuBarU,
                ReferenceClassTeacher.DEFAULT_DRAWS, teacherSeed(seed));
    }

    /** Unit-sphere inputs labelled by {@link #referenceClassTeacher}. */
    public static SyntheticTask referenceClass(int n, int timeSteps, int inputDim, Activation activation,
                                               double alpha, RecurrentLaw law, double nuBarW, double nuBarU,
                                               long seed) {
        return new SyntheticTask(InputSpec.unitSphere(n, timeSteps, inputDim, inputSeed(seed)),
                referenceClassTeacher(inputDim, activation, alpha, law, nuBarW, nuBarU, seed));
    }
}
