/**
 * Chatterjee's local PL criterion (docs/theory.md §9; docs/criterion.md) made runnable: a nonnegative
 * {@link org.rnntk.kernels.pl.Objective} with its gradient (adapters for the RNN and feedforward
 * losses in {@link org.rnntk.kernels.pl.Objectives}); <em>estimates</em> of α(x0, r) and β
 * ({@link org.rnntk.kernels.pl.PlEstimator}, always {@code Certification.ESTIMATE}); certified
 * verdicts where a certified lower bound on α exists — the feedforward positive initialization
 * ({@link org.rnntk.kernels.pl.FeedforwardCertificates}, with the certified β bound of
 * {@link org.rnntk.kernels.pl.FeedforwardHessianBound}) and the diagonal RNN at its symmetric
 * initialization ({@link org.rnntk.kernels.pl.RnnCertificates}, Gram from
 * {@code org.rnntk.kernels.ntk.Ntk}, its certified spectrum by the full eigendecomposition or by
 * Cholesky bounds, as {@link org.rnntk.kernels.pl.GramRoute} chooses); GD runs checked against a verdict's promises
 * ({@link org.rnntk.kernels.pl.CertifiedDescent}). The positive-versus-random comparison is an
 * experiment, in the command line's module ({@code org.rnntk.experiments.InitializationComparison}).
 * The pure math of the criterion lives in
 * {@code rnntk-bounds} ({@code LocalPl}, {@code RnnPl}, {@code FeedforwardPl}) and is used, not
 * repeated, here.
 */
package org.rnntk.kernels.pl;
