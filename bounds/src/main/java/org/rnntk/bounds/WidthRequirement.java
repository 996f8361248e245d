package org.rnntk.bounds;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The smallest even width m at which the width condition of docs/theory.md §8 holds,
 * <pre>
 *   (B0 + Ymax) e + e²/2 + λ_m Rmax ≤ ε/2,
 * </pre>
 * found by bracketing and bisection on the bound itself (no closed form). See {@link WidthTerms}
 * for the terms, which are given here at the returned width.
 *
 * <p>Explicit-constant NTK widths are astronomically large; that is expected. The width is given
 * as a double (an even integer; every double ≥ 2^53 is one), as log10 m, and as a long only when
 * it fits: {@link #status()} says which.
 *
 * @param problem     the inputs
 * @param epsilon     the target excess risk ε &gt; 0 (the width part gets ε/2)
 * @param delta       the failure probability δ ∈ (0, 1)
 * @param width       the smallest even m, +∞ when it exceeds the double range (then see log10Width)
 * @param log10Width  log10 m, always finite
 * @param widthAsLong m as a long, empty when m ≥ 2^63
 * @param status      how the width is representable
 * @param terms       the terms at m (their sum is ≤ ε/2, and &gt; ε/2 at m − 2)
 * @param hypotheses  the hypotheses checked, with their values
 */
public record WidthRequirement(PgdProblem problem, double epsilon, double delta, double width, double log10Width,
                               OptionalLong widthAsLong, Status status, WidthTerms terms, List<String> hypotheses) {

    /** How the width is representable. */
    public enum Status {
        /** m &lt; 2^63: exact in {@link #widthAsLong()} and in {@link #width()}. */
        FITS_LONG,
        /** 2^63 ≤ m ≤ Double.MAX_VALUE: only the double (an even integer) and log10 m. */
        EXCEEDS_LONG,
        /** m &gt; Double.MAX_VALUE: {@link #width()} is +∞; only log10 m is meaningful. */
        EXCEEDS_DOUBLE
    }

    public WidthRequirement {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(widthAsLong, "widthAsLong");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(terms, "terms");
        hypotheses = List.copyOf(hypotheses);
    }

    /** A one-line statement of the width and how it is representable. */
    public String message() {
        switch (status) {
            case FITS_LONG:
                return "m = " + widthAsLong.getAsLong();
            case EXCEEDS_LONG:
                return String.format(Locale.ROOT, "m = %.6e (log10 m = %.4f) exceeds Long.MAX_VALUE = 2^63 - 1",
                        width, log10Width);
            default:
                return String.format(Locale.ROOT,
                        "m = 10^%.4f exceeds the double range (%.3e); width is reported in log10 only",
                        log10Width, Double.MAX_VALUE);
        }
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
