package org.rnntk.kernels.ntk;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Drift;

/**
 * Kernel-regime diagnostics at one iterate Θ(k) of a training run (docs/theory.md §5).
 *
 * @param iteration            k
 * @param loss                 R̂(Θ(k)) as reported by the training loop
 * @param drift                per-neuron drift from Θ(0), max and mean, in the units ρ/√m
 *                             (√m|w_i − w_i(0)| and √m‖u_i − u_i(0)‖)
 * @param relativeKernelChange ‖K(Θ(k)) − K(Θ(0))‖_F / ‖K(Θ(0))‖_F on the monitored data and mode
 * @param linearizationError   max_q |F_q(Θ(k)) − F_lin,q(Θ(k))| over the mode's outputs, with
 *                             F_lin(Θ) = F(Θ0) + ⟨∇F(Θ0), Θ − Θ0⟩
 * @param maxOutputChange      max_q |F_q(Θ(k)) − F_q(Θ(0))|, the scale the linearization error
 *                             should be read against
 */
public record KernelRegimeRecord(int iteration, double loss, Drift drift, double relativeKernelChange,
                                 double linearizationError, double maxOutputChange)
        implements java.io.Serializable {

    private static final long serialVersionUID = 1L;


    public KernelRegimeRecord {
        Objects.requireNonNull(drift, "drift");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "k=%d loss=%.6g drift max w %.4g u %.4g (mean w %.4g u %.4g) dK/K=%.4g |F-Flin|=%.4g |dF|=%.4g",
                iteration, loss, drift.maxW(), drift.maxU(), drift.meanW(), drift.meanU(), relativeKernelChange,
                linearizationError, maxOutputChange);
    }
}
