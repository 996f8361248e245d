/**
 * The vocabulary of rnntk, pure Java: the diagonal RNN ({@link org.rnntk.core.DiagonalRnn}) and the
 * dense one ({@link org.rnntk.core.DenseRnn}, docs/theory.md §11) behind
 * {@link org.rnntk.core.RecurrentModel}, {@link org.rnntk.core.RecurrentBackend} and the
 * model-generic loop {@link org.rnntk.core.RecurrentTraining},
 * activations and their bound constants, the symmetric initialization, the two loss modes, sequence
 * data sets, optimizers (GD and projected GD around the initialization), the training loop and its
 * history, and the {@link org.rnntk.core.RnnBackend} interface that {@code rnntk-kernels} implements.
 * Formulas are in docs/theory.md §1–§4. Arguments are validated by {@link org.rnntk.core.Checks}.
 */
package org.rnntk.core;
