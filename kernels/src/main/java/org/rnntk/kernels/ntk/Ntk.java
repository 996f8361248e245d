package org.rnntk.kernels.ntk;

import java.util.Objects;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;

/**
 * Factory for empirical NTK kernel functions (docs/theory.md §5), after neural-tangents'
 * {@code empirical_ntk_fn}: choose an {@link NtkImplementation} and a block budget once, then call
 * the returned {@link EmpiricalNtk} on any parameters and data.
 * <pre>{@code
 * try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults())) {
 *     GramMatrix k = ntk.gram(model, train, Loss.LAST_STEP);          // n x n
 *     GramMatrix kx = ntk.gram(model, train, test, Loss.LAST_STEP);   // n x n'
 *     Spectrum s = Spectrum.of(k);
 * }
 * }</pre>
 */
public final class Ntk {

    private Ntk() {
    }

    /** Jacobian contraction with a 256 MiB block budget, one thread per processor. */
    public static EmpiricalNtk empirical() {
        return empirical(NtkOptions.defaults());
    }

    /** The given implementation with the default budget and threads. */
    public static EmpiricalNtk empirical(NtkImplementation implementation) {
        return empirical(NtkOptions.defaults().withImplementation(implementation));
    }

    /** A kernel function with these options; close it when done. */
    public static EmpiricalNtk empirical(NtkOptions options) {
        return new BlockedNtk(Objects.requireNonNull(options, "options"));
    }

    /** One-shot {@link EmpiricalNtk#gram(DiagonalRnn, SequenceDataset, Loss)} with the defaults. */
    public static GramMatrix gram(DiagonalRnn model, SequenceDataset data, Loss mode) {
        try (EmpiricalNtk ntk = empirical()) {
            return ntk.gram(model, data, mode);
        }
    }

    /** One-shot cross-Gram {@link EmpiricalNtk#gram(DiagonalRnn, SequenceDataset, SequenceDataset, Loss)}. */
    public static GramMatrix gram(DiagonalRnn model, SequenceDataset rows, SequenceDataset cols, Loss mode) {
        try (EmpiricalNtk ntk = empirical()) {
            return ntk.gram(model, rows, cols, mode);
        }
    }
}
