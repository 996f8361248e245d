package org.rnntk.core;

/**
 * The loss R̂(Θ), the outputs F and the gradient ∇R̂ = (∂R̂/∂w, ∂R̂/∂U) at one parameter point
 * (docs/theory.md §3–§4). Arrays are copied in and out.
 *
 * @param loss    R̂(Θ)
 * @param outputs F_t(X_j), shape n×T in C order
 * @param gradW   ∂R̂/∂w, length m (diagonal network), or ∂R̂/∂W, row-major m×m (dense network,
 *                docs/theory.md §11)
 * @param gradU   ∂R̂/∂U, row-major m×d
 */
public record LossGradient(double loss, double[] outputs, double[] gradW, double[] gradU) {

    public LossGradient {
        outputs = outputs.clone();
        gradW = gradW.clone();
        gradU = gradU.clone();
    }

    @Override
    public double[] outputs() {
        return outputs.clone();
    }

    @Override
    public double[] gradW() {
        return gradW.clone();
    }

    @Override
    public double[] gradU() {
        return gradU.clone();
    }

    /** ‖∇R̂‖₂ over all p parameters. */
    public double gradientNorm() {
        double s = 0;
        for (double v : gradW) {
            s += v * v;
        }
        for (double v : gradU) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
