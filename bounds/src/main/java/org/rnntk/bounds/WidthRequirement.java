package org.rnntk.bounds;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Checks;

/**
 * The smallest even width m at which the width condition of docs/theory.md §8 holds,
 * <pre>
 *   (B0 + Ymax) e + e²/2 + λ_m Rmax ≤ ε/2,
 * </pre>
 * found by bracketing and bisection on the bound itself (no closed form). See {@link WidthTerms}
 * for the terms, which are given here at the returned width.
 *
 * <p>Explicit-constant NTK widths are astronomically large; that is expected. The width is given
 * as a double (an even integer; every double ≥ 2^53 is one; +∞ past the double range) and as
 * log10 m (always finite); {@link #modelWidth()} converts it to the {@code int} width a model takes,
 * and refuses, with the number, a width that does not fit.
 *
 * @param problem     the inputs
 * @param epsilon     the target excess risk ε &gt; 0 (the width part gets ε/2)
 * @param delta       the failure probability δ ∈ (0, 1)
 * @param width       the smallest even m, +∞ when it exceeds the double range (then see log10Width)
 * @param log10Width  log10 m, always finite
 * @param terms       the terms at m (their sum is ≤ ε/2, and &gt; ε/2 at m − 2)
 * @param hypotheses  the hypotheses checked, with their values
 */
public record WidthRequirement(PgdProblem problem, double epsilon, double delta, double width, double log10Width,
                               WidthTerms terms, List<String> hypotheses) {

    /** The largest width a model takes: the largest even {@code int}, 2^31 − 2. */
    public static final int MAX_MODEL_WIDTH = Integer.MAX_VALUE - 1;

    private static final double TWO_POW_63 = 0x1p63;

    public WidthRequirement {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(terms, "terms");
        if (!(width >= 2.0)) {
            throw new IllegalArgumentException("width m (" + width + ") must be >= 2 (+Infinity past the double"
                    + " range)");
        }
        Checks.finite("log10Width", log10Width);
        hypotheses = List.copyOf(hypotheses);
    }

    /**
     * The width as the {@code int} that {@link org.rnntk.core.Initializer#initialize} and
     * {@link org.rnntk.core.DiagonalRnn} take.
     *
     * @return m, an even int
     * @throws IllegalArgumentException when m &gt; {@link #MAX_MODEL_WIDTH}, with m and log10 m
     */
    public int modelWidth() {
        if (!(width <= MAX_MODEL_WIDTH)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "required width %s does not fit a model:"
                    + " the model's width is an int, at most %d (2^31 - 2); report it with width() or log10Width()",
                    widthText(), MAX_MODEL_WIDTH));
        }
        return (int) width;
    }

    /** Whether {@link #modelWidth()} succeeds. */
    public boolean fitsModel() {
        return width <= MAX_MODEL_WIDTH;
    }

    /** A one-line statement of the width and how it is representable. */
    public String message() {
        if (width < TWO_POW_63) {
            return "m = " + (long) width + (fitsModel() ? "" : " (exceeds the model's int width " + MAX_MODEL_WIDTH
                    + ")");
        }
        if (Double.isFinite(width)) {
            return String.format(Locale.ROOT, "m = %.6e (log10 m = %.4f) exceeds Long.MAX_VALUE = 2^63 - 1",
                    width, log10Width);
        }
        return String.format(Locale.ROOT, "m = 10^%.4f exceeds the double range (%.3e); width is reported in log10"
                + " only", log10Width, Double.MAX_VALUE);
    }

    private String widthText() {
        return Double.isFinite(width)
                ? String.format(Locale.ROOT, "m = %.6e (log10 m = %.4f)", width, log10Width)
                : String.format(Locale.ROOT, "m = 10^%.4f (past the double range)", log10Width);
    }

    /** A multi-line breakdown for notebooks. */
    public String describe() {
        return String.format(Locale.ROOT,
                "required width (docs/theory.md section 8; constants derived in docs/theory.md, not copied from"
                        + " the paper)%n  %s%n  epsilon = %s, delta = %s, regime %s (alpha*sigma1 = %s, mu_T = %.6g)%n"
                        + "  %s%n  condition: approximation + linearization = %.6g <= epsilon/2 = %.6g%n"
                        + "%s%n  hypotheses checked: %s",
                problem, epsilon, delta, problem.regime(), problem.alphaSigma1(), problem.muT(), message(),
                terms.total(), epsilon / 2, terms.describe().indent(2).stripTrailing(), hypotheses);
    }

    @Override
    public String toString() {
        return describe();
    }
}
