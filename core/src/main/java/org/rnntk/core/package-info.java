/**
 * The vocabulary of rnntk, pure Java: the diagonal RNN ({@link org.rnntk.core.DiagonalRnn}),
 * activations and their bound constants, the symmetric initialization, the two loss modes, sequence
 * data sets, optimizers (GD and projected GD around the initialization), the training loop and its
 * history, and the {@link org.rnntk.core.RnnBackend} interface that {@code rnntk-kernels} implements.
 * Formulas are in docs/theory.md §1–§4. Arguments are validated by {@link org.rnntk.core.Checks}.
 */
package org.rnntk.core;
