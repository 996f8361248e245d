package org.rnntk.kernels.teachers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Drift;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.init.SymmetricInitializer;
import org.rnntk.core.data.ClassEstimate;
import org.rnntk.core.data.FiniteWidthImage;
import org.rnntk.core.data.InputSpec;
import org.rnntk.core.data.ReferenceClassTeacher;
import org.rnntk.core.data.TransportMaps;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * The finite-width image Θ̄ of a reference-class teacher (docs/theory.md §8): its linearization
 * around Θ(0) is the teacher's mean over the m initial neurons, approaches f_t like 1/√m, stays
 * within the Hoeffding radius ε_app(m), and Θ̄ lies in Ω for ρ ≥ ν̄.
 */
class FiniteWidthImageTest {

    private static final int[] WIDTHS = {64, 256, 1024, 4096};
    private static final int SEEDS = 4;
    /** The teacher's own Monte-Carlo error must sit well below the smallest linearization error. */
    private static final int TEACHER_DRAWS = 1 << 17;
    private static final double IDENTITY_TOL = 1e-12;
    private static final double F0_TOL = 1e-13;
    /** Confidence of the Hoeffding check. */
    private static final double DELTA = 0.01;
    /** √m·error may wander by this factor across widths (a 1/√m law with Monte-Carlo noise). */
    private static final double SCALING_SPREAD = 3.0;
    /** Slack for the teacher's own Monte-Carlo error in the Hoeffding check, in standard errors. */
    private static final double SE_MARGIN = 5;
    /** Θ̄ at m = 4096 must cut the loss of Θ(0) by at least this factor (measured: ~5e-4). */
    private static final double LOSS_RATIO = 0.05;

    private static Nd4jBackend backend;

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create(Precision.FLOAT64, 2);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void linearizationApproachesTheTeacherLikeOneOverSqrtM() {
        double alpha = 0.5;
        RecurrentLaw law = RecurrentLaw.UNIFORM;
        double nuW = 1.0;
        double nuU = 1.0;
        ReferenceClassTeacher teacher = new ReferenceClassTeacher(3, Activations.tanh(), alpha, law, 1.0, nuW, nuU,
                TEACHER_DRAWS, 31);
        SequenceDataset data = InputSpec.unitSphere(4, 6, 3, 8).sample();
        ClassEstimate f = teacher.estimate(data);
        SequenceDataset labelled = data.withTargets(f.values());
        int outputs = data.size() * data.timeSteps();
        double b0 = teacher.b0(data.timeSteps());
        System.out.printf(Locale.ROOT, "teacher: %s; max|f| = %.4f, B0 = %.4f, teacher MC s.e. <= %.1e%n",
                teacher.describe(), f.maxAbsValue(), b0, f.maxStandardError());
        System.out.println("     m   rms|F_lin - f|  sqrt(m)*rms  max|F_lin - f|  eps_app(m)  rms|F(Theta-bar) - f|"
                + "  max drift w, u");

        double[] rms = new double[WIDTHS.length];
        for (int wi = 0; wi < WIDTHS.length; wi++) {
            int m = WIDTHS[wi];
            double sumSq = 0;
            double sumSqNonlinear = 0;
            double maxErr = 0;
            double maxDriftW = 0;
            double maxDriftU = 0;
            for (int seed = 0; seed < SEEDS; seed++) {
                SymmetricInitializer init = Initializers.symmetric(alpha, law, 1000L * m + seed);
                FiniteWidthImage image = teacher.image(init, m);
                if (seed == 0 && wi == WIDTHS.length - 1) {
                    checkBothLossModes(image, labelled);
                }
                double[] lin = linearization(image, data);
                double[] direct = directMean(teacher, image.initial(), data);
                double[] nonlinear = backend.outputs(image.image(), data);
                for (int q = 0; q < outputs; q++) {
                    assertEquals(direct[q], lin[q], IDENTITY_TOL, "F_lin must equal (1/m) sum_i [v_w a + <v_u, b>]");
                    double err = lin[q] - f.values()[q];
                    sumSq += err * err;
                    maxErr = Math.max(maxErr, Math.abs(err));
                    double errNonlinear = nonlinear[q] - f.values()[q];
                    sumSqNonlinear += errNonlinear * errNonlinear;
                }
                Drift drift = image.drift();
                maxDriftW = Math.max(maxDriftW, drift.maxW());
                maxDriftU = Math.max(maxDriftU, drift.maxU());
                // Θ̄ ∈ Ω for ρ_w = ν̄_w, ρ_u = ν̄_u (hence for every larger radius).
                assertTrue(drift.maxW() <= nuW * (1 + 1e-12), "w drift " + drift.maxW() + " > nuBarW");
                assertTrue(drift.maxU() <= nuU * (1 + 1e-12), "u drift " + drift.maxU() + " > nuBarU");
                assertEquals(image.image(), teacher.image(image.initial()).image(), "both image routes agree");
            }
            rms[wi] = Math.sqrt(sumSq / (SEEDS * outputs));
            double epsApp = 2 * b0 * Math.sqrt(Math.log(2.0 * outputs / DELTA) / m);
            System.out.printf(Locale.ROOT, "%6d   %12.3e  %11.4f  %14.3e  %10.3e  %21.3e  %.3f, %.3f%n", m, rms[wi],
                    Math.sqrt(m) * rms[wi], maxErr, epsApp, Math.sqrt(sumSqNonlinear / (SEEDS * outputs)), maxDriftW,
                    maxDriftU);
            assertTrue(maxErr <= epsApp + SE_MARGIN * f.maxStandardError(),
                    "max error " + maxErr + " exceeds the Hoeffding radius " + epsApp + " at m = " + m);
        }
        assertTrue(rms[WIDTHS.length - 1] < rms[0] / 4, "error must shrink with m (expected ~1/8 over 64x)");
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int wi = 0; wi < WIDTHS.length; wi++) {
            lo = Math.min(lo, Math.sqrt(WIDTHS[wi]) * rms[wi]);
            hi = Math.max(hi, Math.sqrt(WIDTHS[wi]) * rms[wi]);
        }
        assertTrue(hi / lo < SCALING_SPREAD, "sqrt(m) * error should be roughly constant: " + lo + " .. " + hi);
    }

    /**
     * The labelled data serve both loss modes: Θ̄ at the largest width fits them far better than
     * Θ(0), whose loss is (1/(2N)) Σ y_q² since F(Θ0) = 0.
     */
    private static void checkBothLossModes(FiniteWidthImage image, SequenceDataset labelled) {
        for (Loss mode : Loss.values()) {
            double atInit = backend.loss(image.initial(), labelled, mode);
            double atImage = backend.loss(image.image(), labelled, mode);
            System.out.printf(Locale.ROOT, "%s loss: Theta(0) %.3e, Theta-bar (m = %d) %.3e%n", mode, atInit,
                    image.image().width(), atImage);
            assertTrue(atImage < LOSS_RATIO * atInit, mode + ": Theta-bar should fit the teacher");
        }
    }

    /** F(Θ0) + Σ_i (c_i/√m)[a_t^i (w̄_i − w_i) + ⟨b_t^i, ū_i − u_i⟩], with ND4J sensitivities at Θ0. */
    private static double[] linearization(FiniteWidthImage image, SequenceDataset data) {
        DiagonalRnn theta0 = image.initial();
        int m = theta0.width();
        int d = theta0.inputDim();
        double[] f0 = backend.outputs(theta0, data);
        for (double v : f0) {
            // Zero up to the rounding of the backend's sum over neurons, which does not pair mirrors.
            assertEquals(0.0, v, F0_TOL, "the symmetric initialization has F(Theta0) = 0");
        }
        Sensitivities sens = backend.sensitivities(theta0, data);
        double[] dw = image.image().w();
        double[] du = image.image().u();
        double[] w0 = theta0.w();
        double[] u0 = theta0.u();
        double[] out = f0.clone();
        for (int j = 0; j < data.size(); j++) {
            for (int t = 0; t < data.timeSteps(); t++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    double term = sens.a(j, t, i) * (dw[i] - w0[i]);
                    for (int k = 0; k < d; k++) {
                        term += sens.b(j, t, i, k) * (du[i * d + k] - u0[i * d + k]);
                    }
                    s += theta0.c(i) * term;
                }
                out[j * data.timeSteps() + t] += s / Math.sqrt(m);
            }
        }
        return out;
    }

    /** (1/m) Σ_i [v_w(θ_i) a_t^i + ⟨v_u(θ_i), b_t^i⟩] from the maps and ND4J sensitivities. */
    private static double[] directMean(ReferenceClassTeacher teacher, DiagonalRnn theta0, SequenceDataset data) {
        TransportMaps maps = teacher.transportMaps();
        int m = theta0.width();
        int d = theta0.inputDim();
        Sensitivities sens = backend.sensitivities(theta0, data);
        double[] out = new double[data.size() * data.timeSteps()];
        for (int i = 0; i < m; i++) {
            double[] ui = new double[d];
            for (int k = 0; k < d; k++) {
                ui[k] = theta0.u(i, k);
            }
            double vw = maps.valueW(theta0.w(i), ui);
            double[] vu = maps.valueU(theta0.w(i), ui);
            for (int j = 0; j < data.size(); j++) {
                for (int t = 0; t < data.timeSteps(); t++) {
                    double term = vw * sens.a(j, t, i);
                    for (int k = 0; k < d; k++) {
                        term += vu[k] * sens.b(j, t, i, k);
                    }
                    out[j * data.timeSteps() + t] += term / m;
                }
            }
        }
        return out;
    }
}
