package org.rnntk.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Locale;

import org.rnntk.core.io.Npy;
import org.rnntk.kernels.ntk.CholeskyBounds;
import org.rnntk.kernels.ntk.EigenSolver;
import org.rnntk.kernels.ntk.ExtremeEigenvalues;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.Spectrum;

/**
 * What {@code rnntk gram --spectrum} prints: nothing, the Lanczos extremes with certified Cholesky
 * bounds ({@link CholeskyBounds}), or the full spectrum.
 */
final class GramSpectrumReport {

    private GramSpectrumReport() {
    }

    /**
     * @param choice none, extremes or full
     * @param out    the Gram's file; the full spectrum goes next to it as {@code <name>.eigenvalues.npy}
     */
    static void print(GramMatrix gram, String choice, Path out, PrintStream console) {
        switch (choice) {
            case "none" -> {
            }
            case "extremes" -> {
                CholeskyBounds certified = CholeskyBounds.of(gram);
                ExtremeEigenvalues e = certified.estimate();
                double tolerance = gram.rows() * Math.ulp(1.0) * Math.max(e.lambdaMax(), 0.0);
                console.printf(Locale.ROOT, "lambda_min %.6g (+- %.2g), lambda_max %.6g (+- %.2g) by Lanczos (shift-invert for"
                                + " lambda_min) in %d iterations%s%n", e.lambdaMin(), e.residualMin(), e.lambdaMax(), e.residualMax(),
                        e.iterations(), e.lambdaMin() <= tolerance
                                ? String.format(Locale.ROOT, " (numerically singular: lambda_min <= N*eps*lambda_max = %.3g)",
                                tolerance) : "");
                console.printf(Locale.ROOT, "certified for the Gram as stored: lambda_min >= %s (%s), lambda_max <= %s"
                                + " (%s); the rounding of forming the Gram is not included (docs/theory.md section 9)%n",
                        decimal(certified.lowerBound(), RoundingMode.FLOOR), describe(certified.lower()),
                        decimal(certified.upperBound(), RoundingMode.CEILING), describe(certified.upper()));
            }
            case "full" -> {
                Spectrum s = Spectrum.of(gram, true, EigenSolver.LAPACK);
                String name = out.getFileName().toString();
                Path file = out.resolveSibling((name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name)
                        + ".eigenvalues.npy");
                Npy.write(file, s.eigenvalues(), s.size());
                console.printf(Locale.ROOT, "lambda_min %.6g, lambda_max %.6g, condition %.6g, rank %d%s;"
                                + " eigenvalues (ascending) written to %s%n", s.lambdaMin(), s.lambdaMax(),
                        s.conditionNumber(), s.numericalRank(), s.numericallySingular() ? " (numerically singular)" : "",
                        file);
            }
            default -> throw new IllegalArgumentException("--spectrum '" + choice
                    + "' is unknown; expected none, extremes or full");
        }
    }

    private static String describe(CholeskyBounds.Side side) {
        return side.method() == CholeskyBounds.Method.CHOLESKY
                ? String.format(Locale.ROOT, "Cholesky at shift %.9g, allowance %.2g", side.shift(), side.allowance())
                : "Gershgorin discs";
    }

    /** x to 9 significant digits rounded outward, so that the printed bound is still a bound. */
    private static String decimal(double x, RoundingMode direction) {
        return new BigDecimal(x).round(new MathContext(9, direction)).toString();
    }
}
