package org.rnntk.kernels.ntk;

/** The symmetric eigensolver behind {@link Spectrum}. Both compute every eigenvalue, O(N³). */
public enum EigenSolver {
    /**
     * LAPACK {@code dsyev} (eigenvalues only) through ND4J's bundled OpenBLAS. Measured here with one
     * OpenMP thread: N = 500 in ≈ 0.06 s, 1000 in ≈ 0.3 s, 2000 in ≈ 1.5 s. The default.
     */
    LAPACK,
    /**
     * commons-math3 {@code EigenDecomposition}, pure Java; it also forms the eigenvectors. About 50×
     * slower than LAPACK here (N = 1000 ≈ 14 s, N = 2000 ≈ 84 s): use it as an independent
     * cross-check or where no native code may run, for N up to about a thousand.
     */
    COMMONS_MATH
}
