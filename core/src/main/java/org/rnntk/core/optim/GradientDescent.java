package org.rnntk.core.optim;

import org.rnntk.core.Checks;
import org.rnntk.core.Optimizer;

/**
 * Full-batch gradient descent with a constant step, Θ(k+1) = Θ(k) − η∇R̂(Θ(k)).
 *
 * @param stepSize η &gt; 0
 */
public record GradientDescent(double stepSize) implements Optimizer {

    public GradientDescent {
        Checks.positive("step size eta", stepSize);
    }

    @Override
    public void updateInPlace(double[] w, double[] u, double[] gradW, double[] gradU, double[] w0, double[] u0,
                              int inputDim) {
        for (int i = 0; i < w.length; i++) {
            w[i] -= stepSize * gradW[i];
        }
        for (int i = 0; i < u.length; i++) {
            u[i] -= stepSize * gradU[i];
        }
    }

    @Override
    public String describe() {
        return "GD(eta=" + stepSize + ")";
    }
}
