package org.rnntk.kernels.internal;

/**
 * tanh in float64 without branches or calls, so that C2 vectorizes the loops that use it (AVX2 /
 * AVX-512), which {@link Math#tanh} prevents (docs/design/fast-tanh.md). Not API.
 *
 * <p>Method: clamp to |x| ≤ 19.1 (tanh(19.1) rounds to 1), halve, evaluate the n = 22 convergent of
 * Lambert's continued fraction tanh c = c/(1 + c²/(3 + c²/(5 + …))) as c·(1 + y·M(y)/A(y)) with
 * y = c² (no cancellation for small |c|; truncation error ≤ 5e-20 relative on |c| ≤ 9.55), then
 * double back with tanh 2c = 2t/(1 + t²), whose relative condition number is ≤ 1. The coefficients
 * come from {@code benchmarks/scripts/tanh_coefficients.py}. Error:
 * within 4 ulp of {@link StrictMath#tanh} (fdlibm), checked on a dense grid by {@code FastTanhTest};
 * NaN gives NaN, ±∞ gives ±1 and
 * ±0 gives ±0.
 *
 * <p>{@link #tanhFloat} is the same method in float32 arithmetic, for the float32 kernels: clamp at
 * 9.1 (tanh 9.1 rounds to 1 in float32), the n = 11 convergent (truncation error ≤ 1.2e-11 relative on
 * |c| ≤ 4.55; {@code tanh_coefficients.py --float32}); no conversion to float64, so C2 vectorizes its
 * loops over float arrays at twice the width. Error within 3 ulp (float32) of tanh rounded to float32,
 * checked by {@code FastTanhTest} on every 97th float in [−12, 12] (worst seen on every 7th: 3 ulp).
 */
public final class FastTanh {

    /** Beyond this |x|, tanh(x) rounds to ±1 in float64. */
    static final double CLAMP = 19.1;

    static final double M0 = -0.3333333333333333;
    static final double M1 = -0.02962962962962963;
    static final double M2 = -0.0008416389811738649;
    static final double M3 = -1.088412508340661e-05;
    static final double M4 = -7.39985194093301e-08;
    static final double M5 = -2.823472918638987e-10;
    static final double M6 = -6.162341687505725e-13;
    static final double M7 = -7.532274025981023e-16;
    static final double M8 = -4.795590424011687e-19;
    static final double M9 = -1.3460739685379387e-22;
    static final double M10 = -1.0837954658115448e-26;

    static final double A1 = 0.4888888888888889;
    static final double A2 = 0.03617571059431524;
    static final double A3 = 0.000957963068002773;
    static final double A4 = 1.1930675572195709e-05;
    static final double A5 = 7.919841536782357e-08;
    static final double A6 = 2.971369119139124e-10;
    static final double A7 = 6.40243292208387e-13;
    static final double A8 = 7.744878534778874e-16;
    static final double A9 = 4.887459972364401e-19;
    static final double A10 = 1.361030345966138e-22;
    static final double A11 = 1.0877365402326777e-26;

    /** Beyond this |x|, tanh(x) rounds to ±1 in float32. */
    private static final float CLAMP_F = 9.1f;

    private static final float FM0 = -0.333333343f;
    private static final float FM1 = -0.0260869563f;
    private static final float FM2 = -0.000552104902f;
    private static final float FM3 = -4.03585454e-06f;
    private static final float FM4 = -9.24947585e-09f;
    private static final float FM5 = -3.16221398e-12f;

    private static final float FA1 = 0.478260875f;
    private static final float FA2 = 0.0310559012f;
    private static final float FA3 = 0.000610221177f;
    private static final float FA4 = 4.27325767e-06f;
    private static final float FA5 = 9.49612833e-09f;
    private static final float FA6 = 3.16221398e-12f;

    private FastTanh() {
    }

    /** tanh(x) to within 4 ulp. */
    public static double tanh(double x) {
        double c = Math.min(Math.max(x, -CLAMP), CLAMP) * 0.5;
        double y = c * c;
        double num = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(
                M10, y, M9), y, M8), y, M7), y, M6), y, M5), y, M4), y, M3), y, M2), y, M1), y, M0);
        double den = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(
                A11, y, A10), y, A9), y, A8), y, A7), y, A6), y, A5), y, A4), y, A3), y, A2), y, A1), y, 1.0);
        double t = c * Math.fma(y, num / den, 1.0);
        return 2.0 * t / Math.fma(t, t, 1.0);
    }

    /** tanh(x) in float32 arithmetic, to within 3 ulp of tanh rounded to float32. */
    public static float tanhFloat(float x) {
        float c = Math.min(Math.max(x, -CLAMP_F), CLAMP_F) * 0.5f;
        float y = c * c;
        float num = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(FM5, y, FM4), y, FM3), y, FM2), y, FM1), y, FM0);
        float den = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(FA6, y, FA5), y, FA4), y, FA3), y, FA2), y,
                FA1), y, 1.0f);
        float t = c * Math.fma(y, num / den, 1.0f);
        return 2.0f * t / Math.fma(t, t, 1.0f);
    }

    /** {@code dst[i] = tanh(src[i])} for i in [from, to) (src not modified, dst modified; may alias). */
    public static void tanh(double[] src, double[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = tanh(src[i]);
        }
    }
}
