package org.rnntk.kernels.pl.objective;

import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.pl.Objective;

/**
 * The RNN loss R̂(Θ) = (1/(2N)) Σ_q r_q² (docs/theory.md §3) as an {@link Objective} of
 * x = (w_1..w_m, U row-major), p = m(d + 1); σ and the output signs c come from the template.
 * Uses (does not own) the backend; keeps no other state, so its thread rule is the backend's (the
 * kernels' backend serializes calls from several threads).
 */
public final class RnnObjective implements Objective {

    private final RnnBackend backend;
    private final DiagonalRnn template;
    private final SequenceDataset data;
    private final Loss loss;
    private final int m;
    private final int md;

    public RnnObjective(RnnBackend backend, DiagonalRnn template, SequenceDataset data, Loss loss) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.template = Objects.requireNonNull(template, "template");
        this.data = Objects.requireNonNull(data, "data");
        this.loss = Objects.requireNonNull(loss, "loss");
        data.requireInputDim(template.inputDim(), "the RNN");
        this.m = template.width();
        this.md = m * template.inputDim();
    }

    /** x = (w, U) of a network (a new array). */
    public static double[] parameters(DiagonalRnn model) {
        double[] x = new double[model.width() * (model.inputDim() + 1)];
        System.arraycopy(model.w(), 0, x, 0, model.width());
        System.arraycopy(model.u(), 0, x, model.width(), model.width() * model.inputDim());
        return x;
    }

    /** The network at x = (w, U) (not modified). */
    public DiagonalRnn model(double[] x) {
        Checks.length("x", x, m + md, "p = m(d+1)");
        double[] w = new double[m];
        double[] u = new double[md];
        System.arraycopy(x, 0, w, 0, m);
        System.arraycopy(x, m, u, 0, md);
        return template.withParameters(w, u);
    }

    public SequenceDataset data() {
        return data;
    }

    public Loss loss() {
        return loss;
    }

    @Override
    public int dimension() {
        return m + md;
    }

    @Override
    public double value(double[] x) {
        return backend.loss(model(x), data, loss);
    }

    @Override
    public double[] gradient(double[] x) {
        double[] gw = new double[m];
        double[] gu = new double[md];
        backend.lossAndGradientInto(model(x), data, loss, gw, gu);
        double[] g = new double[m + md];
        System.arraycopy(gw, 0, g, 0, m);
        System.arraycopy(gu, 0, g, m, md);
        return g;
    }
}
