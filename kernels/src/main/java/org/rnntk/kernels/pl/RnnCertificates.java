package org.rnntk.kernels.pl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.Certification;
import org.rnntk.bounds.LocalPl;
import org.rnntk.bounds.RnnPl;
import org.rnntk.bounds.RnnPlProblem;
import org.rnntk.core.Activation;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializer;
import org.rnntk.core.Loss;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.ntk.GramMode;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.pl.objective.RnnObjective;

/**
 * The certified local-PL verdict for the diagonal RNN at its symmetric initialization
 * (docs/theory.md §9): λ_min of the empirical NTK Gram J0 J0ᵀ ({@link Ntk#gram}, with the
 * eigensolver's rounding allowance of bounds {@code LocalPl.gramSpectrum}), then bounds
 * {@code RnnPl.certify}, which bounds α and β on the ball and picks r by a 1-D search:
 * <pre>
 *   α(Θ0, r) ≥ (2/N)(σ_min(J0) − √N M r/√m)₊²,   β ≤ G1² + (Ymax + G1 r) M/√m,   f0 = (1/(2N)) Σ y_q²
 * </pre>
 * Hypotheses, each checked (a violation throws): ‖x_t‖ ≤ 1, F(Θ0) = 0 (the symmetric
 * initialization), m even. Failures of the criterion itself are not errors: the verdict says why
 * (N &gt; p, Gram singular, width too small — with the width at which it would pass).
 */
public final class RnnCertificates {

    /** |F(Θ0)| above this is not the symmetric initialization. */
    static final double ZERO_OUTPUT_TOLERANCE = 1e-12;

    private RnnCertificates() {
    }

    /** The verdict for {@code model} (at its initialization) on {@code data}. */
    public static RnnCertificate certify(RnnBackend backend, DiagonalRnn model, SequenceDataset data, Loss loss) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loss, "loss");
        data.requireInputDim(model.inputDim(), "the RNN");
        double maxNorm = data.maxInputNorm();
        if (maxNorm > 1.0 + 1e-12) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "hypothesis |x_t| <= 1 fails: the largest"
                    + " input norm is %.6g (docs/theory.md section 1); rescale the inputs", maxNorm));
        }
        double[] f = backend.outputs(model, data);
        double maxF = 0;
        for (double v : f) {
            maxF = Math.max(maxF, Math.abs(v));
        }
        if (maxF > ZERO_OUTPUT_TOLERANCE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the RNN verdict is about the symmetric"
                    + " initialization, where F(Theta0) = 0, but max |F| = %.6g; use Initializers.symmetric", maxF));
        }
        long outputs = loss.outputCount(data.size(), data.timeSteps());
        double[] y = data.targets();
        double sum = 0;
        for (int j = 0; j < data.size(); j++) {
            for (int t = loss == Loss.LAST_STEP ? data.timeSteps() - 1 : 0; t < data.timeSteps(); t++) {
                double v = y[j * data.timeSteps() + t];
                sum += v * v;
            }
        }
        double f0 = sum / (2.0 * outputs);
        LocalPl.GramSpectrum spec = LocalPl.gramSpectrum(Ntk.gram(model, data, GramMode.of(loss)).toArray());
        RnnPlProblem problem = new RnnPlProblem(model.activation().constants(), model.maxAbsRecurrentWeight(),
                data.timeSteps(), model.inputDim(), model.width(), outputs, spec.certifiedLambdaMin(),
                Certification.CERTIFIED, f0, data.maxAbsTarget(loss));
        return new RnnCertificate(RnnPl.certify(problem), spec, RnnObjective.parameters(model));
    }

    /**
     * The verdicts at several widths, each network drawn by {@code initializer}.
     *
     * @param widths even widths; not modified
     */
    public static List<RnnCertificate> scan(RnnBackend backend, Initializer initializer, Activation activation,
                                            int[] widths, SequenceDataset data, Loss loss) {
        Objects.requireNonNull(initializer, "initializer");
        List<RnnCertificate> out = new ArrayList<>();
        for (int m : widths) {
            out.add(certify(backend, initializer.initialize(m, data.inputDim(), activation), data, loss));
        }
        return out;
    }
}
