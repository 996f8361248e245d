package org.rnntk.experiments;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.WidthScaling;
import org.rnntk.kernels.ntk.WidthConvergence;

/**
 * Text forms of the libraries' study results, for reports, plots and notebooks: the libraries return
 * records, the experiments format them.
 */
public final class ResultTables {

    private ResultTables() {
    }

    /**
     * The rows of {@link WidthScaling#sweep} as CSV with a header line; doubles in round-trip
     * precision.
     *
     * @param rows the sweep's rows (not modified)
     */
    public static String widthScalingCsv(List<WidthScaling.Row> rows) {
        Objects.requireNonNull(rows, "rows");
        StringBuilder sb = new StringBuilder(
                "axis,value,n,T,epsilon,delta,alpha_sigma1,regime,log10_muT,width,log10_width,dominant\n");
        for (WidthScaling.Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s\n", r.axis(), r.value(),
                    r.samples(), r.timeSteps(), r.epsilon(), r.delta(), r.alphaSigma1(), r.regime(), r.log10MuT(),
                    r.width(), r.log10Width(), r.dominantTerm()));
        }
        return sb.toString();
    }

    /** A {@link WidthConvergence} study as a Markdown table, with the reference's noise and the fitted exponent. */
    public static String widthConvergenceMarkdown(WidthConvergence.Table table) {
        Objects.requireNonNull(table, "table");
        StringBuilder sb = new StringBuilder();
        sb.append("| m | seeds | mean rel. error | rel. error of seed mean | error·√m |\n");
        sb.append("|---:|---:|---:|---:|---:|\n");
        for (WidthConvergence.Row r : table.rows()) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %.4g | %.4g | %.4g |%n", r.width(), r.seeds(),
                    r.meanRelativeError(), r.seedAveragedRelativeError(), r.scaledError()));
        }
        sb.append(String.format(Locale.ROOT,
                "%nK∞ by Monte Carlo with %d draws, relative standard error %.3g; fitted exponent %.3f (theory −0.5)%n",
                table.referenceDraws(), table.referenceRelativeStandardError(), table.fittedExponent()));
        return sb.toString();
    }
}
