package org.rnntk.kernels.ntk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.rnntk.core.Loss;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.TrainingStatus;

/**
 * The finite network trained by GD from Θ0 against its linearization at Θ0 in closed form
 * (docs/theory.md §5): at chosen steps k, the gap max_q |F_q(Θ(k)) − f_lin,q(k)| on the training
 * and test outputs, and both training losses. In the kernel regime the gap vanishes as the width
 * grows. The network is trained by {@link Training#run} with {@link Optimizers#gradientDescent} on
 * the predictor's loss, so it is the library's own GD that is compared.
 *
 * @param width    m
 * @param stepSize η
 * @param rows     one row per requested step, in increasing k
 */
public record LinearizationGap(int width, double stepSize, List<Row> rows) {

    /**
     * The comparison at step k.
     *
     * @param step            k
     * @param networkLoss     R̂(Θ(k)) of the trained network
     * @param linearizedLoss  R̂ of the linearized network after k steps, (1/(2N)) Σ (f_lin − y)²
     * @param maxGapTrain     max over training outputs of |F(Θ(k)) − f_lin(k)|
     * @param maxGapTest      the same over the test outputs
     * @param rmsGapTrain     the root mean square of the training gap
     * @param rmsGapTest      the root mean square of the test gap
     */
    public record Row(long step, double networkLoss, double linearizedLoss, double maxGapTrain, double maxGapTest,
                      double rmsGapTrain, double rmsGapTest) {

        /** max(maxGapTrain, maxGapTest). */
        public double maxGap() {
            return Math.max(maxGapTrain, maxGapTest);
        }
    }

    public LinearizationGap {
        rows = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(rows, "rows")));
    }

    /**
     * Trains the network from the predictor's Θ0 for max(steps) GD steps of size η and compares.
     *
     * @param backend   computes the loss, gradient and outputs (used by this thread only; stays the
     *                  caller's)
     * @param predictor the kernel quantities at Θ0 and the data
     * @param stepSize  η &gt; 0
     * @param steps     the steps k ≥ 0 to compare at (not modified; sorted and deduplicated)
     * @throws IllegalArgumentException when training diverges or a step is negative
     */
    public static LinearizationGap compare(RnnBackend backend, NtkPredictor predictor, double stepSize, int[] steps) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(steps, "steps");
        if (steps.length == 0) {
            throw new IllegalArgumentException("steps is empty; expected at least one step k >= 0");
        }
        int[] ks = Arrays.stream(steps).peek(k -> Checks.nonNegative("step k", k)).sorted().distinct().toArray();
        int tau = ks[ks.length - 1];
        LinearizedGradientDescent gd = predictor.dynamics(stepSize);
        DiagonalRnn[] snapshots = new DiagonalRnn[ks.length];
        TrainingListener capture = new TrainingListener() {
            @Override
            public void onIteration(int iteration, int total, double loss) {
            }

            @Override
            public void onParameters(int iteration, DiagonalRnn parameters) {
                int at = Arrays.binarySearch(ks, iteration);
                if (at >= 0) {
                    snapshots[at] = parameters;
                }
            }
        };
        TrainingHistory history = Training.run(backend, predictor.theta0(), predictor.train(), predictor.loss(),
                Optimizers.gradientDescent(stepSize), tau, capture);
        if (history.status() != TrainingStatus.COMPLETED) {
            throw new IllegalArgumentException("the finite network's GD with eta = " + stepSize + " stopped: "
                    + history.divergence() + "; use a smaller step size");
        }
        double[] y = predictor.trainTargets();
        double[] f0Train = predictor.initialTrainOutputs();
        double[] f0Test = predictor.initialTestOutputs();
        Loss mode = predictor.loss();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ks.length; i++) {
            double[] netTrain = NtkPredictor.modeOutputs(backend.outputs(snapshots[i], predictor.train()),
                    predictor.train(), mode);
            double[] netTest = NtkPredictor.modeOutputs(backend.outputs(snapshots[i], predictor.test()),
                    predictor.test(), mode);
            double[] linTrain = gd.trainOutputs(ks[i], f0Train);
            double[] linTest = gd.testOutputs(ks[i], predictor.crossGram(), f0Train, f0Test);
            double linLoss = 0;
            for (int q = 0; q < y.length; q++) {
                double r = linTrain[q] - y[q];
                linLoss += r * r;
            }
            linLoss /= 2.0 * y.length;
            rows.add(new Row(ks[i], history.loss(ks[i]), linLoss, maxAbsDiff(netTrain, linTrain),
                    maxAbsDiff(netTest, linTest), rmsDiff(netTrain, linTrain), rmsDiff(netTest, linTest)));
        }
        return new LinearizationGap(predictor.theta0().width(), stepSize, rows);
    }

    /** The largest gap over all rows, train and test. */
    public double maxGap() {
        double best = 0;
        for (Row r : rows) {
            best = Math.max(best, r.maxGap());
        }
        return best;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s = Math.max(s, Math.abs(a[i] - b[i]));
        }
        return s;
    }

    private static double rmsDiff(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }
}
