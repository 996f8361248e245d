package org.rnntk.kernels.pl;

import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.feedforward.FeedforwardBackend;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.kernels.pl.objective.FeedforwardObjective;
import org.rnntk.kernels.pl.objective.FunctionObjective;
import org.rnntk.kernels.pl.objective.LeastSquaresObjective;
import org.rnntk.kernels.pl.objective.RnnObjective;

/** Factory for {@link Objective}s. */
public final class Objectives {

    private Objectives() {
    }

    /**
     * A function given by its value and gradient.
     *
     * @param dimension p ≥ 1
     * @param value     f (must not modify its argument)
     * @param gradient  ∇f, returning a new array of length p (must not modify its argument)
     */
    public static Objective of(int dimension, ToDoubleFunction<double[]> value, UnaryOperator<double[]> gradient) {
        return new FunctionObjective(dimension, value, gradient);
    }

    /**
     * f(x) = ‖Ax − b‖² (docs/theory.md §9).
     *
     * @param a k×p matrix; copied
     * @param b length k; copied
     */
    public static LeastSquaresObjective leastSquares(double[][] a, double[] b) {
        return new LeastSquaresObjective(a, b);
    }

    /**
     * The feedforward loss L(θ) = (1/n) Σ (F(x_i; θ) − y_i)² as a function of the flat parameter
     * vector θ (layout of {@link FeedforwardConfig}).
     */
    public static FeedforwardObjective feedforward(FeedforwardBackend backend, FeedforwardConfig config,
                                                   FeedforwardData data) {
        return new FeedforwardObjective(backend, config, data);
    }

    /**
     * The RNN loss R̂(Θ) = (1/(2N)) Σ r_q² (docs/theory.md §3) as a function of x = (w, U) (w first,
     * then U row-major), with σ and the output signs c taken from {@code template}.
     */
    public static RnnObjective rnn(RnnBackend backend, DiagonalRnn template, SequenceDataset data, Loss loss) {
        return new RnnObjective(backend, template, data, loss);
    }
}
