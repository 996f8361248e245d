/**
 * Seeded synthetic data: input sequences with ‖x_t‖₂ ≤ 1 and teachers that label them.
 *
 * <ul>
 *   <li>{@link org.rnntk.core.data.InputSpec} draws the inputs (on the sphere or in the ball of
 *       a chosen radius r ≤ 1, the hypothesis of every bound, docs/theory.md §1).</li>
 *   <li>{@link org.rnntk.core.data.Teacher} labels inputs. Three teachers with a memory knob:
 *       {@link org.rnntk.core.data.FilterTeacher} (a tanh of an exponentially weighted filter),
 *       {@link org.rnntk.core.data.RnnTeacher} (a wide random diagonal RNN with |w_i| = ρ) and
 *       {@link org.rnntk.core.data.ReferenceClassTeacher} (a member of the reference class of
 *       docs/theory.md §8, with transport maps of known sup-norms, so the theory's hypotheses hold
 *       for it; it also builds the finite-width image Θ̄ of §8).</li>
 *   <li>{@link org.rnntk.core.data.SyntheticTask} pairs inputs and a teacher;
 *       {@link org.rnntk.core.data.SyntheticTasks} is the factory.</li>
 * </ul>
 *
 * <p>Randomness comes from commons-math3's {@code Well19937c}, whose stream does not depend on the
 * JDK, so a seed pins the inputs bit for bit everywhere. Targets are computed with
 * {@link java.lang.StrictMath} where this package evaluates transcendental functions itself; the
 * activation's own σ, σ' (from {@code rnntk-core}) are used as they are. Every generated data set
 * holds targets at every step, so it serves both loss modes: {@code ALL_STEPS} fits them all,
 * {@code LAST_STEP} fits the last one.
 *
 * <p>This package is pure Java: it needs neither ND4J nor native code.
 */
package org.rnntk.core.data;
