package org.rnntk.kernels.pl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.bounds.Certification;
import org.rnntk.bounds.LocalPl;
import org.rnntk.bounds.PlVerdict;
import org.rnntk.core.Checks;

/**
 * Estimates of the constants of Chatterjee's local PL criterion (docs/theory.md §9) for any
 * {@link Objective}, and the criterion evaluated with them. Every result is an
 * <em>estimate</em> ({@code Certification.ESTIMATE}): α is the smallest ‖∇f‖²/f met over the ball
 * (an upper bound on the infimum), β the largest Hessian norm met at a few points (a lower bound
 * on the supremum). Certified constants come from {@link FeedforwardCertificates} and
 * {@link RnnCertificates}.
 *
 * <p><b>α.</b> Minimizes g(x) = ‖∇f(x)‖²/f(x) over B(x0, r) by projected gradient descent with
 * Armijo backtracking from x0, from x0 ± r ∇f(x0)/‖∇f(x0)‖ and from seeded random points (half on
 * the sphere, half inside), with
 * <pre>
 *   ∇g = 2 ∇²f ∇f / f − g ∇f / f,
 * </pre>
 * the Hessian-vector product by central differences of the gradient,
 * ∇²f v ≈ (∇f(x + εv) − ∇f(x − εv))/(2ε), ε = h(1 + ‖x‖)/‖v‖ (error O(ε²) from the third
 * derivative plus O(u‖∇f‖/ε) from rounding). Points with f = 0 are excluded, as in the definition.
 *
 * <p><b>β.</b> Power iteration on the same finite-difference Hessian-vector products at x0, at the
 * α minimizer and at seeded random points of the ball; the largest ‖∇²f‖ estimate.
 *
 * <p>Every evaluation checks f ≥ 0: the criterion is about nonnegative functions, and a negative
 * value throws.
 */
public final class PlEstimator {

    /** Armijo constant of the backtracking line search. */
    static final double ARMIJO = 1e-4;
    /** Halvings of the trial step before a start is declared stationary. */
    static final int MAX_HALVINGS = 40;

    private PlEstimator() {
    }

    /**
     * The α estimate (docs/theory.md §9).
     *
     * @param f        the objective
     * @param x0       the centre, length p, finite; not modified
     * @param r        the radius &gt; 0
     * @param settings knobs and seed
     * @throws IllegalArgumentException if f is negative at a point it evaluates, or f vanishes at
     *                                  every start (α is then undefined by the estimate)
     */
    public static AlphaEstimate alpha(Objective f, double[] x0, double r, EstimationSettings settings) {
        validate(f, x0, r, settings);
        Search s = new Search(f, x0.clone(), r, settings);
        for (double[] start : starts(f, x0, r, settings, s)) {
            s.descend(start);
        }
        if (s.best == null) {
            throw new IllegalArgumentException("f vanishes at every starting point of the alpha search (f(x0) = "
                    + s.checkedValue(x0) + "): alpha(x0, r) is an infimum over f != 0 and was not estimated");
        }
        return new AlphaEstimate(s.bestValue, s.best, s.bestF, s.gradients);
    }

    /**
     * The β estimate (docs/theory.md §9) at x0, at {@code extra} points (may be empty) and at
     * {@code settings.betaPoints()} random points of the ball.
     *
     * @param extra further points (each of length p; not modified), e.g. the α minimizer
     */
    public static BetaEstimate beta(Objective f, double[] x0, double r, EstimationSettings settings,
                                    List<double[]> extra) {
        validate(f, x0, r, settings);
        Objects.requireNonNull(extra, "extra");
        Well19937c rng = new Well19937c(settings.seed() ^ 0x5DEECE66DL);
        List<double[]> points = new ArrayList<>();
        points.add(x0.clone());
        for (double[] e : extra) {
            Checks.length("extra point", e, f.dimension(), "the objective's dimension");
            points.add(e.clone());
        }
        for (int k = 0; k < settings.betaPoints(); k++) {
            points.add(randomPoint(rng, x0, r, k % 2 == 0));
        }
        double best = -1;
        double[] at = x0;
        for (double[] x : points) {
            requireNonNegative(f.value(x), x);
            double v = hessianNorm(f, x, settings, rng);
            if (v > best) {
                best = v;
                at = x;
            }
        }
        return new BetaEstimate(best, at, points.size());
    }

    /**
     * ‖∇²f(x)‖ by power iteration with finite-difference Hessian-vector products (an estimate from
     * below).
     *
     * @param x length p; not modified
     */
    public static double hessianNorm(Objective f, double[] x, EstimationSettings settings) {
        Objects.requireNonNull(f, "objective");
        Checks.length("x", x, f.dimension(), "the objective's dimension");
        Checks.allFinite("x", x);
        return hessianNorm(f, x.clone(), settings, new Well19937c(settings.seed() ^ 0x2545F4914F6CDD1DL));
    }

    /**
     * α and β estimates and the criterion with them at the step {@link PlSteps#recommended}.
     */
    public static CriterionEstimate estimate(Objective f, double[] x0, double r, EstimationSettings settings) {
        return estimate(f, x0, r, Double.NaN, settings);
    }

    /**
     * α and β estimates and the criterion with them at the step η (NaN: {@link PlSteps#recommended}).
     * A step outside (0, 2/β) is not an error: the verdict then fails and says so.
     */
    public static CriterionEstimate estimate(Objective f, double[] x0, double r, double eta,
                                             EstimationSettings settings) {
        AlphaEstimate a = alpha(f, x0, r, settings);
        BetaEstimate b = beta(f, x0, r, settings, List.of(a.at()));
        double f0 = f.value(x0);
        double step = Double.isNaN(eta) ? PlSteps.recommended(f0, r, a.value(), Math.max(b.value(), Double.MIN_NORMAL))
                : Checks.positive("step eta", eta);
        PlVerdict v = LocalPl.check(f0, r, a.value(), Certification.ESTIMATE, b.value(), Certification.ESTIMATE, step);
        return new CriterionEstimate(f0, r, a, b, v);
    }

    private static void validate(Objective f, double[] x0, double r, EstimationSettings settings) {
        Objects.requireNonNull(f, "objective");
        Objects.requireNonNull(settings, "settings");
        Checks.length("x0", x0, f.dimension(), "the objective's dimension");
        Checks.allFinite("x0", x0);
        Checks.positive("radius r", r);
    }

    static void requireNonNegative(double value, double[] x) {
        if (Double.isNaN(value) || value < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "objective value f(x) (%s) < 0 at a point"
                    + " with |x| = %.6g: the local PL criterion (docs/theory.md section 9) needs a nonnegative f",
                    value, norm(x)));
        }
    }

    private static List<double[]> starts(Objective f, double[] x0, double r, EstimationSettings settings, Search s) {
        List<double[]> starts = new ArrayList<>();
        starts.add(x0.clone());
        double[] g = s.gradient(x0);
        double gn = norm(g);
        if (gn > 0) {
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] x = x0.clone();
                for (int i = 0; i < x.length; i++) {
                    x[i] += sign * r * g[i] / gn;
                }
                starts.add(x);
            }
        }
        Well19937c rng = new Well19937c(settings.seed());
        for (int k = 0; k < settings.starts(); k++) {
            starts.add(randomPoint(rng, x0, r, k % 2 == 0));
        }
        return starts;
    }

    /** A point on the sphere of radius r, or uniform in the ball. */
    private static double[] randomPoint(Well19937c rng, double[] x0, double r, boolean onSphere) {
        int p = x0.length;
        double[] u = new double[p];
        double n = 0;
        while (n == 0) {
            for (int i = 0; i < p; i++) {
                u[i] = rng.nextGaussian();
            }
            n = norm(u);
        }
        double rho = onSphere ? r : r * Math.pow(rng.nextDouble(), 1.0 / p);
        double[] x = x0.clone();
        for (int i = 0; i < p; i++) {
            x[i] += rho * u[i] / n;
        }
        return x;
    }

    private static double hessianNorm(Objective f, double[] x, EstimationSettings settings, Well19937c rng) {
        int p = x.length;
        double[] v = new double[p];
        for (int i = 0; i < p; i++) {
            v[i] = rng.nextGaussian();
        }
        double n = norm(v);
        double lambda = 0;
        for (int it = 0; it < settings.powerIterations(); it++) {
            for (int i = 0; i < p; i++) {
                v[i] /= n;
            }
            double[] hv = hvp(f, x, v, settings.hvpStep());
            n = norm(hv);
            lambda = n;
            if (n == 0) {
                return 0.0;
            }
            v = hv;
        }
        return lambda;
    }

    /** (∇f(x + εv) − ∇f(x − εv))/(2ε), ε = h(1 + ‖x‖)/‖v‖. */
    static double[] hvp(Objective f, double[] x, double[] v, double h) {
        double vn = norm(v);
        int p = x.length;
        if (vn == 0) {
            return new double[p];
        }
        double eps = h * (1.0 + norm(x)) / vn;
        double[] plus = new double[p];
        double[] minus = new double[p];
        for (int i = 0; i < p; i++) {
            plus[i] = x[i] + eps * v[i];
            minus[i] = x[i] - eps * v[i];
        }
        double[] gp = f.gradient(plus);
        double[] gm = f.gradient(minus);
        double[] out = new double[p];
        for (int i = 0; i < p; i++) {
            out[i] = (gp[i] - gm[i]) / (2.0 * eps);
        }
        return out;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** The multi-start projected descent on g = ‖∇f‖²/f; remembers the best point seen. */
    private static final class Search {
        final Objective f;
        final double[] x0;
        final double r;
        final EstimationSettings settings;
        double bestValue = Double.POSITIVE_INFINITY;
        double[] best;
        double bestF;
        long gradients;

        Search(Objective f, double[] x0, double r, EstimationSettings settings) {
            this.f = f;
            this.x0 = x0;
            this.r = r;
            this.settings = settings;
        }

        double checkedValue(double[] x) {
            double v = f.value(x);
            requireNonNegative(v, x);
            return v;
        }

        double[] gradient(double[] x) {
            gradients++;
            double[] g = f.gradient(x);
            Checks.allFinite("gradient", g);
            return g;
        }

        /** g(x) with f and ∇f, or +∞ where f = 0. */
        double[] evaluate(double[] x, double[] gradOut) {
            double fx = checkedValue(x);
            double[] g = gradient(x);
            System.arraycopy(g, 0, gradOut, 0, g.length);
            double gv = fx > 0 ? dot(g, g) / fx : Double.POSITIVE_INFINITY;
            if (gv < bestValue) {
                bestValue = gv;
                best = x.clone();
                bestF = fx;
            }
            return new double[] {gv, fx};
        }

        void descend(double[] start) {
            int p = start.length;
            double[] x = project(start);
            double[] g = new double[p];
            double[] e = evaluate(x, g);
            if (!(e[0] < Double.POSITIVE_INFINITY)) {
                return;
            }
            double step = Double.NaN;
            double[] trialGrad = new double[p];
            for (int it = 0; it < settings.iterations(); it++) {
                double gx = e[0];
                double fx = e[1];
                double[] hg = hvp(f, x, g, settings.hvpStep());
                gradients += 2;
                double[] dg = new double[p];
                for (int i = 0; i < p; i++) {
                    dg[i] = 2.0 * hg[i] / fx - gx * g[i] / fx;
                }
                double dn = norm(dg);
                if (!(dn > 0) || !Double.isFinite(dn)) {
                    return;
                }
                if (Double.isNaN(step)) {
                    step = r / dn;
                }
                boolean accepted = false;
                for (int k = 0; k < MAX_HALVINGS; k++) {
                    double[] trial = new double[p];
                    for (int i = 0; i < p; i++) {
                        trial[i] = x[i] - step * dg[i];
                    }
                    trial = project(trial);
                    double decrease = 0;
                    for (int i = 0; i < p; i++) {
                        decrease += dg[i] * (x[i] - trial[i]);
                    }
                    double[] te = evaluate(trial, trialGrad);
                    if (te[0] <= gx - ARMIJO * decrease && te[0] < gx) {
                        x = trial;
                        e = te;
                        System.arraycopy(trialGrad, 0, g, 0, p);
                        accepted = true;
                        break;
                    }
                    step *= 0.5;
                }
                if (!accepted) {
                    return;
                }
                step *= 2.0;
            }
        }

        double[] project(double[] x) {
            double[] d = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                d[i] = x[i] - x0[i];
            }
            double n = norm(d);
            if (n <= r) {
                return x;
            }
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x0[i] + d[i] * (r / n);
            }
            return out;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
