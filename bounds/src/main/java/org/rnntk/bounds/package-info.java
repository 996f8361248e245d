/**
 * Theoretical quantities of rnntk, pure Java (JDK + rnntk-core + commons-math3), no native code:
 * µ_T and the memory regime (docs/theory.md §6), the per-neuron lemma constants (§7), the width,
 * iteration and step requirements of projected gradient descent with their breakdown and the
 * unregularized-GD variants (§8), and Chatterjee's local PL criterion with certified constants for
 * generic functions, the diagonal RNN and feedforward networks with positive initialization (§9),
 * whose certificates verify the activation's constants ({@link org.rnntk.bounds.ActivationCheck}).
 *
 * <p>Entry points: {@link org.rnntk.bounds.Bounds} (§6–§8; the one way to µ_T), its inputs
 * {@link org.rnntk.bounds.PgdProblem} read from a training set-up by
 * {@link org.rnntk.bounds.PgdProblem#from} or typed with {@link org.rnntk.bounds.PgdProblem#builder()},
 * {@link org.rnntk.bounds.LocalPl},
 * {@link org.rnntk.bounds.RnnPl} and {@link org.rnntk.bounds.FeedforwardPl} (§9),
 * {@link org.rnntk.bounds.WidthScaling} (tables for plots). The §8 results name the bound on the
 * mean residual they use ({@link org.rnntk.bounds.ResidualBound}): Ymax for steps η ≤ 1/β (the loss
 * never increases), Rmax = Ymax + G1ρ for any step.
 *
 * <p>All explicit constants are the library's own derivation (docs/theory.md §6–§9),
 * not copied from the source papers, whose full texts were unavailable.
 */
package org.rnntk.bounds;
