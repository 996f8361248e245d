package org.rnntk.kernels.dense;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.rnntk.core.DenseRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Precision;

/** Reuse-or-replace of a {@link DenseWorkspace}, shared by the backend and the NTK. Not API. */
final class DenseWorkspaces {

    private DenseWorkspaces() {
    }

    /** The held workspace if it fits (data, width, precision), else a new one (the old one closed); model uploaded. */
    static DenseWorkspace prepare(Supplier<DenseWorkspace> held, Consumer<DenseWorkspace> store, DenseRnn model,
                                  SequenceDataset data, Precision precision) {
        boolean f64 = precision == Precision.FLOAT64;
        DenseWorkspace ws = held.get();
        if (ws == null || !ws.fits(data, model.width(), f64)) {
            if (ws != null) {
                ws.close();
                store.accept(null);
            }
            ws = new DenseWorkspace(data, model.width(), f64);
            store.accept(ws);
        }
        ws.load(model);
        return ws;
    }
}
