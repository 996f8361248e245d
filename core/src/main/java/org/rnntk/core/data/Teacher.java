package org.rnntk.core.data;

import org.rnntk.core.SequenceDataset;

/**
 * A deterministic target function Y_t = f_t(X) on input sequences X ∈ R^{T×d}. Implementations
 * are immutable records: the same teacher labels the same inputs with bit-identical targets.
 */
public interface Teacher {

    /** d, the input dimension the teacher expects. */
    int inputDim();

    /**
     * f_t(X_j) for every sequence and step of {@code data} (its own targets are ignored).
     *
     * @param data the inputs (not modified)
     * @return a new array of shape n×T in C order
     * @throws IllegalArgumentException when the data's d differs from {@link #inputDim()}
     */
    double[] targets(SequenceDataset data);

    /** The same inputs with this teacher's targets at every step (for either loss mode). */
    default SequenceDataset label(SequenceDataset data) {
        return data.withTargets(targets(data));
    }

    /** A one-line summary of the teacher and its parameters. */
    String describe();
}
