package org.rnntk.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.Activations;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.TrainingStatus;
import org.rnntk.kernels.Nd4jBackend;

/**
 * Each experiment's core at a tiny size: it writes a CSV with the expected columns, a PNG that is a
 * valid image and a summary; the CSV is a deterministic function of the configuration.
 */
class ExperimentsTest {

    private static Nd4jBackend backend;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    /** Writes the report and checks the files; returns the main CSV's lines. */
    private List<String> checkOutput(ExperimentReport report, String... columns) throws IOException {
        List<Path> files = report.writeTo(dir);
        assertEquals(3, files.size());
        Path csv = dir.resolve(report.name() + ".csv");
        Path png = dir.resolve(report.name() + ".png");
        Path md = dir.resolve(report.name() + ".md");
        assertEquals(List.of(csv, png, md), files);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(String.join(",", columns), lines.get(0));
        assertTrue(lines.size() > 1, "no data rows in " + csv);
        for (String line : lines) {
            assertEquals(columns.length, line.split(",", -1).length, "row '" + line + "' of " + csv);
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not a readable image");
        assertTrue(image.getWidth() >= Charts.PANEL_WIDTH && image.getHeight() >= Charts.PANEL_HEIGHT,
                "image " + image.getWidth() + "x" + image.getHeight());
        String summary = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("# " + report.name()), summary);
        assertTrue(summary.contains("deterministic"), summary);
        return lines;
    }

    @Test
    void widthVsNWritesItsFilesAndIsDeterministic() throws IOException {
        WidthVsN.Config config = WidthVsN.Config.tiny();
        List<ExperimentStage> stages = new ArrayList<>();
        WidthVsN.Result result = WidthVsN.run(config, stage -> {
            stages.add(stage);
            return org.rnntk.core.TrainingListener.NONE;
        }, backend);
        List<String> lines = checkOutput(result, "n", "seed", "m", "initial_loss", "target_loss", "image_loss",
                "pgd_trained", "pgd_min_loss", "pgd_last_loss", "pgd_max_drift_w", "pgd_max_drift_u", "pgd_reached");
        assertFalse(stages.isEmpty());
        assertTrue(stages.stream().allMatch(s -> s.fractionDone() >= 0 && s.fractionDone() <= 1));
        assertEquals(config.samples().size(), result.perN().size());
        assertTrue(Files.exists(dir.resolve("width-vs-n-summary.csv")));
        for (WidthVsN.Run r : result.runs()) {
            if (r.trained()) {
                // PGD keeps the drift within the radii (units 1/sqrt(m)).
                assertTrue(r.maxDriftW() <= config.rhoW() + 1e-9 && r.maxDriftU() <= config.rhoU() + 1e-9, r.toString());
            }
        }
        for (WidthVsN.PerN p : result.perN()) {
            assertTrue(p.theory().log10Width() > 3, "explicit-constant widths are large: " + p.theory().log10Width());
        }
        WidthVsN.Result again = WidthVsN.run(config, ExperimentListener.NONE, backend);
        assertEquals(String.join("\n", lines) + "\n", again.table().toCsv());
        assertEquals(result.extraTables().get("summary").toCsv(), again.extraTables().get("summary").toCsv());
    }

    @Test
    void memoryCutoffWritesItsFilesAndShowsTheCutoffInTheTheory() throws IOException {
        MemoryCutoff.Config config = MemoryCutoff.Config.tiny();
        MemoryCutoff.Result result = MemoryCutoff.run(config, ExperimentListener.NONE, backend);
        List<String> lines = checkOutput(result, "activation", "sigma1", "alpha", "alpha_sigma1", "regime", "T",
                "mu_T", "log10_mu_T", "theory_log10_width", "theory_dominant_term", "kernel_scale", "initial_loss",
                "pgd_min_loss", "pgd_last_loss", "pgd_loss_ratio", "pgd_diverged");
        assertEquals(1 + 2 * 2 * 2, lines.size());
        for (MemoryCutoff.Row r : result.rows()) {
            if (r.ratio() < 1) {
                assertTrue(r.muT() <= 1 / (1 - r.ratio()) + 1e-12, r.toString());
            } else {
                assertTrue(r.muT() >= Math.pow(r.ratio(), r.timeSteps() - 1) - 1e-12, r.toString());
            }
            assertTrue(r.kernelScale() > 0, r.toString());
        }
        assertEquals(String.join("\n", lines) + "\n",
                MemoryCutoff.run(config, ExperimentListener.NONE, backend).table().toCsv());
    }

    @Test
    void memoryCutoffSettingsDeclareAYMaxThatCoversTheirData() {
        // The bound of every cell is computed before any training; a declared Ymax below a cell's largest
        // target is refused there. The named settings must pass that check in every cell.
        for (MemoryCutoff.Config config : List.of(MemoryCutoff.Config.defaults(), MemoryCutoff.Config.paper())) {
            for (MemoryCutoff.Cell cell : MemoryCutoff.cells(config)) {
                assertTrue(MemoryCutoff.theory(config, cell).log10Width() > 0, cell.toString());
            }
        }
    }

    @Test
    void positiveVsRandomWritesItsFilesAndCurvesStartAtTheirInitialLoss() throws IOException {
        PositiveVsRandom.Config config = PositiveVsRandom.Config.tiny();
        PositiveVsRandom.Result result = PositiveVsRandom.run(config, ExperimentListener.NONE);
        checkOutput(result, "hidden_widths", "initialization", "seed", "step", "k", "loss");
        assertTrue(Files.exists(dir.resolve("positive-vs-random-tuned.csv")));
        PositiveVsRandom.Architecture a = result.architectures().get(0);
        assertEquals(4, a.rows().size());
        assertEquals(4 * config.seeds(), a.curves().size());
        for (var curve : a.curves()) {
            double[] l = curve.losses();
            assertTrue(l.length >= 2 && l[l.length - 1] < l[0], curve.initialization() + " did not descend");
        }
        assertEquals(result.table().toCsv(), PositiveVsRandom.run(config, ExperimentListener.NONE).table().toCsv());
    }

    @Test
    void pgdVsGdWritesItsFilesAndPgdStaysWithinItsRadius() throws IOException {
        PgdVsGd.Config config = PgdVsGd.Config.tiny();
        PgdVsGd.Result result = PgdVsGd.run(config, ExperimentListener.NONE, backend);
        List<String> lines = checkOutput(result, "optimizer", "m", "k", "loss", "max_drift_w", "max_drift_u",
                "mean_drift_w", "mean_drift_u", "relative_kernel_change", "linearization_error", "max_output_change",
                "eta", "step_rule");
        for (PgdVsGd.Row r : result.rows()) {
            if (r.optimizer().equals("PGD")) {
                assertTrue(r.record().drift().maxW() <= config.rho() + 1e-9, r.toString());
                assertTrue(r.record().drift().maxU() <= config.rho() + 1e-9, r.toString());
            }
        }
        assertEquals(String.join("\n", lines) + "\n",
                PgdVsGd.run(config, ExperimentListener.NONE, backend).table().toCsv());
    }

    @Test
    void certificateVsRealityWritesItsFilesAndIsDeterministic() throws IOException {
        CertificateVsReality.Config config = CertificateVsReality.Config.tiny();
        CertificateVsReality.Result result = CertificateVsReality.run(config, ExperimentListener.NONE, backend);
        List<String> lines = checkOutput(result, "m", "lambda_min", "certified_lambda_min", "f0", "best_radius",
                "alpha_lower_bound", "beta_upper_bound", "flow_criterion", "gd_criterion", "certified", "gd_radius_R",
                "width_to_pass", "certified_contraction", "gd_final_loss", "gd_min_loss", "gd_final_over_f0",
                "observed_contraction", "min_pl_ratio_along_gd", "distance_travelled", "gd_status");
        assertEquals(1 + config.widths().size(), lines.size());
        for (CertificateVsReality.Row r : result.rows()) {
            assertEquals(TrainingStatus.COMPLETED, r.gdStatus(), r.toString());
            assertTrue(r.lambdaMin() >= r.certifiedLambdaMin(), r.toString());
            assertTrue(r.finalLoss() < r.f0(), "GD with a small step decreases the loss: " + r);
        }
        assertEquals(String.join("\n", lines) + "\n",
                CertificateVsReality.run(config, ExperimentListener.NONE, backend).table().toCsv());
    }

    @Test
    void projectionRadiusKeepsDriftWithinEachRadiusAndTheBoundsRefuseRhoBelowNuBar() throws IOException {
        ProjectionRadius.Config config = ProjectionRadius.Config.tiny();
        ProjectionRadius.Result result = ProjectionRadius.run(config, ExperimentListener.NONE, backend);
        List<String> lines = checkOutput(result, "rho_over_nubar", "rho", "m", "k", "loss", "max_drift_w",
                "max_drift_u", "relative_kernel_change", "linearization_error");
        assertTrue(Files.exists(dir.resolve("projection-radius-summary.csv")));
        assertTrue(Files.exists(dir.resolve("projection-radius-scan.csv")));
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            double rho = Double.parseDouble(f[1]);
            assertTrue(Double.parseDouble(f[5]) <= rho + 1e-9 && Double.parseDouble(f[6]) <= rho + 1e-9,
                    "PGD drift within rho: " + lines.get(i));
        }
        assertEquals(config.radiusFactors().size(), result.perRadius().size());
        double previous = Double.NEGATIVE_INFINITY;
        for (ProjectionRadius.PerRadius p : result.perRadius()) {
            if (p.factor() < 1) {
                assertTrue(p.theory() == null && p.refusal().contains("rho >= nuBar"), p.refusal());
            } else {
                // The bound's width grows with the radius (lambda_m Rmax and the linearization term grow with rho).
                assertTrue(p.theory().log10Width() >= previous, p.factor() + ": " + p.theory().log10Width());
                previous = p.theory().log10Width();
            }
            assertTrue(p.last().loss() < result.initialLoss(), "PGD lowers the loss at rho/nuBar " + p.factor());
        }
        assertEquals(String.join("\n", lines) + "\n",
                ProjectionRadius.run(config, ExperimentListener.NONE, backend).table().toCsv());
    }

    @Test
    void nonSmoothReportsTheKernelChangeOfEveryActivationAndTheBoundsRefuseReluWithTheReason() throws IOException {
        NonSmooth.Config config = NonSmooth.Config.tiny();
        NonSmooth.Result result = NonSmooth.run(config, ExperimentListener.NONE, backend);
        List<String> lines = checkOutput(result, "activation", "m", "k", "loss", "max_drift_w", "max_drift_u",
                "relative_kernel_change", "linearization_error");
        String summary = Files.readString(dir.resolve("non-smooth-summary.csv"), StandardCharsets.UTF_8);
        for (var act : config.activations()) {
            for (int m : config.widths()) {
                var last = result.last(act.name(), m);
                assertTrue(Double.isFinite(last.relativeKernelChange()) && last.relativeKernelChange() > 0,
                        act.name() + " m=" + m + " reports its kernel change: " + last);
                assertTrue(summary.contains(act.name() + "," + m + ","), summary);
            }
        }
        // ReLU trains: GD lowers the loss at the widest width.
        int mMax = config.widths().get(config.widths().size() - 1);
        assertTrue(result.last("relu", mMax).loss() < result.initialLoss());
        for (NonSmooth.BoundRow b : result.bounds()) {
            switch (b.activation()) {
                case "tanh" -> assertTrue(b.refusal().isEmpty() && b.width() != null, b.toString());
                case "relu" -> assertTrue(b.refusal().contains("not C^2") && b.refusal().contains("sigma0 (Infinity)")
                        && b.diagnosticWidth() == null, b.refusal());
                default -> assertTrue(b.refusal().contains("sup|sigma| is infinite") && b.diagnosticWidth() != null,
                        b.refusal());
            }
        }
        // The diagnostic bound grows with the sharpness: sigma2 = beta/4 enters it.
        NonSmooth.BoundRow soft1 = result.bounds().stream().filter(b -> b.activation().equals("softplus1")).findFirst()
                .orElseThrow();
        NonSmooth.BoundRow soft16 = result.bounds().stream().filter(b -> b.activation().equals("softplus16"))
                .findFirst().orElseThrow();
        assertEquals(0.25, soft1.sigma2(), 1e-15);
        assertEquals(4.0, soft16.sigma2(), 1e-15);
        assertTrue(soft16.diagnosticWidth().log10Width() > soft1.diagnosticWidth().log10Width());
        assertEquals(String.join("\n", lines) + "\n",
                NonSmooth.run(config, ExperimentListener.NONE, backend).table().toCsv());
    }

    @Test
    void gatingStartsBothModelsAtTheSameLossAndReportsTheGate() throws IOException {
        Gating.Config config = Gating.Config.tiny();
        Gating.Result result = Gating.run(config, ExperimentListener.NONE);
        List<String> lines = checkOutput(result, "model", "alpha", "alpha_sigma1", "k", "loss", "gradient_norm",
                "mean_gate", "mean_bptt_factor");
        assertTrue(Files.exists(dir.resolve("gating-summary.csv")));
        assertEquals(2 * config.alphas().size(), result.outcomes().size());
        double gate0 = 1 / (1 + Math.exp(-config.gateBias()));
        for (Gating.Outcome o : result.outcomes()) {
            Gating.Outcome plain = result.outcomes().stream()
                    .filter(p -> p.model().equals("plain") && p.alpha() == o.alpha()).findFirst().orElseThrow();
            // F(Theta0) = 0 for both (symmetric pairs), so they start at the same loss.
            assertEquals(plain.initialLoss(), o.initialLoss(), 1e-15);
            assertEquals(o.model().equals("gated") ? gate0 : 1.0, o.first().meanGate(), 1e-12);
            assertEquals(Math.log10(org.rnntk.bounds.Bounds.muT(o.alpha(), 1.0, config.timeSteps())), o.log10MuT(),
                    1e-9);
            if (!o.diverged()) {
                assertEquals(config.iterations(), o.lastIteration());
                assertTrue(o.minLoss() <= o.initialLoss(), o.toString());
            }
            if (o.alpha() < 1) {
                assertTrue(!o.diverged() && o.finalLoss() < o.initialLoss(), "below the cutoff GD descends: " + o);
            }
        }
        assertEquals(String.join("\n", lines) + "\n", Gating.run(config, ExperimentListener.NONE).table().toCsv());
    }

    @Test
    void denseVsDiagonalComparesAtEqualWidthAndEqualParametersAndShowsTheMemoryRegimes() throws IOException {
        DenseVsDiagonal.Config config = DenseVsDiagonal.Config.tiny();
        DenseVsDiagonal.Result result;
        String again;
        try (var dense = org.rnntk.kernels.dense.Nd4jDenseBackend.create()) {
            result = DenseVsDiagonal.run(config, ExperimentListener.NONE, backend, dense);
            again = DenseVsDiagonal.run(config, ExperimentListener.NONE, backend, dense).table().toCsv();
        }
        List<String> lines = checkOutput(result, "model", "m", "parameters", "k", "loss", "max_drift_w",
                "max_drift_u", "relative_kernel_change", "linearization_error");
        assertTrue(Files.exists(dir.resolve("dense-vs-diagonal-memory.csv")));
        int m = config.widths().get(0);
        int d = config.inputDim();
        assertEquals(3, result.runs().size());
        for (DenseVsDiagonal.Run r : result.runs()) {
            long expected = r.model().equals("dense") ? (long) m * (m + d) : (long) r.width() * (1 + d);
            assertEquals(expected, r.parameters(), r.toString());
            assertTrue(r.lambdaMin() <= r.lambdaMax() && r.lambdaMax() > 0, r.toString());
            assertTrue(Double.isFinite(r.last().relativeKernelChange()), r.toString());
            assertTrue(r.last().loss() < result.initialLoss(), "GD descends: " + r);
        }
        DenseVsDiagonal.Run eq = result.runs().stream().filter(r -> r.model().equals("diagonal-equal-p")).findFirst()
                .orElseThrow();
        assertTrue(Math.abs(eq.parameters() - (long) m * (m + d)) <= 1 + d, "equal parameter count: " + eq);
        // Above the cutoff the T = 8 kernel scale exceeds the T = 1 one for both models; below it stays bounded.
        for (String model : new String[]{"dense", "diagonal"}) {
            double below = result.kernelScale(model, 0.5, 8) / result.kernelScale(model, 0.5, 1);
            double above = result.kernelScale(model, 1.5, 8) / result.kernelScale(model, 1.5, 1);
            assertTrue(above > below, model + ": growth above the cutoff " + above + " vs below " + below);
        }
        assertEquals(String.join("\n", lines) + "\n", again);
    }

    @Test
    void theScaleTestSeparatesALogarithmFromAPowerLaw() {
        // Student t interval: mean 3, s = sqrt(2.5), t(4, 0.975) = 2.7764451.
        Stats.Interval ci = Stats.meanInterval(new double[]{1, 2, 3, 4, 5, Double.NaN}, 0.95);
        assertEquals(3.0, ci.mean(), 1e-15);
        assertEquals(3 - 2.7764451 * Math.sqrt(2.5 / 5), ci.low(), 1e-6);
        assertEquals(5, ci.count());
        List<Integer> ns = Grids.doubling(16, 16384);
        double[] offsets = {0.9, 1.0, 1.1, 0.95, 1.05};
        WidthVsN.Result log = syntheticScan(ns, offsets, (n, o) -> o * (10 + 6 * Math.log(n)));
        WidthVsN.Result.ScaleTest lt = log.scaleTest();
        assertEquals(5, lt.seedsUsed());
        assertEquals(6 * Math.log(2), lt.perDoubling().mean(), 0.2 * 6 * Math.log(2));
        assertTrue(lt.powerLawRejected(), "a logarithm bends in log-log: " + lt);
        assertEquals(0.0, lt.perDoublingChange().mean(), 1e-9, "a logarithm adds the same per doubling: " + lt);
        assertTrue(!lt.logarithmRejected(), "a logarithm is not rejected: " + lt);
        WidthVsN.Result pow = syntheticScan(ns, offsets, (n, o) -> o * 8 * Math.pow(n, 0.1));
        WidthVsN.Result.ScaleTest pt = pow.scaleTest();
        assertEquals(0.1, pt.exponent().mean(), 1e-9);
        assertTrue(!pt.powerLawRejected(), "a power law does not bend: " + pt);
        assertTrue(pt.logarithmRejected() && pt.perDoublingChange().low() > 0,
                "a power law adds more per doubling at large n: " + pt);
        // Growth that stops: a logarithm up to n = 512, flat above (the shape of the scale run).
        WidthVsN.Result sat = syntheticScan(ns, offsets, (n, o) -> o * (10 + 6 * Math.log(Math.min(n, 512))));
        WidthVsN.Result.ScaleTest st = sat.scaleTest();
        assertTrue(st.logarithmRejected() && st.perDoublingChange().high() < 0, "saturation slows down: " + st);
        assertTrue(st.powerLawRejected(), "saturation bends in log-log too: " + st);
    }

    private static WidthVsN.Result syntheticScan(List<Integer> ns, double[] offsets,
                                                 java.util.function.DoubleBinaryOperator width) {
        List<Long> seeds = new ArrayList<>();
        for (int s = 0; s < offsets.length; s++) {
            seeds.add((long) s + 1);
        }
        WidthVsN.Config c = new WidthVsN.Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 5, 4, 1, 1, 1, 1, ns,
                seeds, List.of(4, 8), 1, 10, 0.1, 0.05, 1, null);
        List<WidthVsN.PerN> per = new ArrayList<>();
        for (int n : ns) {
            double[] w = new double[offsets.length];
            for (int s = 0; s < w.length; s++) {
                w[s] = width.applyAsDouble(n, offsets[s]);
            }
            per.add(new WidthVsN.PerN(n, w, Stats.median(w), w, Stats.median(w), 0.1, 1, null, null));
        }
        return new WidthVsN.Result(c, List.of(), per, 0);
    }

    @Test
    void badConfigurationsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WidthVsN.Config(
                Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 3, 2, 1, 1, 0.5, 1, List.of(4), List.of(1L),
                List.of(4, 8), 1, 10, 0.1, 0.05, 1, null));
        assertTrue(e.getMessage().contains("must be >= the teacher's nuBar"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PgdVsGd.Config(Activations.tanh(), 0.5,
                RecurrentLaw.UNIFORM, 4, 3, 2, 1, 1, List.of(8, 15), 1, 10, 5, 1));
        assertTrue(e.getMessage().contains("width m (15) must be even"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MemoryCutoff.Config(List.of(Activations.tanh()),
                List.of(1.5, 0.5), List.of(1), RecurrentLaw.CONSTANT, 4, 2, 16, 1, 10, 1, 0.1, 0.05, 1, 1));
        assertTrue(e.getMessage().contains("must be strictly increasing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CsvTable("a", "b").add(1));
        assertThrows(IllegalArgumentException.class, () -> new CsvTable("a").add("x,y"));
    }

    @Test
    void csvFormatsNumbersPortably() {
        CsvTable t = new CsvTable("i", "x", "nan", "inf", "flag").add(3, 0.1234567891, Double.NaN,
                Double.POSITIVE_INFINITY, true);
        assertEquals("i,x,nan,inf,flag\n3,0.123457,NaN,Infinity,true\n", t.toCsv());
        assertEquals(List.of(4, 6, 8, 12, 16), Grids.evenGeometric(4, 16, Math.sqrt(2)));
        Stats.Line line = Stats.fit(new double[]{1, 2, 3}, new double[]{3, 5, 7});
        assertEquals(2.0, line.slope(), 1e-12);
        assertEquals(1.0, line.intercept(), 1e-12);
        assertEquals(2.5, Stats.median(new double[]{4, 1, Double.NaN, 2, 3}), 0.0);
    }
}
