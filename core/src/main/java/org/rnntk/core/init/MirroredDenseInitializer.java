package org.rnntk.core.init;

import java.util.Objects;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DenseInitializer;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;

/**
 * The mirrored initialization of the dense network (docs/theory.md §11). With h = m/2:
 * <pre>
 *   W(0) = [ A  0 ]      u_{i+h}(0) = u_i(0),   c_{i+h} = −c_i   (i &lt; h)
 *          [ 0  A ]
 * </pre>
 * where, for i &lt; h, c_i ~ Rademacher, u_i(0) ~ N(0, s² I_d), and A ∈ R^{h×h} follows
 * {@link DenseLaw} with spectral-radius target ρ. The two halves of the hidden state then obey the
 * same recursion from the same start h_0 = 0, so h_t^{i+h} = h_t^i for every t, and the output
 * pairs c_i h_t^i + c_{i+h} h_t^{i+h} vanish: F_t(X; Θ(0)) = 0 for every X and t. The kernels
 * evaluate both halves in the same summation order and add the output pair by pair, so the zero is
 * exact in floating point too (docs/theory.md §11).
 *
 * <p>Draw order (fixed, so a seed pins the network bit for bit): for each i &lt; h, the sign, then
 * the d Gaussian coordinates of u_i; then the h² Gaussian entries of A's source matrix, row-major.
 * The generator is commons-math3's {@link Well19937c} and the QR factorization commons-math3's,
 * pure Java, so the result does not depend on the JDK or the platform.
 *
 * @param rho        ρ ≥ 0, finite: the target spectral radius of A (and of W(0))
 * @param law        the law of A
 * @param inputScale s &gt; 0, the standard deviation of the entries of u(0) (1 in the theory)
 * @param seed       the seed
 */
public record MirroredDenseInitializer(double rho, DenseLaw law, double inputScale, long seed)
        implements DenseInitializer {

    public MirroredDenseInitializer {
        Checks.nonNegative("spectral radius rho", rho);
        Objects.requireNonNull(law, "law");
        Checks.positive("input weight scale", inputScale);
    }

    @Override
    public DenseRnn initialize(int width, int inputDim, Activation activation) {
        Checks.evenWidth("width m", width);
        Checks.positive("input dimension d", inputDim);
        Objects.requireNonNull(activation, "activation");
        int half = width / 2;
        double[] u = new double[width * inputDim];
        double[] c = new double[width];
        Well19937c rng = new Well19937c(seed);
        for (int i = 0; i < half; i++) {
            c[i] = rng.nextBoolean() ? 1.0 : -1.0;
            for (int k = 0; k < inputDim; k++) {
                u[i * inputDim + k] = inputScale * rng.nextGaussian();
            }
            c[i + half] = -c[i];
            System.arraycopy(u, i * inputDim, u, (i + half) * inputDim, inputDim);
        }
        double[][] a = block(half, rng);
        double[] w = new double[width * width];
        for (int i = 0; i < half; i++) {
            for (int k = 0; k < half; k++) {
                w[i * width + k] = a[i][k];
                w[(i + half) * width + (k + half)] = a[i][k];
            }
        }
        return new DenseRnn(activation, width, inputDim, w, u, c);
    }

    /** A, h×h, drawn from {@code rng} after c and U. */
    private double[][] block(int h, Well19937c rng) {
        double[][] g = new double[h][h];
        for (int i = 0; i < h; i++) {
            for (int k = 0; k < h; k++) {
                g[i][k] = rng.nextGaussian();
            }
        }
        if (law == DenseLaw.GAUSSIAN) {
            double scale = rho / Math.sqrt(h);
            for (double[] row : g) {
                for (int k = 0; k < h; k++) {
                    row[k] *= scale;
                }
            }
            return g;
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(g, false));
        RealMatrix q = qr.getQ();
        RealMatrix r = qr.getR();
        double[][] a = new double[h][h];
        for (int k = 0; k < h; k++) {
            // Q diag(sign R_kk) is Haar-distributed; without the sign fix it is not.
            double sign = r.getEntry(k, k) < 0 ? -1.0 : 1.0;
            for (int i = 0; i < h; i++) {
                a[i][k] = rho * sign * q.getEntry(i, k);
            }
        }
        return a;
    }
}
