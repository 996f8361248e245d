package org.rnntk.kernels.internal;

import java.nio.FloatBuffer;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/**
 * The float32 twin of {@link RecurrenceF64} (keep the two in step): the same tiles, layouts and
 * loops over float arrays. Activations are evaluated in float64 and rounded; output partials and
 * ∂R̂/∂w accumulate in float64. Not API.
 */
public final class RecurrenceF32 {

    private RecurrenceF32() {
    }

    /** As {@link RecurrenceF64#forwardTile}. */
    public static void forwardTile(FloatBuffer tile, float[] h, float[] zKeep, int hBase, float[] w, float[] c,
                                   int cols, int pairs, Activation act, int steps, int r0, int r1,
                                   float[] carry, float[] row, double[] pairScratch, double[] partial,
                                   int pBase) {
        boolean tanh = act == Activations.tanh() && zKeep == null;
        int t = r0 % steps;
        for (int r = r0; r < r1; r++) {
            if (t == 0) {
                java.util.Arrays.fill(carry, 0, cols, 0f);
            }
            tile.get((r - r0) * cols, row, 0, cols);
            if (tanh) {
                for (int k = 0; k < cols; k++) {
                    carry[k] = (float) FastTanh.tanh(w[k] * carry[k] + row[k]);
                }
            } else {
                for (int k = 0; k < cols; k++) {
                    row[k] = w[k] * carry[k] + row[k];
                }
                boolean isTanh = act == Activations.tanh();
                for (int k = 0; k < cols; k++) {
                    carry[k] = (float) (isTanh ? FastTanh.tanh(row[k]) : act.value(row[k]));
                }
                if (zKeep != null) {
                    System.arraycopy(row, 0, zKeep, hBase + r * cols, cols);
                }
            }
            System.arraycopy(carry, 0, h, hBase + r * cols, cols);
            partial[pBase + r] = pairSum(c, carry, cols, pairs, pairScratch);
            if (++t == steps) {
                t = 0;
            }
        }
    }

    /** As {@link RecurrenceF64#pairSum}, accumulated in float64. */
    static double pairSum(float[] c, float[] h, int cols, int pairs, double[] scratch) {
        for (int k = 0; k < pairs; k++) {
            scratch[k] = (double) c[k] * h[k] + (double) c[pairs + k] * h[pairs + k];
        }
        int blocked = pairs & ~7;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        for (int k = 0; k < blocked; k += 8) {
            s0 += scratch[k];
            s1 += scratch[k + 1];
            s2 += scratch[k + 2];
            s3 += scratch[k + 3];
            s4 += scratch[k + 4];
            s5 += scratch[k + 5];
            s6 += scratch[k + 6];
            s7 += scratch[k + 7];
        }
        double s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (int k = blocked; k < pairs; k++) {
            s += scratch[k];
        }
        for (int k = 2 * pairs; k < cols; k++) {
            s += (double) c[k] * h[k];
        }
        return s;
    }

    /** As {@link RecurrenceF64#backwardTile}. */
    public static void backwardTile(FloatBuffer tile, float[] h, float[] z, int hBase, float[] w, float[] c,
                                    int cols, double[] e, double scale, Activation act, int steps, int r0,
                                    int r1, float[] carry, float[] cur, float[] prev, double[] gradW) {
        boolean fromValue = z == null;
        boolean tanh = act == Activations.tanh() && fromValue;
        int t = (r1 - 1) % steps;
        for (int r = r1 - 1; r >= r0; r--) {
            if (t == steps - 1) {
                java.util.Arrays.fill(carry, 0, cols, 0f);
            }
            int hRow = hBase + r * cols;
            float er = (float) (e[r] * scale);
            System.arraycopy(h, hRow, cur, 0, cols);
            if (tanh) {
                for (int k = 0; k < cols; k++) {
                    float hk = cur[k];
                    carry[k] = (er * c[k] + w[k] * carry[k]) * (1f - hk * hk);
                }
            } else {
                if (!fromValue) {
                    System.arraycopy(z, hRow, cur, 0, cols);
                }
                for (int k = 0; k < cols; k++) {
                    float deriv = (float) (fromValue ? act.derivativeFromValue(cur[k]) : act.derivative(cur[k]));
                    carry[k] = (er * c[k] + w[k] * carry[k]) * deriv;
                }
            }
            if (t > 0) {
                System.arraycopy(h, hRow - cols, prev, 0, cols);
                for (int k = 0; k < cols; k++) {
                    gradW[k] += (double) carry[k] * prev[k];
                }
            }
            tile.put((r - r0) * cols, carry, 0, cols);
            if (--t < 0) {
                t = steps - 1;
            }
        }
    }
}
