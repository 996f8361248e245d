package org.rnntk.kernels.ntk;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.SequenceDataset;

/**
 * The NTK prediction workflow at one initialization Θ0, after neural-tangents' {@code nt.predict}:
 * the train Gram K, the cross-Gram K_{train,test} and the initial outputs F(Θ0) are computed once,
 * then kernel regression ({@link KernelRegression}), linearized gradient descent after k steps and
 * its infinite-time limit ({@link LinearizedGradientDescent}) are read off one eigendecomposition of
 * K. The loss decides the outputs: the last step (N = n) or every step (N = nT), with the loss
 * normalization R̂ = (1/(2N)) Σ r_q² of docs/theory.md §3.
 * <pre>{@code
 * try (EmpiricalNtk ntk = Ntk.empirical(); Nd4jBackend backend = Nd4jBackend.create()) {
 *     NtkPredictor p = NtkPredictor.atInitialization(ntk, backend, theta0, train, test, Loss.LAST_STEP);
 *     NtkPrediction regression = p.kernelRegression(0.0);
 *     NtkPrediction after100 = p.gradientDescent(0.5, 100);
 *     NtkPrediction limit = p.gradientDescentLimit(0.5);
 * }
 * }</pre>
 * Cost: the two Grams, one forward pass per data set, an O(N³) eigendecomposition and 2N² doubles.
 * Immutable and thread-safe once built.
 */
public final class NtkPredictor {

    private final DiagonalRnn theta0;
    private final SequenceDataset train;
    private final SequenceDataset test;
    private final Loss loss;
    private final GramMatrix trainGram;
    private final GramMatrix crossGram;
    private final double[] trainTargets;
    private final double[] testTargets;
    private final double[] f0Train;
    private final double[] f0Test;
    private final SymmetricEigen eigen;

    private NtkPredictor(DiagonalRnn theta0, SequenceDataset train, SequenceDataset test, Loss loss,
                         GramMatrix trainGram, GramMatrix crossGram, double[] f0Train, double[] f0Test) {
        this.theta0 = theta0;
        this.train = train;
        this.test = test;
        this.loss = loss;
        this.trainGram = trainGram;
        this.crossGram = crossGram;
        this.trainTargets = modeOutputs(train.targets(), train, loss);
        this.testTargets = modeOutputs(test.targets(), test, loss);
        this.f0Train = f0Train;
        this.f0Test = f0Test;
        this.eigen = SymmetricEigen.of(trainGram, "the train Gram");
    }

    /**
     * Computes K(train, train), K(train, test) and F(Θ0) on both data sets.
     *
     * @param ntk     the kernel function (stays the caller's; not closed)
     * @param backend computes F(Θ0) (stays the caller's)
     * @param theta0  Θ0, the point of linearization (usually the initialization)
     * @param train   the training sequences and targets
     * @param test    the test sequences (targets used only by {@link #testTargets()}); may be
     *                {@code train} itself
     * @param loss    which outputs are fitted
     * @throws IllegalArgumentException when the data's d differs from the model's
     */
    public static NtkPredictor atInitialization(EmpiricalNtk ntk, RnnBackend backend, DiagonalRnn theta0,
                                                SequenceDataset train, SequenceDataset test, Loss loss) {
        Objects.requireNonNull(ntk, "ntk");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(theta0, "theta0");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(loss, "loss");
        GramMatrix k = ntk.gram(theta0, train, loss);
        GramMatrix cross = ntk.gram(theta0, train, test, loss);
        double[] f0Train = modeOutputs(backend.outputs(theta0, train), train, loss);
        double[] f0Test = modeOutputs(backend.outputs(theta0, test), test, loss);
        return new NtkPredictor(theta0, train, test, loss, k, cross, f0Train, f0Test);
    }

    /**
     * The outputs a mode fits, from an n×T array: {@code values[j*T + T−1]} for the last step, all of
     * them for all steps (not modified).
     */
    public static double[] modeOutputs(double[] values, SequenceDataset data, Loss mode) {
        int n = data.size();
        int steps = data.timeSteps();
        if (values.length != n * steps) {
            throw new IllegalArgumentException("values has length " + values.length + " but " + data
                    + " has n*T = " + n * steps + " outputs");
        }
        if (mode == Loss.ALL_STEPS) {
            return values.clone();
        }
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            out[j] = values[j * steps + steps - 1];
        }
        return out;
    }

    /** Kernel regression f = K_{·,train}(K + ρI)^{-1} y (the initial outputs are not subtracted). */
    public NtkPrediction kernelRegression(double ridge) {
        KernelRegression fit = KernelRegression.fit(trainGram, eigen, trainTargets, ridge);
        return new NtkPrediction(String.format(Locale.ROOT, "kernel regression (ridge %.6g)", ridge), loss,
                fit.trainPredictions(), fit.predict(crossGram));
    }

    /** The closed-form linearized GD of this problem with step η (see {@link LinearizedGradientDescent}). */
    public LinearizedGradientDescent dynamics(double stepSize) {
        return LinearizedGradientDescent.of(trainGram, eigen, trainTargets, stepSize);
    }

    /** The linearized network's outputs after k steps of GD with step η from F(Θ0). */
    public NtkPrediction gradientDescent(double stepSize, long k) {
        LinearizedGradientDescent gd = dynamics(stepSize);
        return new NtkPrediction(String.format(Locale.ROOT, "linearized GD (eta %.6g, k = %d)", stepSize, k), loss,
                gd.trainOutputs(k, f0Train), gd.testOutputs(k, crossGram, f0Train, f0Test));
    }

    /** The k → ∞ limit of {@link #gradientDescent(double, long)}; needs η &lt; 2N/λ_max. */
    public NtkPrediction gradientDescentLimit(double stepSize) {
        LinearizedGradientDescent gd = dynamics(stepSize);
        return new NtkPrediction(String.format(Locale.ROOT, "linearized GD (eta %.6g, k -> infinity)", stepSize),
                loss, gd.trainLimit(f0Train), gd.testLimit(crossGram, f0Train, f0Test));
    }

    public DiagonalRnn theta0() {
        return theta0;
    }

    public SequenceDataset train() {
        return train;
    }

    public SequenceDataset test() {
        return test;
    }

    public Loss loss() {
        return loss;
    }

    /** K(train, train) at Θ0. */
    public GramMatrix trainGram() {
        return trainGram;
    }

    /** K(train, test) at Θ0, rows the training outputs. */
    public GramMatrix crossGram() {
        return crossGram;
    }

    /** The fitted targets y in the mode's order (a copy). */
    public double[] trainTargets() {
        return trainTargets.clone();
    }

    /** The test targets in the mode's order (a copy). */
    public double[] testTargets() {
        return testTargets.clone();
    }

    /** F(Θ0) on the training outputs (a copy). */
    public double[] initialTrainOutputs() {
        return f0Train.clone();
    }

    /** F(Θ0) on the test outputs (a copy). */
    public double[] initialTestOutputs() {
        return f0Test.clone();
    }

    /** λ_min of the train Gram, as computed. */
    public double lambdaMin() {
        return eigen.lambdaMin();
    }

    /** λ_max of the train Gram. */
    public double lambdaMax() {
        return eigen.lambdaMax();
    }
}
