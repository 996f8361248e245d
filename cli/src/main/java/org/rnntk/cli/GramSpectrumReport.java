package org.rnntk.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import org.rnntk.core.io.Npy;
import org.rnntk.kernels.ntk.EigenSolver;
import org.rnntk.kernels.ntk.ExtremeEigenvalues;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.Spectrum;

/** What {@code rnntk gram --spectrum} prints: nothing, the Lanczos extremes, or the full spectrum. */
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
                ExtremeEigenvalues e = ExtremeEigenvalues.ofGram(gram);
                double tolerance = gram.rows() * Math.ulp(1.0) * Math.max(e.lambdaMax(), 0.0);
                console.printf(Locale.ROOT, "lambda_min %.6g (+- %.2g), lambda_max %.6g (+- %.2g) by Lanczos (shift-invert for"
                                + " lambda_min) in %d iterations%s%n", e.lambdaMin(), e.residualMin(), e.lambdaMax(), e.residualMax(),
                        e.iterations(), e.lambdaMin() <= tolerance
                                ? String.format(Locale.ROOT, " (numerically singular: lambda_min <= N*eps*lambda_max = %.3g)",
                                tolerance) : "");
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
}
