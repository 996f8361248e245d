package org.rnntk.kernels.ntk;

import org.rnntk.core.Loss;

/**
 * How the empirical NTK is computed. Both give the same matrix up to rounding (the tests hold them
 * to 1e-10 relative of each other and of naive per-output backward passes); they differ in cost.
 * Notation: n, n' sequences, T steps, d inputs, m neurons, p = m(d + 1).
 */
public enum NtkImplementation {

    /**
     * K = J J'ᵀ with J the Jacobian (rows ∇_Θ F_q, docs/theory.md §5 (1)). Rows come from the
     * forward-mode sensitivities (all steps) or, for the last step, from a scalar backward recursion
     * per neuron, γ_{T,k}^i = σ'(z_k^i) Π_{l=k+1..T} w_i σ'(z_l^i), after which the u-part of a block
     * of rows is one batched GEMM Γᵀ X. The Gram is a GEMM over row blocks; J is never held whole
     * when it exceeds {@link NtkOptions#blockBudgetBytes()}.
     *
     * <p>Cost: Jacobian ≈ one forward pass plus n·T·m·d flops (last step) or the same per row block
     * (all steps); Gram 2·N·N'·p flops (N = outputs). Memory: the Jacobian blocks (bounded by the
     * budget) and the forward state of a block's sequences, 2·T·m doubles per sequence.
     * The default: the best choice unless T² is well below d.
     */
    JACOBIAN_CONTRACTION,

    /**
     * The per-neuron factorization of docs/theory.md §5 (3), last step only:
     * K_u(X, X') = (1/m) ⟨G(X, X'), Γ(X) Γ(X')ᵀ⟩_F with G = X X'ᵀ the T×T input Gram and
     * Γ ∈ R^{T×m} the γ coefficients; the w-part is a plain m-term dot product. No Jacobian is
     * formed: for each tile of sequence pairs, two GEMMs produce the (B·T)×(B'·T) input and
     * coefficient Grams and a block sum contracts them.
     *
     * <p>Cost: n·n'·T²·(m + d) flops for the Gram, versus n·n'·m·d for {@link #JACOBIAN_CONTRACTION}:
     * better only when T² &lt; m·d/(m + d) ≈ d, i.e. short sequences of high-dimensional inputs.
     * Memory: Γ for two sequence blocks (T·m doubles per sequence) and two (B·T)² tiles, bounded by
     * the budget. {@link Loss#ALL_STEPS} is not offered: it would need the T×T triangle of γ per
     * neuron and cost n·n'·m·T³.
     */
    PER_NEURON_FACTORIZED
}
