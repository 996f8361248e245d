package org.rnntk.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnntk.core.data.InputSpecTest.assertMessage;

import java.util.Locale;
import java.util.Random;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/**
 * The reference-class teacher of docs/theory.md §8 against independent computations: a naive
 * re-implementation of the documented draws with full vector sensitivities, and a quadrature of
 * the one-dimensional expectation written out by hand; plus |f_t| ≤ B0 on random instances.
 */
class ReferenceClassTeacherTest {

    private static final double NAIVE_TOL = 1e-12;
    /** MC versus quadrature: this many standard errors, plus the quadrature's own error. */
    private static final double SE_FACTOR = 5;
    private static final double QUADRATURE_TOL = 1e-9;
    /** Floating-point slack on B0. */
    private static final double BOUND_SLACK = 1e-12;

    @Test
    void matchesANaiveComputationOfTheDocumentedMean() {
        ReferenceClassTeacher teacher = new ReferenceClassTeacher(3, Activations.tanh(), 0.8, RecurrentLaw.UNIFORM,
                0.7, 1.3, 0.6, 300, 12345);
        SequenceDataset data = new InputSpec(3, 5, 3, InputLaw.BALL, 1.0, 2).sample();
        double[] expected = naiveMean(teacher, data);
        ClassEstimate estimate = teacher.estimate(data);
        assertArrayEquals(expected, estimate.values(), NAIVE_TOL);
        assertArrayEquals(estimate.values(), teacher.targets(data));
        assertArrayEquals(estimate.values(), teacher.label(data).targets());
    }

    /**
     * Replays the documented draw order and evaluates the definition with full vectors b_t ∈ R^d and
     * v_u ∈ R^d (the implementation only tracks ⟨e, b_t⟩).
     */
    private static double[] naiveMean(ReferenceClassTeacher teacher, SequenceDataset data) {
        int d = teacher.inputDim();
        double s = teacher.inputScale();
        Well19937c rng = new Well19937c(teacher.seed());
        double[] gW = new double[d];
        double[] gU = new double[d];
        for (int k = 0; k < d; k++) {
            gW[k] = rng.nextGaussian() / (s * Math.sqrt(d));
        }
        for (int k = 0; k < d; k++) {
            gU[k] = rng.nextGaussian() / (s * Math.sqrt(d));
        }
        double[] e = new double[d];
        double norm = 0;
        for (int k = 0; k < d; k++) {
            e[k] = rng.nextGaussian();
            norm += e[k] * e[k];
        }
        for (int k = 0; k < d; k++) {
            e[k] /= Math.sqrt(norm);
        }
        double kappaW = 2 * rng.nextDouble() - 1;
        double kappaU = 2 * rng.nextDouble() - 1;
        TransportMaps maps = teacher.transportMaps();
        // Division here, multiplication by 1/(s√d) there: equal to an ulp.
        assertArrayEquals(gW, maps.gW(), 1e-15);
        assertArrayEquals(gU, maps.gU(), 1e-15);
        assertArrayEquals(e, maps.e(), 1e-15);
        assertEquals(kappaW, maps.kappaW(), 0.0);
        assertEquals(kappaU, maps.kappaU(), 0.0);

        Activation act = teacher.activation();
        int n = data.size();
        int steps = data.timeSteps();
        double[] mean = new double[n * steps];
        for (int draw = 0; draw < teacher.draws(); draw++) {
            double[] u = new double[d];
            for (int k = 0; k < d; k++) {
                u[k] = s * rng.nextGaussian();
            }
            double w = teacher.law() == RecurrentLaw.CONSTANT ? teacher.alpha()
                    : teacher.alpha() * (2 * rng.nextDouble() - 1);
            double dotW = 0;
            double dotU = 0;
            for (int k = 0; k < d; k++) {
                dotW += gW[k] * u[k];
                dotU += gU[k] * u[k];
            }
            double vw = teacher.nuBarW() * Math.sin(dotW + kappaW * w);
            double[] vu = new double[d];
            for (int k = 0; k < d; k++) {
                vu[k] = teacher.nuBarU() * Math.cos(dotU + kappaU * w) * e[k];
            }
            for (int j = 0; j < n; j++) {
                double h = 0;
                double a = 0;
                double[] b = new double[d];
                for (int t = 0; t < steps; t++) {
                    double z = w * h;
                    for (int k = 0; k < d; k++) {
                        z += u[k] * data.input(j, t, k);
                    }
                    double sp = act.derivative(z);
                    a = sp * (h + w * a);
                    double inner = 0;
                    for (int k = 0; k < d; k++) {
                        b[k] = sp * (data.input(j, t, k) + w * b[k]);
                        inner += vu[k] * b[k];
                    }
                    h = act.value(z);
                    mean[j * steps + t] += (vw * a + inner) / teacher.draws();
                }
            }
        }
        return mean;
    }

    @Test
    void matchesAQuadratureOfTheHandDerivedOneDimensionalExpectation() {
        // d = 1, w = α constant: f_t = E_{u~N(0,s²)}[v_w(α,u) a_t(u) + v_u(α,u) b_t(u)], with, for T = 2,
        //   z1 = u x1, a1 = 0, b1 = σ'(z1) x1;  z2 = α tanh(z1) + u x2, a2 = σ'(z2) tanh(z1),
        //   b2 = σ'(z2)(x2 + α b1).
        double alpha = 0.9;
        double s = 1.3;
        double x1 = 0.8;
        double x2 = -0.6;
        ReferenceClassTeacher teacher = new ReferenceClassTeacher(1, Activations.tanh(), alpha, RecurrentLaw.CONSTANT,
                s, 1.0, 2.0, 1 << 18, 77);
        TransportMaps maps = teacher.transportMaps();
        double[] f = new double[2];
        int intervals = 20000;
        double lo = -12 * s;
        double step = 24 * s / intervals;
        for (int i = 0; i <= intervals; i++) {
            double u = lo + i * step;
            double weight = (i == 0 || i == intervals) ? 1 : (i % 2 == 1 ? 4 : 2);
            double density = Math.exp(-0.5 * u * u / (s * s)) / (s * Math.sqrt(2 * Math.PI));
            double vw = maps.valueW(alpha, new double[] {u});
            double vu = maps.valueU(alpha, new double[] {u})[0];
            double z1 = u * x1;
            double b1 = sech2(z1) * x1;
            double z2 = alpha * Math.tanh(z1) + u * x2;
            double a2 = sech2(z2) * Math.tanh(z1);
            double b2 = sech2(z2) * (x2 + alpha * b1);
            f[0] += weight * density * (vu * b1) * step / 3;
            f[1] += weight * density * (vw * a2 + vu * b2) * step / 3;
        }
        SequenceDataset data = new SequenceDataset(1, 2, 1, new double[] {x1, x2}, new double[2]);
        ClassEstimate estimate = teacher.estimate(data);
        for (int t = 0; t < 2; t++) {
            double tol = SE_FACTOR * estimate.standardError(0, t) + QUADRATURE_TOL;
            System.out.printf(Locale.ROOT, "f_%d: quadrature %.8f, Monte Carlo %.8f +- %.1e%n", t + 1, f[t],
                    estimate.value(0, t), estimate.standardError(0, t));
            assertEquals(f[t], estimate.value(0, t), tol);
        }
        assertTrue(Math.abs(f[1]) > 0.02, "the test case should not be trivially zero: " + f[1]);
    }

    private static double sech2(double z) {
        double t = Math.tanh(z);
        return 1 - t * t;
    }

    @Test
    void valuesAndSummandsAreBoundedByB0OnRandomInstances() {
        Random rng = new Random(2024);
        double worstRatio = 0;
        double worstSummandRatio = 0;
        for (int trial = 0; trial < 16; trial++) {
            Activation act = trial % 2 == 0 ? Activations.tanh() : Activations.sigmoid();
            double sigma1 = act.constants().sigma1();
            double alpha = rng.nextDouble() * 1.5 / sigma1;
            RecurrentLaw law = rng.nextBoolean() ? RecurrentLaw.CONSTANT : RecurrentLaw.UNIFORM;
            int d = 1 + rng.nextInt(4);
            int steps = 1 + rng.nextInt(8);
            double nuW = trial == 3 ? 0.0 : 2 * rng.nextDouble();
            double nuU = trial == 5 ? 0.0 : 2 * rng.nextDouble();
            ReferenceClassTeacher teacher = new ReferenceClassTeacher(d, act, alpha, law, 0.5 + rng.nextDouble(), nuW,
                    nuU, 512, rng.nextLong());
            SequenceDataset data = new InputSpec(6, steps, d, rng.nextBoolean() ? InputLaw.BALL : InputLaw.SPHERE, 1.0,
                    rng.nextLong()).sample();
            ClassEstimate estimate = teacher.estimate(data);
            double b0 = teacher.b0(steps);
            assertTrue(estimate.maxAbsSummand() <= b0 * (1 + BOUND_SLACK),
                    "summand " + estimate.maxAbsSummand() + " > B0 " + b0 + " for " + teacher.describe());
            assertTrue(estimate.maxAbsValue() <= b0 * (1 + BOUND_SLACK),
                    "|f| " + estimate.maxAbsValue() + " > B0 " + b0 + " for " + teacher.describe());
            // Same targets serve the last-step loss.
            assertTrue(teacher.label(data).maxAbsTarget(Loss.LAST_STEP) <= b0 * (1 + BOUND_SLACK));
            worstRatio = Math.max(worstRatio, estimate.maxAbsValue() / b0);
            worstSummandRatio = Math.max(worstSummandRatio, estimate.maxAbsSummand() / b0);
        }
        System.out.printf(Locale.ROOT, "largest |f|/B0 = %.3f, largest |summand|/B0 = %.3f over 16 instances%n",
                worstRatio, worstSummandRatio);
        // B0 is a worst case over draws; the summands come within a small factor of it.
        assertTrue(worstSummandRatio > 0.2, "B0 looks absurdly loose: " + worstSummandRatio);
    }

    @Test
    void transportMapsHaveTheDeclaredSupNorms() {
        ReferenceClassTeacher teacher = new ReferenceClassTeacher(4, Activations.tanh(), 0.5, RecurrentLaw.UNIFORM,
                1.0, 0.7, 1.9, 16, 3);
        TransportMaps maps = teacher.transportMaps();
        Random rng = new Random(1);
        double maxW = 0;
        double maxU = 0;
        for (int i = 0; i < 20000; i++) {
            double[] u = new double[4];
            for (int k = 0; k < 4; k++) {
                u[k] = 3 * rng.nextGaussian();
            }
            double w = 2 * rng.nextDouble() - 1;
            maxW = Math.max(maxW, Math.abs(maps.valueW(w, u)));
            double[] vu = maps.valueU(w, u);
            maxU = Math.max(maxU, Draws.norm(vu, 0, 4));
        }
        assertTrue(maxW <= 0.7 && maxW > 0.69, "sup |v_w| " + maxW);
        assertTrue(maxU <= 1.9 * (1 + 1e-15) && maxU > 1.88, "sup |v_u| " + maxU);
    }

    @Test
    void b0IsTheFormulaOfSection8() {
        ReferenceClassTeacher tanh = new ReferenceClassTeacher(2, Activations.tanh(), 0.5, RecurrentLaw.CONSTANT, 1.0,
                1.0, 2.0, 16, 1);
        // σ1 = σ0 = 1: S_3(0.5) = 1.75, B0 = 1.75·(1 + 2).
        assertEquals(5.25, tanh.b0(3), 1e-15);
        ReferenceClassTeacher sigmoid = new ReferenceClassTeacher(2, Activations.sigmoid(), 4.0,
                RecurrentLaw.UNIFORM, 1.0, 1.0, 1.0, 16, 1);
        // ασ1 = 1: S_T = T; B0 = (1/4)·5·2.
        assertEquals(2.5, sigmoid.b0(5), 1e-15);
        assertSame(ActivationConstants.SIGMOID, sigmoid.constants());
    }

    @Test
    void sameSeedIsBitIdenticalAndStandardErrorsShrinkWithDraws() {
        SequenceDataset data = InputSpec.unitSphere(3, 4, 2, 5).sample();
        ReferenceClassTeacher small = new ReferenceClassTeacher(2, Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 1.0,
                1.0, 1.0, 1000, 9);
        assertArrayEquals(small.targets(data), small.targets(data));
        ReferenceClassTeacher large = new ReferenceClassTeacher(2, Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 1.0,
                1.0, 1.0, 16000, 9);
        double ratio = small.estimate(data).maxStandardError() / large.estimate(data).maxStandardError();
        assertEquals(4.0, ratio, 0.5, "standard error should scale like 1/sqrt(D)");
    }

    @Test
    void badArgumentsAreRejectedWithTheirValue() {
        Activation tanh = Activations.tanh();
        assertMessage(() -> new ReferenceClassTeacher(2, tanh, 0.5, RecurrentLaw.UNIFORM, 1.0, -0.1, 1.0, 16, 1),
                "nuBarW (-0.1)");
        assertMessage(() -> new ReferenceClassTeacher(2, tanh, 0.5, RecurrentLaw.UNIFORM, 1.0, 1.0, Double.NaN, 16, 1),
                "nuBarU (NaN)");
        assertMessage(() -> new ReferenceClassTeacher(2, tanh, Double.NaN, RecurrentLaw.UNIFORM, 1.0, 1.0, 1.0, 16, 1),
                "alpha (NaN)");
        assertMessage(() -> new ReferenceClassTeacher(2, tanh, -1, RecurrentLaw.UNIFORM, 1.0, 1.0, 1.0, 16, 1),
                "alpha (-1.0)");
        assertMessage(() -> new ReferenceClassTeacher(2, tanh, 0.5, RecurrentLaw.UNIFORM, 0.0, 1.0, 1.0, 16, 1),
                "input weight scale s (0.0)");
        assertMessage(() -> new ReferenceClassTeacher(2, tanh, 0.5, RecurrentLaw.UNIFORM, 1.0, 1.0, 1.0, 1, 1),
                "draws D (1) must be >= 2");
        assertMessage(() -> new ReferenceClassTeacher(0, tanh, 0.5, RecurrentLaw.UNIFORM, 1.0, 1.0, 1.0, 16, 1),
                "input dimension d (0)");
        ReferenceClassTeacher teacher = new ReferenceClassTeacher(2, tanh, 0.5, RecurrentLaw.UNIFORM, 1.0, 1.0, 1.0,
                16, 1);
        assertMessage(() -> teacher.b0(0), "sequence length T (0)");
        assertMessage(() -> teacher.estimate(InputSpec.unitSphere(2, 3, 3, 1).sample()), "expects d = 2");
        assertMessage(() -> teacher.transportMaps().valueW(0.1, new double[3]), "u has length 3 but d = 2 requires 2");
    }

    @Test
    void imageRejectsOddWidthAndAMismatchedInitialLaw() {
        ReferenceClassTeacher teacher = new ReferenceClassTeacher(2, Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 1.0,
                1.0, 1.0, 16, 1);
        assertMessage(() -> teacher.image(Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 3), 7),
                "width m (7) must be even");
        assertMessage(() -> teacher.image(Initializers.symmetric(0.7, RecurrentLaw.UNIFORM, 3), 8),
                "initializer alpha (0.7) differs from the teacher's alpha (0.5)");
        assertMessage(() -> teacher.image(Initializers.symmetric(0.5, RecurrentLaw.CONSTANT, 3), 8),
                "initializer law (CONSTANT) differs from the teacher's law (UNIFORM)");
        assertMessage(() -> teacher.image(Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 2.0, 3), 8),
                "initializer input weight scale (2.0) differs from the teacher's s (1.0)");
        DiagonalRnn sigmoidNet = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 3).initialize(8, 2,
                Activations.sigmoid());
        assertMessage(() -> teacher.image(sigmoidNet), "activation (sigmoid) differs from the teacher's (tanh)");
        DiagonalRnn wide = Initializers.symmetric(0.9, RecurrentLaw.UNIFORM, 3).initialize(64, 2, Activations.tanh());
        assertMessage(() -> teacher.image(wide), "is not in the support of the teacher's law (UNIFORM, alpha = 0.5)");
        DiagonalRnn asymmetric = new DiagonalRnn(Activations.tanh(), 2, new double[] {0.1, 0.1},
                new double[] {1, 2, 1, 2}, new double[] {1, 1});
        assertMessage(() -> teacher.image(asymmetric), "neuron 1 does not mirror neuron 0");
    }
}
