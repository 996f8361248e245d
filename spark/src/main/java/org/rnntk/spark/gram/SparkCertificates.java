package org.rnntk.spark.gram;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

import org.apache.spark.api.java.JavaSparkContext;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.NtkImplementation;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.kernels.pl.GramRoute;
import org.rnntk.kernels.pl.GramSpectrumSource;
import org.rnntk.kernels.pl.RnnCertificate;
import org.rnntk.kernels.pl.RnnCertificates;

/**
 * The RNN's local-PL verdict (docs/theory.md §9, {@link RnnCertificates}) with its Gram computed by
 * Spark executors: the tiles of the model's Gram on the data are written into a folder
 * ({@link SparkGram}), then the spectrum ends come from them by one of two routes.
 *
 * <ul>
 *   <li>{@link Route#CERTIFIED}: the driver assembles the tiles (N² doubles must fit in half its heap)
 *       and bounds the spectrum as {@link GramRoute#AUTO} does (the full spectrum up to
 *       {@link GramRoute#AUTO_THRESHOLD} outputs, certified Cholesky bounds above). The verdict can
 *       certify convergence. The tiles' entries differ from a single machine's only in the order of
 *       their sums, which the allowance for forming the Gram covers.</li>
 *   <li>{@link Route#ESTIMATE}: λ_min and λ_max by Lanczos on the distributed Gram-vector product
 *       ({@link SparkGramOperator}), never holding K. A Ritz value lies inside the spectrum, so the
 *       λ_min it gives is not a lower bound: the verdict is an estimate, says so in its reasons and
 *       never certifies convergence. A certified lower bound on λ_min without K on one machine would
 *       need a distributed factorization, which this library does not do.</li>
 * </ul>
 *
 * <p>The hypotheses (‖x_t‖ ≤ 1, F(Θ0) = 0, m even) are checked on the driver before any tile is
 * computed. Threads: keeps no state; the context is the caller's.
 */
public final class SparkCertificates {

    /** How the verdict's spectrum ends are obtained from the tiles. */
    public enum Route {
        /** Assemble the Gram on the driver and bound its spectrum with certified allowances. */
        CERTIFIED,
        /** Lanczos on the distributed product: estimates, never a certified verdict. */
        ESTIMATE
    }

    private SparkCertificates() {
    }

    /**
     * Writes the tiles of {@code model}'s Gram on {@code data} into {@code folder} on the context's
     * executors and returns the verdict for GD with step η.
     *
     * @param eta           the GD step η &gt; 0, or NaN for the default η_max/2
     * @param folder        a new folder for the tiles (a local path or a Hadoop file system URI the executors
     *                      can write to); it keeps them after the call
     * @param tileSequences sequences per tile side, ≥ 1
     * @param progress      where the driver reports finished tiles; null for silence
     * @throws IllegalArgumentException for a violated hypothesis (before any tile is computed), or, on
     *                                  the certified route, for a Gram that does not fit the driver
     */
    public static RnnCertificate certify(JavaSparkContext sc, DiagonalRnn model, SequenceDataset data, Loss loss,
                                         double eta, String folder, int tileSequences, Route route,
                                         PrintStream progress) {
        Objects.requireNonNull(sc, "sc");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(route, "route");
        GramProblem problem = GramProblem.of(model, data, null, loss, tileSequences,
                NtkImplementation.JACOBIAN_CONTRACTION, NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES);
        long outputs = loss.outputCount(data.size(), data.timeSteps());
        if (route == Route.CERTIFIED) {
            requireFitsDriver(outputs);
        }
        GramSpectrumSource source = (p, jacobianError) -> {
            SparkGram.write(sc, problem, folder, progress);
            if (route == Route.CERTIFIED) {
                GramMatrix gram = GramTiles.assemble(sc.hadoopConfiguration(), folder);
                return GramSpectrumSource.certified(gram, GramRoute.AUTO).spectrum(p, jacobianError);
            }
            ExtremeEigenvalues e;
            try (SparkGramOperator k = new SparkGramOperator(sc, folder)) {
                e = Lanczos.extremes(k);
            }
            return GramSpectrumSource.estimate(e.lambdaMin(), e.lambdaMax()).spectrum(p, jacobianError);
        };
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 1)) {
            return RnnCertificates.certifyFrom(backend, model, data, loss, eta, source);
        }
    }

    /** The certified route holds the N×N Gram, and its factor, on the driver. */
    private static void requireFitsDriver(long outputs) {
        long bytes = 8 * outputs * outputs;
        long heap = Runtime.getRuntime().maxMemory();
        if (outputs * outputs > Integer.MAX_VALUE - 8L || 4 * bytes > heap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the certified route assembles the N x N"
                    + " Gram on the driver and factors it: N = %d needs 4 x %.3g GB (the Gram, its symmetric part"
                    + " and two factors) but the driver heap is %.3g GB; use Route.ESTIMATE (Lanczos, not"
                    + " certified) or a larger driver heap", outputs, bytes / 1e9, heap / 1e9));
        }
    }
}
