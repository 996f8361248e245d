/**
 * The {@link org.rnntk.kernels.pl.Objective} adapters behind {@link org.rnntk.kernels.pl.Objectives}:
 * plain functions, least squares, the feedforward loss and the RNN loss.
 */
package org.rnntk.kernels.pl.objective;
