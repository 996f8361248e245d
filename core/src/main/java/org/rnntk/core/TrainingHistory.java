package org.rnntk.core;

import java.util.Optional;

/**
 * What a {@link Training} run of the diagonal network leaves behind (docs/theory.md §3): the
 * {@link RecurrentHistory} of a {@link DiagonalRnn}, so {@link #initial()} and {@link #last()} are
 * diagonal networks and the W-drift is √m|w_i(k) − w_i(0)|. Everything else — the status, the
 * divergence, the loss curve and its minimum and average — is the general history's.
 */
public final class TrainingHistory extends RecurrentHistory<DiagonalRnn> {

    /**
     * As {@link RecurrentHistory#RecurrentHistory(String, Loss, double[], double[], double[], Drift,
     * RecurrentModel, RecurrentModel, Optional)}; arrays not modified.
     */
    public TrainingHistory(String optimizer, Loss lossMode, double[] losses, double[] maxDriftW,
                           double[] maxDriftU, Drift finalDrift, DiagonalRnn initial, DiagonalRnn last,
                           Optional<Divergence> divergence) {
        super(optimizer, lossMode, losses, maxDriftW, maxDriftU, finalDrift, initial, last, divergence);
    }

    /** A completed run (no divergence); arrays not modified. */
    public TrainingHistory(String optimizer, Loss lossMode, double[] losses, double[] maxDriftW,
                           double[] maxDriftU, Drift finalDrift, DiagonalRnn initial, DiagonalRnn last) {
        this(optimizer, lossMode, losses, maxDriftW, maxDriftU, finalDrift, initial, last, Optional.empty());
    }

    /** The same history, typed for the diagonal network. */
    TrainingHistory(RecurrentHistory<DiagonalRnn> h) {
        this(h.optimizer(), h.lossMode(), h.losses(), h.maxDriftW(), h.maxDriftU(), h.finalDrift(), h.initial(),
                h.last(), h.divergence());
    }
}
