package org.rnntk.kernels.ntk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;

/**
 * Shows the finite-width empirical NTK at the symmetric initialization converging to the
 * infinite-width kernel K∞ as m grows (docs/theory.md §5). For each width m and seed, the Gram
 * K_m of a freshly initialized network is compared with a {@link MonteCarloKernel} reference in
 * relative Frobenius norm; since E[K_m] = K∞ and the m/2 mirrored pairs are independent, the error
 * should fall like 1/√m, so {@link Row#scaledError()} = error·√m should stay roughly constant, until
 * it meets the reference's own Monte Carlo floor {@link Table#referenceRelativeStandardError()}.
 */
public final class WidthConvergence {

    private WidthConvergence() {
    }

    /**
     * One width.
     *
     * @param width                     m
     * @param seeds                     initializations averaged
     * @param meanRelativeError         mean over seeds of ‖K_m − K∞‖_F/‖K∞‖_F
     * @param seedAveragedRelativeError ‖mean over seeds of K_m − K∞‖_F/‖K∞‖_F (the mean over seeds is
     *                                  the average of seeds·m/2 independent neurons)
     * @param scaledError               meanRelativeError·√m
     */
    public record Row(int width, int seeds, double meanRelativeError, double seedAveragedRelativeError,
                      double scaledError) {
    }

    /**
     * The study.
     *
     * @param rows                            one per width, in the order given
     * @param referenceDraws                  the Monte Carlo draws behind K∞
     * @param referenceRelativeStandardError  the reference's noise floor (see
     *                                        {@link MonteCarloKernel#relativeStandardError()})
     * @param fittedExponent                  least-squares slope of log(meanRelativeError) against
     *                                        log(m); −1/2 in theory
     */
    public record Table(List<Row> rows, int referenceDraws, double referenceRelativeStandardError,
                        double fittedExponent) {

        public Table {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Runs the study on the Gram of {@code data}.
     *
     * @param widths    even widths m (not modified)
     * @param seeds     initializations per width, ≥ 1
     * @param seed      base seed; width m, repetition s uses the initializer seed
     *                  {@code seed + 1_000_003·m + s}
     * @param reference K∞ on the same data and mode, e.g. from {@link InfiniteWidthNtk}
     */
    public static Table study(EmpiricalNtk ntk, Activation activation, InitialLaw law, SequenceDataset data,
                              Loss mode, int[] widths, int seeds, long seed, MonteCarloKernel reference) {
        Objects.requireNonNull(ntk, "ntk");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(widths, "widths");
        Objects.requireNonNull(reference, "reference");
        Checks.positive("seeds", seeds);
        if (widths.length == 0) {
            throw new IllegalArgumentException("widths must list at least one width");
        }
        GramMatrix kInf = reference.mean();
        List<Row> rows = new ArrayList<>();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int m : widths) {
            Checks.evenWidth("width m", m);
            double errSum = 0;
            double[] avg = null;
            GramMatrix shape = null;
            for (int s = 0; s < seeds; s++) {
                DiagonalRnn model = law.initializer(seed + 1_000_003L * m + s).initialize(m, data.inputDim(),
                        activation);
                GramMatrix k = ntk.gram(model, data, mode);
                errSum += k.relativeDistanceTo(kInf);
                double[] v = k.raw();
                if (avg == null) {
                    avg = new double[v.length];
                    shape = k;
                }
                for (int e = 0; e < v.length; e++) {
                    avg[e] += v[e] / seeds;
                }
            }
            GramMatrix mean = new GramMatrix(mode, shape.rowSequences(), shape.rowSteps(), shape.colSequences(),
                    shape.colSteps(), shape.symmetric(), avg);
            double err = errSum / seeds;
            rows.add(new Row(m, seeds, err, mean.relativeDistanceTo(kInf), err * Math.sqrt(m)));
            double lx = Math.log(m);
            double ly = Math.log(err);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
        }
        int k = widths.length;
        double slope = k < 2 ? Double.NaN : (k * sxy - sx * sy) / (k * sxx - sx * sx);
        return new Table(rows, reference.draws(), reference.relativeStandardError(), slope);
    }
}
