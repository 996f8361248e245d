package org.rnntk.bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.rnntk.core.Checks;

/**
 * Tables of {@link Bounds#requiredWidth} as one input varies, for plots such as "width is
 * logarithmic in n" or "width is flat in T below the memory cutoff and exponential above it"
 * (docs/theory.md §8, §10 claims 1 and 2).
 */
public final class WidthScaling {

    private WidthScaling() {
    }

    /** The input that varies along a table. */
    public enum Axis {
        /** the number of samples n (values are rounded to longs) */
        SAMPLES,
        /** the sequence length T (values are rounded to longs) */
        TIME_STEPS,
        /** the target ε */
        EPSILON,
        /** the failure probability δ */
        DELTA,
        /** ασ1; α = value/σ1 */
        ALPHA_SIGMA1
    }

    /**
     * One row of a table.
     *
     * @param axis         the varied input
     * @param value        its value on this row
     * @param samples      n
     * @param timeSteps    T
     * @param epsilon      ε
     * @param delta        δ
     * @param alphaSigma1  ασ1
     * @param regime       the memory regime
     * @param log10MuT     log10 µ_T
     * @param width        the required width (+∞ past the double range)
     * @param log10Width   log10 of the width (always finite)
     * @param dominantTerm the larger of the approximation and linearization terms at that width
     */
    public record Row(Axis axis, double value, long samples, long timeSteps, double epsilon, double delta,
                      double alphaSigma1, MemoryRegime regime, double log10MuT, double width, double log10Width,
                      String dominantTerm) {
    }

    /**
     * Required widths along one axis, all other inputs taken from {@code base}.
     *
     * @param base    the problem the other inputs come from
     * @param epsilon ε (ignored on the EPSILON axis)
     * @param delta   δ (ignored on the DELTA axis)
     * @param axis    the varied input
     * @param values  its values; not modified
     */
    public static List<Row> sweep(PgdProblem base, double epsilon, double delta, Axis axis, double... values) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(axis, "axis");
        Objects.requireNonNull(values, "values");
        Checks.allFinite("values", values);
        List<Row> rows = new ArrayList<>(values.length);
        for (double v : values) {
            PgdProblem p = base;
            double eps = epsilon;
            double del = delta;
            switch (axis) {
                case SAMPLES:
                    p = base.withSamples(Math.round(v));
                    break;
                case TIME_STEPS:
                    p = base.withTimeSteps(Math.round(v));
                    break;
                case EPSILON:
                    eps = v;
                    break;
                case DELTA:
                    del = v;
                    break;
                default:
                    p = base.withAlpha(v / base.activation().sigma1());
                    break;
            }
            WidthRequirement w = Bounds.requiredWidth(p, eps, del);
            rows.add(new Row(axis, v, p.samples(), p.timeSteps(), eps, del, p.alphaSigma1(), p.regime(),
                    MuT.log10MuT(p.alpha(), p.activation().sigma1(), p.timeSteps()), w.width(), w.log10Width(),
                    w.terms().dominantTerm()));
        }
        return rows;
    }
}
