/**
 * The empirical neural tangent kernel of the diagonal RNN (docs/theory.md §5) and what is built on
 * it: Gram matrices (last step, all steps, cross, and streamed to disk), their spectra, the
 * infinite-width kernel by Monte Carlo, kernel-regime diagnostics along a training run, predictions
 * at Θ0 (kernel regression, the linearized network's gradient descent in closed form, the gap to the
 * trained network), the matrix-free NTK product with its extreme eigenvalues by Lanczos, and
 * certified bounds on a formed Gram's extreme eigenvalues by Cholesky ({@link org.rnntk.kernels.ntk.CholeskyBounds}).
 *
 * <p>Shape of the API, after neural-tangents: {@link org.rnntk.kernels.ntk.Ntk#empirical(NtkOptions)}
 * returns a kernel function ({@link org.rnntk.kernels.ntk.EmpiricalNtk}); the algorithm behind it is
 * an {@link org.rnntk.kernels.ntk.NtkImplementation} with documented trade-offs, and the
 * implementations are tested against each other and against naive per-output backward passes.
 * Results are records ({@link org.rnntk.kernels.ntk.GramMatrix}, {@link org.rnntk.kernels.ntk.Spectrum},
 * {@link org.rnntk.kernels.ntk.MonteCarloKernel}, {@link org.rnntk.kernels.ntk.KernelRegimeRecord}).
 * Everything here computes in float64. docs/ntk.md has the prose, the measured tables and the
 * commands that produced them.
 */
package org.rnntk.kernels.ntk;
