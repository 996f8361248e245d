package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rnntk.bounds.Bounds;
import org.rnntk.bounds.GdRadius;
import org.rnntk.bounds.LemmaConstants;
import org.rnntk.bounds.PgdBound;
import org.rnntk.bounds.PgdProblem;
import org.rnntk.bounds.WidthTerms;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.init.SymmetricInitializer;
import org.rnntk.core.data.ClassEstimate;
import org.rnntk.core.data.FiniteWidthImage;
import org.rnntk.core.data.InputSpec;
import org.rnntk.core.data.ReferenceClassTeacher;
import org.rnntk.core.Training;

/**
 * The §8 statements of docs/theory.md against measurements on real networks (tanh, α = 0.5 with
 * w(0) ~ Uniform[−α, α], d = 3, n = 4, T = 5, all steps, ν̄_w = ν̄_u = ρ_w = ρ_u = 1, δ = 0.1):
 * <ul>
 *   <li>λ_m: the linearization error |F(Θ') − F(Θ) − ⟨∇F(Θ), Θ' − Θ⟩| over Θ, Θ' ∈ Ω (random points
 *       and points pushed along each neuron's top Hessian direction), measured with the plain scalar
 *       {@link ReferenceRnn} and {@link NeuronProbe}, is ≤ λ_m, and ≤ λ_m/4 around Θ0;</li>
 *   <li>ε_app: over 200 independent initializations (Monte Carlo over the initial law), the event
 *       max_q |F_lin,q(Θ̄) − f_q| &gt; ε_app(m) has frequency ≤ δ; the (1 − δ)-quantile is reported;</li>
 *   <li>the PGD regret inequality on a run of the library's training loop on a reference-class task,
 *       step by step (the online-gradient inequality, the almost-convexity with λ_m, the
 *       approximation of R̂(Θ̄)) and in total (min_k R̂(Θ(k)) ≤ R̂(f) + {@code Bounds.pgdBound});</li>
 *   <li>the GD corollary: with η ≤ 1/β the loss never increases and every neuron drifts at most
 *       kη G1 Ymax/√m after k steps (joint norm of (w_i, u_i)); ρ_GD and β, computed here from the
 *       lemma constants, agree with {@code Bounds.gdRadius}.</li>
 * </ul>
 * The tightness of each is written to {@code target/tightness/theorems-pgd.md}.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class PgdTheoremTightnessTest {

    private static final Activation ACT = Activations.tanh();
    private static final double ALPHA = 0.5;
    private static final int D = 3;
    private static final int N_SEQ = 4;
    private static final int T = 5;
    private static final double DELTA = 0.1;
    private static final long DATA_SEED = 20261206L;
    private static final int TEACHER_DRAWS = 1 << 17;
    /** Rounding allowance of a measured quantity against a bound (all values are O(1), float64). */
    private static final double TOL = 1e-9;

    private static Nd4jBackend backend;
    private static final TightnessReport REPORT = new TightnessReport("theorems-pgd", "statement", "setting",
            "measured", "bound", "measured / bound");

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create(Precision.FLOAT64, 1);
    }

    @AfterAll
    static void close() {
        backend.close();
        REPORT.flush();
    }

    private static SequenceDataset inputs() {
        return InputSpec.unitSphere(N_SEQ, T, D, DATA_SEED).sample();
    }

    private static PgdProblem problem(double yMax) {
        return PgdProblem.builder().activation(ACT.constants()).alpha(ALPHA).timeSteps(T).samples(N_SEQ)
                .loss(Loss.ALL_STEPS).nuBar(1, 1).rho(1, 1).yMax(yMax).build();
    }

    private static SymmetricInitializer init(long seed) {
        return Initializers.symmetric(ALPHA, RecurrentLaw.UNIFORM, 1.0, seed);
    }

    private static ReferenceClassTeacher teacher() {
        return new ReferenceClassTeacher(D, ACT, ALPHA, RecurrentLaw.UNIFORM, 1.0, 1.0, 1.0, TEACHER_DRAWS, 11L);
    }

    // ---------------------------------------------------------------- λ_m

    @Test
    void linearizationErrorStaysBelowLambdaM() {
        int m = 16;
        SequenceDataset data = inputs();
        DiagonalRnn net0 = init(3L).initialize(m, D, ACT);
        WidthTerms terms = Bounds.widthTerms(problem(1.0), m, DELTA);
        double lambda = terms.lambdaM();
        double radius = 1.0 / Math.sqrt(m); // ρ_w/√m = ρ_u/√m
        NeuronProbe probe = new NeuronProbe(ACT);
        Random rng = new Random(5);
        double worstPair = 0;
        double worstAround = 0;
        for (int trial = 0; trial < 30; trial++) {
            DiagonalRnn a = displaced(net0, randomDisplacement(rng, m, radius));
            DiagonalRnn b = displaced(net0, randomDisplacement(rng, m, radius));
            worstPair = Math.max(worstPair, maxLinearizationError(probe, a, b, data, -1, -1));
            worstAround = Math.max(worstAround, maxLinearizationError(probe, net0, b, data, -1, -1));
        }
        // Adversarial: each neuron moved along the top eigenvector of c_i ∇²h^i (one output q, one sign),
        // so the per-neuron second-order terms add up instead of cancelling.
        for (int j = 0; j < N_SEQ; j++) {
            for (int t = 1; t <= T; t++) {
                for (int sign = -1; sign <= 1; sign += 2) {
                    double[][] v = alignedDisplacement(probe, net0, data, j, t, sign, radius);
                    double[][] minus = scale(v, -1);
                    worstPair = Math.max(worstPair,
                            maxLinearizationError(probe, displaced(net0, minus), displaced(net0, v), data, j, t));
                    worstAround = Math.max(worstAround,
                            maxLinearizationError(probe, net0, displaced(net0, v), data, j, t));
                }
            }
        }
        assertTrue(worstPair <= lambda * (1 + 1e-6) + TOL, "linearization error " + worstPair + " > lambda_m " + lambda);
        assertTrue(worstAround <= lambda / 4 * (1 + 1e-6) + TOL, "error around Theta0 " + worstAround
                + " > lambda_m/4 " + lambda / 4);
        assertTrue(worstPair > 1e-4 * lambda, "measured linearization error implausibly small: " + worstPair);
        REPORT.row("lambda_m = 2 M rho^2/sqrt(m), Theta, Theta' in Omega", "m = 16", worstPair, lambda, worstPair / lambda);
        REPORT.row("lambda_m/4 around Theta0", "m = 16", worstAround, lambda / 4, worstAround / (lambda / 4));
    }

    /** max over outputs (or the one output (j, t) when j ≥ 0) of |F(b) − F(a) − ⟨∇F(a), b − a⟩|. */
    private static double maxLinearizationError(NeuronProbe probe, DiagonalRnn a, DiagonalRnn b, SequenceDataset data,
                                                int onlyJ, int onlyT) {
        int m = a.width();
        double worst = 0;
        for (int j = 0; j < N_SEQ; j++) {
            if (onlyJ >= 0 && j != onlyJ) {
                continue;
            }
            double[] fa = ReferenceRnn.outputs(a, data, j);
            double[] fb = ReferenceRnn.outputs(b, data, j);
            double[][] x = inputsOf(data, j);
            for (int t = 1; t <= T; t++) {
                if (onlyT >= 0 && t != onlyT) {
                    continue;
                }
                double lin = 0;
                for (int i = 0; i < m; i++) {
                    double[] g = probe.gradient(neuron(a, i), x, t);
                    double[] diff = minus(neuron(b, i), neuron(a, i));
                    for (int k = 0; k <= D; k++) {
                        lin += a.c(i) * g[k] * diff[k] / Math.sqrt(m);
                    }
                }
                worst = Math.max(worst, Math.abs(fb[t - 1] - fa[t - 1] - lin));
            }
        }
        return worst;
    }

    private static double[][] randomDisplacement(Random rng, int m, double radius) {
        double[][] v = new double[m][D + 1];
        for (int i = 0; i < m; i++) {
            boolean boundary = rng.nextBoolean();
            v[i][0] = boundary ? (rng.nextBoolean() ? radius : -radius) : radius * (2 * rng.nextDouble() - 1);
            double norm = 0;
            for (int k = 1; k <= D; k++) {
                v[i][k] = rng.nextGaussian();
                norm += v[i][k] * v[i][k];
            }
            double len = (boundary ? radius : radius * rng.nextDouble()) / Math.sqrt(norm);
            for (int k = 1; k <= D; k++) {
                v[i][k] *= len;
            }
        }
        return v;
    }

    /** v_i along the top eigenvector of sign·c_i ∇²h_t^i(θ_i(0)), scaled to Ω's boundary. */
    private static double[][] alignedDisplacement(NeuronProbe probe, DiagonalRnn net, SequenceDataset data, int j, int t,
                                                  int sign, double radius) {
        int m = net.width();
        double[][] x = inputsOf(data, j);
        double[][] v = new double[m][];
        for (int i = 0; i < m; i++) {
            double[][] h = probe.hessian(neuron(net, i), x, t);
            org.apache.commons.math3.linear.EigenDecomposition eig = new org.apache.commons.math3.linear.EigenDecomposition(
                    new org.apache.commons.math3.linear.Array2DRowRealMatrix(h));
            double[] ev = eig.getRealEigenvalues();
            int best = 0;
            for (int k = 1; k < ev.length; k++) {
                if (sign * net.c(i) * ev[k] > sign * net.c(i) * ev[best]) {
                    best = k;
                }
            }
            double[] e = eig.getEigenvector(best).toArray();
            double uNorm = NeuronProbe.norm(e, 1, e.length);
            double s = Math.min(Math.abs(e[0]) > 0 ? radius / Math.abs(e[0]) : Double.POSITIVE_INFINITY,
                    uNorm > 0 ? radius / uNorm : Double.POSITIVE_INFINITY);
            v[i] = scale(new double[][]{e}, s)[0];
        }
        return v;
    }

    // ---------------------------------------------------------------- ε_app

    @Test
    void approximationErrorMonteCarloOverTheInitialLaw() {
        SequenceDataset data = inputs();
        ReferenceClassTeacher teacher = teacher();
        ClassEstimate f = teacher.estimate(data);
        int runs = 200;
        for (int m : new int[]{32, 512}) {
            double eps = Bounds.widthTerms(problem(1.0), m, DELTA).epsApp();
            assertTrue(f.maxStandardError() <= 1e-2 * eps, "the teacher's Monte-Carlo error " + f.maxStandardError()
                    + " is not negligible against eps_app " + eps);
            double[] worst = new double[runs];
            int exceed = 0;
            for (int s = 0; s < runs; s++) {
                FiniteWidthImage img = teacher.image(init(1000L + s), m);
                double[][] jac = ParameterVectors.jacobian(backend, img.initial(), data);
                double[] delta = minus(ParameterVectors.flat(img.image()), ParameterVectors.flat(img.initial()));
                double w = 0;
                for (int q = 0; q < N_SEQ * T; q++) {
                    double lin = dot(jac[q], delta); // F(Θ0) = 0
                    w = Math.max(w, Math.abs(lin - f.values()[q]));
                }
                worst[s] = w;
                if (w > eps) {
                    exceed++;
                }
            }
            Arrays.sort(worst);
            double quantile = worst[(int) Math.ceil((1 - DELTA) * runs) - 1];
            assertTrue(exceed <= DELTA * runs, exceed + " of " + runs + " initializations exceed eps_app " + eps);
            assertTrue(quantile > 0, "degenerate measurement");
            REPORT.row("eps_app = 2 B0 sqrt(ln(2N/delta)/m): (1-delta)-quantile of max_q |F_lin(Theta-bar) - f|",
                    "m = " + m + ", 200 inits", quantile, eps, quantile / eps);
        }
    }

    // ---------------------------------------------------------------- PGD regret

    @Test
    void pgdRegretInequalityHoldsOnARealRun() {
        int m = 64;
        int tau = 300;
        double eta = 1.0;
        SequenceDataset inputs = inputs();
        ReferenceClassTeacher teacher = teacher();
        ClassEstimate f = teacher.estimate(inputs);
        SequenceDataset data = inputs.withTargets(f.values());
        double yMax = data.maxAbsTarget(Loss.ALL_STEPS);
        PgdProblem problem = problem(yMax);
        FiniteWidthImage img = teacher.image(init(77L), m);
        double[] bar = ParameterVectors.flat(img.image());
        double lossBar = ReferenceRnn.loss(img.image(), data, Loss.ALL_STEPS);
        WidthTerms terms = Bounds.widthTerms(problem, m, DELTA);
        List<double[]> rec = new ArrayList<>(); // R̂, ⟨g, Θ − Θ̄⟩, ‖g‖², ‖Θ − Θ̄‖², mean |r_q|
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onIteration(int iteration, int total, double loss) {
            }

            @Override
            public void onParameters(int iteration, DiagonalRnn theta) {
                LossGradient lg = backend.lossAndGradient(theta, data, Loss.ALL_STEPS);
                double[] g = concat(lg.gradW(), lg.gradU());
                double[] diff = minus(ParameterVectors.flat(theta), bar);
                double meanAbs = 0;
                for (int j = 0; j < N_SEQ; j++) {
                    double[] out = ReferenceRnn.outputs(theta, data, j);
                    for (int t = 0; t < T; t++) {
                        meanAbs += Math.abs(out[t] - data.target(j, t)) / (N_SEQ * T);
                    }
                }
                rec.add(new double[]{ReferenceRnn.loss(theta, data, Loss.ALL_STEPS), dot(g, diff), dot(g, g),
                    dot(diff, diff), meanAbs});
            }
        };
        TrainingHistory history = Training.run(backend, img.initial(), data, Loss.ALL_STEPS,
                Optimizers.projected(eta, 1.0, 1.0), tau, listener);
        assertTrue(history.lastLoss() < 0.5 * history.initialLoss(), "the run did not train: " + history);
        double worstOnline = Double.NEGATIVE_INFINITY;
        double worstConvexity = Double.NEGATIVE_INFINITY;
        double sumLoss = 0;
        double sumTerms = 0;
        for (int k = 0; k < tau; k++) {
            double[] r = rec.get(k);
            double[] next = rec.get(k + 1);
            double online = (r[3] - next[3]) / (2 * eta) + eta / 2 * r[2];
            assertTrue(r[1] <= online + TOL, "online-gradient inequality fails at k = " + k + ": " + r[1] + " > " + online);
            worstOnline = Math.max(worstOnline, r[1] - online);
            double gap = r[0] - lossBar - r[1];
            double allowance = terms.lambdaM() * r[4];
            assertTrue(gap <= allowance + TOL, "almost-convexity fails at k = " + k + ": " + gap + " > lambda_m mean|r| "
                    + allowance);
            worstConvexity = Math.max(worstConvexity, gap / allowance);
            sumLoss += r[0];
            sumTerms += eta / 2 * r[2] + allowance;
        }
        double aPosteriori = lossBar + rec.get(0)[3] / (2 * eta * tau) + sumTerms / tau;
        assertTrue(sumLoss / tau <= aPosteriori + TOL, "a-posteriori regret bound fails");
        // R̂(f) ≤ ½ max_q (f_q − f̂_q)², with |f − f̂| ≤ 6 standard errors (the targets are f̂).
        double lossF = 0.5 * Math.pow(6 * f.maxStandardError(), 2);
        assertTrue(lossBar <= lossF + terms.approximation(), "R(Theta-bar) " + lossBar + " above R(f) + approximation");
        PgdBound bound = Bounds.pgdBound(problem, m, tau, eta, DELTA);
        double min = history.minLoss();
        assertTrue(min <= lossF + bound.total(), "min_k R(Theta(k)) " + min + " above the PGD bound " + bound.total());
        assertTrue(history.averageLoss() <= lossF + bound.total(), "average loss above the PGD bound");
        REPORT.row("PGD regret: min_k R(Theta(k)) <= R(f) + Bounds.pgdBound", "m = 64, tau = 300, eta = 1",
                min, lossF + bound.total(), min / (lossF + bound.total()));
        REPORT.row("same, a posteriori (measured ||Theta0 - Theta-bar||, ||g_k||, mean |r_q|; lambda_m): average loss",
                "m = 64, tau = 300, eta = 1", sumLoss / tau, aPosteriori, sumLoss / tau / aPosteriori);
        REPORT.row("almost-convexity: max_k [R(Theta(k)) - R(Theta-bar) - <g_k, Theta(k) - Theta-bar>]"
                + " / (lambda_m mean_q |r_q|) (negative: no non-convexity seen)",
                "m = 64, tau = 300, eta = 1", worstConvexity, 1.0, worstConvexity);
        REPORT.row("R(Theta-bar) <= R(f) + (B0 + Ymax) e + e^2/2", "m = 64", lossBar, lossF + terms.approximation(),
                lossBar / (lossF + terms.approximation()));
    }

    // ---------------------------------------------------------------- GD corollary

    @Test
    void gdWithStepBelowOneOverBetaNeverIncreasesTheLossAndDriftsWithinTheRadius() {
        int m = 1024;
        int tau = 40;
        SequenceDataset inputs = inputs();
        ReferenceClassTeacher teacher = teacher();
        SequenceDataset data = inputs.withTargets(teacher.estimate(inputs).values());
        double yMax = data.maxAbsTarget(Loss.ALL_STEPS);
        // η = 1/β and ρ_GD = ητ G1 Ymax with G1, M at a = α + ρ_GD/√m: a joint fixed point, by iteration.
        double rho = 0;
        double eta = 0;
        for (int it = 0; it < 200; it++) {
            LemmaConstants c = LemmaConstants.of(ACT.constants(), ALPHA + rho / Math.sqrt(m), T);
            double rMax = yMax + c.gradientBound() * rho;
            double beta = c.gradientBound() * c.gradientBound() + rMax * c.hessianBound() / Math.sqrt(m);
            eta = 1 / beta;
            rho = eta * tau * c.gradientBound() * yMax;
        }
        LemmaConstants c = LemmaConstants.of(ACT.constants(), ALPHA + rho / Math.sqrt(m), T);
        double beta = c.gradientBound() * c.gradientBound()
                + (yMax + c.gradientBound() * rho) * c.hessianBound() / Math.sqrt(m);
        assertTrue(eta <= 1 / beta * (1 + 1e-9) && Double.isFinite(rho), "no consistent (eta, rho_GD): " + eta + ", " + rho);
        // The library's drift radius is the same fixed point, computed independently here.
        GdRadius library = Bounds.gdRadius(problem(yMax), m, tau, eta * (1 - 1e-12));
        assertTrue(library.isFinite(), library.toString());
        assertTrue(Math.abs(library.rhoGD() - rho) <= 1e-9 * rho, "rho_GD " + library.rhoGD() + " against " + rho);
        assertTrue(Math.abs(library.beta() - beta) <= 1e-9 * beta, "beta " + library.beta() + " against " + beta);
        double g1 = c.gradientBound();
        DiagonalRnn start = teacher.image(init(5L), m).initial();
        double[] theta0 = ParameterVectors.flat(start);
        double[] worstRatio = {0};
        double[] prevLoss = {Double.POSITIVE_INFINITY};
        double etaF = eta;
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onIteration(int k, int total, double loss) {
                assertTrue(loss <= prevLoss[0] * (1 + 1e-12), "loss increased at k = " + k + ": " + loss + " > " + prevLoss[0]);
                prevLoss[0] = loss;
            }

            @Override
            public void onParameters(int k, DiagonalRnn theta) {
                if (k == 0) {
                    return;
                }
                double drift = maxNeuronDrift(theta, theta0, m) * Math.sqrt(m);
                double allowed = k * etaF * g1 * yMax;
                assertTrue(drift <= allowed * (1 + 1e-9), "neuron drift " + drift + " > k eta G1 Ymax " + allowed);
                worstRatio[0] = Math.max(worstRatio[0], drift / allowed);
            }
        };
        TrainingHistory h = Training.run(backend, start, data, Loss.ALL_STEPS, Optimizers.gradientDescent(eta), tau,
                listener);
        assertTrue(h.lastLoss() < h.initialLoss(), "GD made no progress");
        REPORT.row("GD, eta = 1/beta: per-neuron joint drift sqrt(m) max_i ||theta_i(k) - theta_i(0)|| <= k eta G1 Ymax",
                "m = 1024, tau = 40", worstRatio[0], 1.0, worstRatio[0]);
    }

    // ---------------------------------------------------------------- helpers

    private static double maxNeuronDrift(DiagonalRnn a, double[] theta0, int m) {
        double[] th = ParameterVectors.flat(a);
        double worst = 0;
        for (int i = 0; i < m; i++) {
            double s = (th[i] - theta0[i]) * (th[i] - theta0[i]);
            for (int k = 0; k < D; k++) {
                double v = th[m + i * D + k] - theta0[m + i * D + k];
                s += v * v;
            }
            worst = Math.max(worst, Math.sqrt(s));
        }
        return worst;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[] neuron(DiagonalRnn net, int i) {
        double[] th = new double[D + 1];
        th[0] = net.w(i);
        for (int k = 0; k < D; k++) {
            th[k + 1] = net.u(i, k);
        }
        return th;
    }

    private static DiagonalRnn displaced(DiagonalRnn net, double[][] v) {
        int m = net.width();
        double[] w = net.w();
        double[] u = net.u();
        for (int i = 0; i < m; i++) {
            w[i] += v[i][0];
            for (int k = 0; k < D; k++) {
                u[i * D + k] += v[i][k + 1];
            }
        }
        return net.withParameters(w, u);
    }

    private static double[][] inputsOf(SequenceDataset data, int j) {
        double[][] x = new double[data.timeSteps()][D];
        for (int t = 0; t < data.timeSteps(); t++) {
            for (int k = 0; k < D; k++) {
                x[t][k] = data.input(j, t, k);
            }
        }
        return x;
    }

    private static double[][] scale(double[][] v, double s) {
        double[][] out = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].clone();
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] *= s;
            }
        }
        return out;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
