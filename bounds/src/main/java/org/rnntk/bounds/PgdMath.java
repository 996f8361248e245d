package org.rnntk.bounds;

import org.rnntk.bounds.internal.LogMath;
import org.rnntk.core.ActivationConstants;

/** The §8 formulas in log space; every public entry point of {@link Bounds} goes through here. */
final class PgdMath {

    private PgdMath() {
    }

    /** ln B0 = ln(σ1 S_T(ασ1)(σ0 ν̄_w + ν̄_u)). */
    static double logB0(PgdProblem p) {
        ActivationConstants c = p.activation();
        return Math.log(c.sigma1()) + MuT.logMuT(c, p.alpha(), p.timeSteps())
                + Math.log(c.sigma0() * p.nuBarW() + p.nuBarU());
    }

    /** a = α + ρ_w/√m (a = α for m = +∞, a width past the double range). */
    static double a(PgdProblem p, double m) {
        return p.alpha() + p.rhoW() / Math.sqrt(m);
    }

    /** ln S_T(aσ1). */
    static double logS(PgdProblem p, double a) {
        return MuT.logGeometricSum(p.timeSteps(), a * p.activation().sigma1());
    }

    /** ln Rmax = ln(Ymax + G1 ρ). */
    static double logRmax(PgdProblem p, double logG1) {
        return logRmax(p.yMax(), logG1, p.rho());
    }

    /** ln Rmax = ln(Ymax + G1 ρ) for a given Euclidean radius ρ. */
    static double logRmax(double yMax, double logG1, double rho) {
        return LogMath.logAdd(Math.log(yMax), logG1 + Math.log(rho));
    }

    /**
     * The §8 width terms at width m on the PGD set (a = α + ρ_w/√m, ‖Θ − Θ0‖ ≤ ρ = √(ρ_w² + ρ_u²));
     * {@code logM} = ln m is passed separately so that widths past the double range (m = +∞) keep a
     * finite logarithm.
     */
    static WidthTerms widthTerms(PgdProblem p, double m, double logM, double delta, ResidualBound variant) {
        return widthTerms(p, p.rhoW(), p.rho(), m, logM, delta, variant);
    }

    /**
     * The §8 width terms on a per-neuron set in which every |w_i| ≤ a = α + rhoA/√m and
     * ‖Θ − Θ0‖₂ ≤ rho: for the PGD set rhoA = ρ_w, rho = √(ρ_w² + ρ_u²); for one joint per-neuron
     * ball ‖θ_i − θ_i(0)‖ ≤ ρ/√m (unregularized GD) rhoA = rho = ρ.
     */
    static WidthTerms widthTerms(PgdProblem p, double rhoA, double rho, double m, double logM, double delta,
                                 ResidualBound variant) {
        long n = p.outputCount();
        double logFactor = Math.log(2.0 * n / delta);
        double a = p.alpha() + rhoA / Math.sqrt(m);
        double logS = logS(p, a);
        double logG1 = LemmaConstants.logGradient(p.activation(), logS);
        double logHess = LemmaConstants.logHessian(p.activation(), logS);
        double logB0 = logB0(p);
        double logRmax = logRmax(p.yMax(), logG1, rho);
        double logEpsApp = LogMath.LN2 + logB0 + 0.5 * (Math.log(logFactor) - logM);
        double logLambda = LogMath.LN2 + logHess + 2.0 * Math.log(rho) - 0.5 * logM;
        double logE = LogMath.logAdd(logEpsApp, logLambda - 2.0 * LogMath.LN2);
        double logApprox = LogMath.logAdd(LogMath.logAdd(logB0, Math.log(p.yMax())) + logE,
                2.0 * logE - LogMath.LN2);
        double logResidual = variant == ResidualBound.DESCENT ? Math.log(p.yMax()) : logRmax;
        double logLin = logLambda + logResidual;
        double logBeta = logBeta(logG1, logRmax, logHess, logM);
        return new WidthTerms(p, delta, m, logM, n, logFactor, a, rho, Math.exp(logB0), Math.exp(logG1),
                Math.exp(logHess), Math.exp(logRmax), Math.exp(logEpsApp), Math.exp(logLambda), Math.exp(logE),
                Math.exp(logApprox), Math.exp(logLin), logApprox, logLin, logG1, logRmax, variant,
                Math.exp(logResidual), logResidual, Math.exp(logBeta));
    }

    /** ln β, β = G1² + Rmax M/√m (docs/theory.md §8, the smoothness bound of R̂ on a region). */
    static double logBeta(double logG1, double logRmax, double logHess, double logM) {
        return LogMath.logAdd(2.0 * logG1, logRmax + logHess - 0.5 * logM);
    }

    /** ln G1 at a = α + ρ_w/√m. */
    static double logG1(PgdProblem p, double m) {
        return LemmaConstants.logGradient(p.activation(), logS(p, a(p, m)));
    }

    /** A width and its logarithm, ln m finite even when m = +∞. */
    record Width(double m, double logM) {
        static Width of(double m) {
            return new Width(m, Math.log(m));
        }

        static Width ofLog(double logM) {
            return new Width(Math.exp(logM), logM);
        }
    }
}
