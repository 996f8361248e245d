package org.rnntk.kernels.feedforward;

import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardBackend;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.core.feedforward.FeedforwardNetwork;

/**
 * The float64 implementation of {@link FeedforwardBackend}: forward pass and backpropagation over
 * the whole batch, layer by layer (docs/theory.md §9):
 * <pre>
 *   Z_ℓ = H_{ℓ−1} W_ℓᵀ + 1 b_ℓᵀ,   H_ℓ = φ(Z_ℓ)  (H_0 = X, n×d),   F = H_{L−1} w_L + b_L
 *   e = (2/n)(F − y),   ∇w_L = H_{L−1}ᵀ e,   ∇b_L = Σ_i e_i,   Δ_{L−1} = (e w_Lᵀ) ∘ φ'(Z_{L−1})
 *   ∇W_ℓ = Δ_ℓᵀ H_{ℓ−1},   ∇b_ℓ = Δ_ℓᵀ 1,   Δ_{ℓ−1} = (Δ_ℓ W_ℓ) ∘ φ'(Z_{ℓ−1})
 * </pre>
 * The three products per layer go through ND4J DGEMM when they have at least 2^18 multiply-adds and
 * through Java loops otherwise. Buffers are reused while the data set and architecture stay the
 * same.
 *
 * <p>Thread rule: an instance may be shared by any number of threads; its buffers belong to the
 * call in progress, so every public method holds the instance's lock for the whole call and a
 * second thread's call waits (results are those of the same call made alone, bit for bit). The
 * large products run as one GEMM on the calling thread, on OpenBLAS's process-wide count
 * ({@code internal.BlasThreads}: not one lowered by a kernel call that just ended), or on the count
 * given to {@link #create(int)} (at most: fewer while a concurrent library call asked for fewer).
 * {@link #close()} waits for a call in progress; every call after it throws
 * {@link IllegalStateException}.
 */
public final class Nd4jFeedforwardBackend implements FeedforwardBackend {

    private final DenseOps ops;
    private final int threads;
    private FeedforwardConfig cachedConfig;
    private int cachedN = -1;
    private double[][] z;
    private double[][] h;
    private double[][] delta;
    private double[] scratch;
    private boolean closed;

    private Nd4jFeedforwardBackend(int threads) {
        this.threads = threads;
        this.ops = new DenseOps(threads);
    }

    /** A new backend whose GEMMs run on OpenBLAS's process-wide count. */
    public static Nd4jFeedforwardBackend create() {
        return new Nd4jFeedforwardBackend(0);
    }

    /** A new backend whose GEMMs run on {@code threads} OpenBLAS threads, &gt;= 1. */
    public static Nd4jFeedforwardBackend create(int threads) {
        return new Nd4jFeedforwardBackend(Checks.positive("threads", threads));
    }

    /** The OpenBLAS threads of the GEMMs; 0 for OpenBLAS's process-wide count. */
    public int threads() {
        return threads;
    }

    @Override
    public synchronized double[] outputs(FeedforwardNetwork network, FeedforwardData data) {
        requireOpen();
        return forward(network, data).clone();
    }

    @Override
    public synchronized double loss(FeedforwardNetwork network, FeedforwardData data) {
        requireOpen();
        double[] f = forward(network, data);
        double s = 0;
        for (int i = 0; i < data.n(); i++) {
            double r = f[i] - data.target(i);
            s += r * r;
        }
        return s / data.n();
    }

    @Override
    public synchronized double lossAndGradientInto(FeedforwardNetwork network, FeedforwardData data,
                                                   double[] gradient) {
        requireOpen();
        FeedforwardConfig cfg = network.config();
        Checks.length("gradient", gradient, cfg.parameterCount(), "p of " + cfg);
        double[] f = forward(network, data);
        double[] theta = network.parameters();
        int n = data.n();
        int layers = cfg.depth();
        FeedforwardActivation phi = cfg.activation();
        double[] e = new double[n];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double r = f[i] - data.target(i);
            loss += r * r;
            e[i] = 2.0 * r / n;
        }
        loss /= n;
        // Output layer: ∇w_L = H_{L−1}ᵀ e.
        int last = cfg.width(layers - 1);
        int outOff = cfg.weightOffset(layers);
        double[] hLast = h[layers - 1];
        for (int j = 0; j < last; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += hLast[i * last + j] * e[i];
            }
            gradient[outOff + j] = s;
        }
        if (cfg.biases()) {
            double s = 0;
            for (double v : e) {
                s += v;
            }
            gradient[cfg.biasOffset(layers)] = s;
        }
        double[] dLast = delta[layers - 1];
        double[] zLast = z[layers - 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < last; j++) {
                dLast[i * last + j] = e[i] * theta[outOff + j] * phi.derivative(zLast[i * last + j]);
            }
        }
        for (int l = layers - 1; l >= 1; l--) {
            int out = cfg.width(l);
            int in = cfg.width(l - 1);
            double[] d = delta[l];
            int wOff = cfg.weightOffset(l);
            // ∇W_ℓ = Δ_ℓᵀ H_{ℓ−1}: (out×n)(n×in).
            ops.multiply(d, true, h[l - 1], false, scratch, out, n, in);
            System.arraycopy(scratch, 0, gradient, wOff, out * in);
            if (cfg.biases()) {
                int bOff = cfg.biasOffset(l);
                for (int j = 0; j < out; j++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += d[i * out + j];
                    }
                    gradient[bOff + j] = s;
                }
            }
            if (l > 1) {
                // Δ_{ℓ−1} = (Δ_ℓ W_ℓ) ∘ φ'(Z_{ℓ−1}): (n×out)(out×in).
                double[] w = new double[out * in];
                System.arraycopy(theta, wOff, w, 0, out * in);
                double[] prev = delta[l - 1];
                ops.multiply(d, false, w, false, prev, n, out, in);
                double[] zPrev = z[l - 1];
                for (int k = 0; k < n * in; k++) {
                    prev[k] *= phi.derivative(zPrev[k]);
                }
            }
        }
        return loss;
    }

    /** Runs the forward pass into the cached buffers and returns F (length n, owned by this backend). */
    private double[] forward(FeedforwardNetwork network, FeedforwardData data) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        FeedforwardConfig cfg = network.config();
        data.requireInputDim(cfg.inputDim());
        allocate(cfg, data.n());
        int n = data.n();
        int layers = cfg.depth();
        double[] theta = network.parameters();
        FeedforwardActivation phi = cfg.activation();
        h[0] = data.x();
        for (int l = 1; l <= layers; l++) {
            int out = cfg.width(l);
            int in = cfg.width(l - 1);
            double[] w = new double[out * in];
            System.arraycopy(theta, cfg.weightOffset(l), w, 0, out * in);
            double[] zl = z[l];
            ops.multiply(h[l - 1], false, w, true, zl, n, in, out);
            if (cfg.biases()) {
                int bOff = cfg.biasOffset(l);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < out; j++) {
                        zl[i * out + j] += theta[bOff + j];
                    }
                }
            }
            if (l < layers) {
                double[] hl = h[l];
                for (int k = 0; k < n * out; k++) {
                    hl[k] = phi.value(zl[k]);
                }
            }
        }
        return z[layers];
    }

    private void allocate(FeedforwardConfig cfg, int n) {
        if (cfg.equals(cachedConfig) && n == cachedN) {
            return;
        }
        int layers = cfg.depth();
        z = new double[layers + 1][];
        h = new double[layers][];
        delta = new double[layers][];
        int maxBlock = 0;
        for (int l = 1; l <= layers; l++) {
            z[l] = new double[n * cfg.width(l)];
            if (l < layers) {
                h[l] = new double[n * cfg.width(l)];
                delta[l] = new double[n * cfg.width(l)];
            }
            maxBlock = Math.max(maxBlock, cfg.width(l) * cfg.width(l - 1));
        }
        scratch = new double[maxBlock];
        cachedConfig = cfg;
        cachedN = n;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Nd4jFeedforwardBackend has been closed");
        }
    }

    /** Waits for a call in progress, then frees the native buffers. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        ops.close();
        z = null;
        h = null;
        delta = null;
        cachedConfig = null;
        cachedN = -1;
    }
}
