package org.rnntk.bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Checks;
import org.rnntk.core.activation.Sigmoid;
import org.rnntk.core.activation.Tanh;

/**
 * Whether, and with which constants, an activation may be used by a certificate (docs/theory.md §9,
 * "Hypotheses a certificate must verify"): certificates verify, they do not trust.
 *
 * <p><b>Built-in activations</b> ({@code Activations.tanh()}, {@code Activations.sigmoid()}, recognised by
 * identity, not by name) carry proven constants: tanh (1, 1, 4/(3√3)), sigmoid (1, 1/4, 1/(6√3))
 * (docs/theory.md §1), valid on all of R.
 *
 * <p><b>Any other activation</b> is checked on the range that matters: every bound of docs/theory.md
 * §7 uses σ, σ', σ'' only at reachable pre-activations, and on the ball of a certificate
 * |z_t| ≤ |w||h_{t−1}| + ‖u_i‖‖x_t‖ ≤ Z (see {@link RnnPl#preActivationBound}; the induction over t
 * needs |σ| ≤ σ0 only on [−Z, Z]). On the grid z_k = −Z + kh (h = 2Z/K ≤ {@link #MAX_STEP}, at
 * least {@link #MIN_POINTS} points), with m_j = max_k |σ^{(j)}(z_k)| and the divided differences
 * L3 = max_k |σ''_{k+1} − σ''_k|/h and L4 = max_k |σ''_{k+1} − 2σ''_k + σ''_{k−1}|/h² (estimates of
 * sup|σ'''| and sup|σ''''|):
 * <pre>
 *   b2 = m2 + (h²/8)·2·L4,    b1 = m1 + (h²/8)·2·L3,    b0 = m0 + (h²/8)·b2
 * </pre>
 * (between two grid points a C² function exceeds the larger endpoint value by at most h²/8 times
 * the sup of its second derivative). The checks, each failure a reason for "not certified":
 * <ul>
 *   <li>a declared constant below its grid maximum m_j is violated, definitely;</li>
 *   <li>the supplied derivatives must be those of σ: on every grid interval the trapezoid residual
 *       |σ_{k+1} − σ_k − h(σ'_k + σ'_{k+1})/2|/h must stay ≤ h²L3/4 + 64u(m0 + h·m1)/h, and the same
 *       for (σ', σ'') with L4 (the exact residuals are ≤ h²·sup|σ'''|/12, resp. h²·sup|σ''''|/12);</li>
 *   <li>every value finite, and Z small enough for the grid ({@link #MAX_POINTS} points of step
 *       ≤ {@link #MAX_STEP}).</li>
 * </ul>
 * The certificate then uses {@link #effectiveConstants()} = max(declared, b_j): a declared constant
 * that is an exact supremum (which no grid proves without slack) is raised by its off-grid margin,
 * about 1e−7 relative at h = 1e−3. The one assumption that is not proven is that the grid resolves
 * σ''' and σ'''' (their sups at most twice the divided differences): a feature narrower than h
 * could hide between grid points.
 *
 * @param activation         the activation's name
 * @param builtIn            whether the constants are the proven ones of a built-in activation
 * @param constants          the declared constants (σ0, σ1, σ2)
 * @param effectiveConstants the constants a certificate may use: max(declared, b_j) (the declared
 *                           ones for a built-in)
 * @param zMax               the half-width Z of the range checked (+∞ for a built-in)
 * @param gridStep           h (0 for a built-in)
 * @param sigma0Bound        b0 (the declared σ0 for a built-in; NaN when the grid could not run)
 * @param sigma1Bound        b1
 * @param sigma2Bound        b2
 * @param problems           why the constants cannot be used (empty when verified)
 */
public record ActivationCheck(String activation, boolean builtIn, ActivationConstants constants,
                              ActivationConstants effectiveConstants, double zMax, double gridStep,
                              double sigma0Bound, double sigma1Bound, double sigma2Bound, List<String> problems) {

    /** Largest grid step h allowed; a range wider than {@link #MAX_POINTS}·h/2 cannot be checked. */
    public static final double MAX_STEP = 1e-3;
    /** Grid points at most (three function evaluations each). */
    public static final int MAX_POINTS = 4_000_000;
    /** Grid points at least. */
    public static final int MIN_POINTS = 20_000;
    /** Relative slack for the rounding of the evaluated maxima (a declared constant this close to m_j passes). */
    public static final double RELATIVE_SLACK = 1e-12;
    /** Multiplier u·64 of the rounding part of the trapezoid tolerance. */
    static final double ROUNDING_FACTOR = 64.0 * 0x1p-53;

    public ActivationCheck {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(constants, "constants");
        Objects.requireNonNull(effectiveConstants, "effectiveConstants");
        problems = List.copyOf(problems);
    }

    /** The constants may be used (as {@link #effectiveConstants()}) on |z| ≤ {@link #zMax()}. */
    public boolean verified() {
        return problems.isEmpty();
    }

    /** The constants may be used on |z| ≤ z. */
    public boolean covers(double z) {
        return verified() && z <= zMax;
    }

    /**
     * Verifies the constants of {@code activation} on [−zMax, zMax] (built-ins: everywhere).
     *
     * @param activation the activation whose {@code constants()} a certificate will use
     * @param zMax       Z ≥ 0, the bound on |pre-activation| over the certificate's region
     */
    public static ActivationCheck verify(Activation activation, double zMax) {
        Objects.requireNonNull(activation, "activation");
        Checks.nonNegative("pre-activation bound zMax", zMax);
        ActivationConstants c = Objects.requireNonNull(activation.constants(), "activation.constants()");
        if (activation == Tanh.INSTANCE || activation == Sigmoid.INSTANCE) {
            return new ActivationCheck(activation.name(), true, c, c, Double.POSITIVE_INFINITY, 0.0, c.sigma0(),
                    c.sigma1(), c.sigma2(), List.of());
        }
        String name = activation.name();
        List<String> problems = new ArrayList<>();
        long want = Math.max(MIN_POINTS, (long) Math.ceil(2.0 * zMax / MAX_STEP));
        int k = (int) Math.min(MAX_POINTS, want);
        k += k % 2;
        double h = zMax > 0 ? 2.0 * zMax / k : MAX_STEP / MIN_POINTS;
        if (h > MAX_STEP) {
            problems.add(String.format(Locale.ROOT, "custom activation '%s': the pre-activation range |z| <= %.6g is"
                    + " too wide to check its declared constants on a grid of step <= %s with %d points", name, zMax,
                    MAX_STEP, MAX_POINTS));
            return new ActivationCheck(name, false, c, c, zMax, h, Double.NaN, Double.NaN, Double.NaN, problems);
        }
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        double arg0 = 0;
        double arg1 = 0;
        double arg2 = 0;
        double l3 = 0;
        double l4 = 0;
        double worst01 = 0;
        double worst12 = 0;
        double prevV = 0;
        double prevD = 0;
        double prevS = 0;
        double prevPrevS = 0;
        for (int i = 0; i <= k; i++) {
            double z = i == k ? zMax : -zMax + i * h;
            double v = activation.value(z);
            double d = activation.derivative(z);
            double s = activation.secondDerivative(z);
            if (!Double.isFinite(v) || !Double.isFinite(d) || !Double.isFinite(s)) {
                problems.add(String.format(Locale.ROOT, "custom activation '%s' is not finite at z = %s: sigma = %s,"
                        + " sigma' = %s, sigma'' = %s", name, z, v, d, s));
                return new ActivationCheck(name, false, c, c, zMax, h, Double.NaN, Double.NaN, Double.NaN, problems);
            }
            if (Math.abs(v) > m0) {
                m0 = Math.abs(v);
                arg0 = z;
            }
            if (Math.abs(d) > m1) {
                m1 = Math.abs(d);
                arg1 = z;
            }
            if (Math.abs(s) > m2) {
                m2 = Math.abs(s);
                arg2 = z;
            }
            if (i > 0) {
                l3 = Math.max(l3, Math.abs(s - prevS) / h);
                worst01 = Math.max(worst01, Math.abs(v - prevV - 0.5 * h * (d + prevD)) / h);
                worst12 = Math.max(worst12, Math.abs(d - prevD - 0.5 * h * (s + prevS)) / h);
            }
            if (i > 1) {
                l4 = Math.max(l4, Math.abs(s - 2 * prevS + prevPrevS) / (h * h));
            }
            prevPrevS = prevS;
            prevV = v;
            prevD = d;
            prevS = s;
        }
        double b2 = m2 + h * h / 8 * 2 * l4;
        double b1 = m1 + h * h / 8 * 2 * l3;
        double b0 = m0 + h * h / 8 * b2;
        double tol01 = h * h * l3 / 4 + ROUNDING_FACTOR * (m0 + h * m1) / h;
        double tol12 = h * h * l4 / 4 + ROUNDING_FACTOR * (m1 + h * m2) / h;
        if (worst01 > tol01) {
            problems.add(String.format(Locale.ROOT, "custom activation '%s': the supplied derivative is not sigma':"
                    + " trapezoid residual %.3g per unit step > %.3g on |z| <= %.6g", name, worst01, tol01, zMax));
        }
        if (worst12 > tol12) {
            problems.add(String.format(Locale.ROOT, "custom activation '%s': the supplied second derivative is not"
                    + " sigma'': trapezoid residual %.3g per unit step > %.3g on |z| <= %.6g", name, worst12, tol12,
                    zMax));
        }
        violated(problems, name, "sigma0 = sup|sigma|", c.sigma0(), m0, arg0, zMax);
        violated(problems, name, "sigma1 = sup|sigma'|", c.sigma1(), m1, arg1, zMax);
        violated(problems, name, "sigma2 = sup|sigma''|", c.sigma2(), m2, arg2, zMax);
        ActivationConstants effective = new ActivationConstants(Math.max(c.sigma0(), b0), Math.max(c.sigma1(), b1),
                Math.max(c.sigma2(), b2));
        return new ActivationCheck(name, false, c, effective, zMax, h, b0, b1, b2, problems);
    }

    private static void violated(List<String> problems, String name, String what, double declared, double max,
                                 double at, double zMax) {
        if (declared < max * (1 - RELATIVE_SLACK)) {
            problems.add(String.format(Locale.ROOT, "custom activation '%s': declared %s (%s) is violated on"
                    + " |z| <= %.6g: the value at z = %.6g is %.6g", name, what, declared, zMax, at, max));
        }
    }

    public String describe() {
        if (builtIn) {
            return "activation " + activation + ": built-in, proven constants " + constants;
        }
        return String.format(Locale.ROOT, "activation %s: declared (%s, %s, %s) checked on |z| <= %.6g with step %.3g:"
                        + " grid bounds (%.9g, %.9g, %.9g) -> %s", activation, constants.sigma0(), constants.sigma1(),
                constants.sigma2(), zMax, gridStep, sigma0Bound, sigma1Bound, sigma2Bound,
                verified() ? "verified, used as " + effectiveConstants : "NOT verified: " + problems);
    }

    @Override
    public String toString() {
        return describe();
    }
}
