/**
 * The experiments of docs/theory.md §10, each one a function from a validated configuration to a
 * result that writes a CSV of the raw numbers, a PNG figure and a markdown summary
 * ({@link org.rnntk.experiments.ExperimentReport}); the command line runs them as
 * {@code rnntk experiment <name>} (docs/experiments.md).
 *
 * <ul>
 *   <li>{@link org.rnntk.experiments.WidthVsN} — claim 1: the width PGD needs for a fixed
 *       training loss against n, next to {@code Bounds.requiredWidth}.</li>
 *   <li>{@link org.rnntk.experiments.MemoryCutoff} — claim 2: µ_T, the required width and
 *       the measured kernel scale and training outcome against T, across α = 1/σ1.</li>
 *   <li>{@link org.rnntk.experiments.PgdVsGd} — claim 3: loss, drift and kernel change of
 *       GD and PGD from the same Θ(0) at several widths.</li>
 *   <li>{@link org.rnntk.experiments.CertificateVsReality} — claim 5: the RNN's certified
 *       local-PL verdict against what GD does, across widths.</li>
 * </ul>
 *
 * <p>Everything is seeded and the kernels are bit-identical for any thread count, so a CSV is a
 * deterministic function of the configuration; run times appear only in the summary. Progress goes
 * to an {@link org.rnntk.experiments.ExperimentListener}.
 */
package org.rnntk.experiments;
