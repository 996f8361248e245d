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
                "mean_drift_w", "mean_drift_u", "relative_kernel_change", "linearization_error", "max_output_change");
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
    void badConfigurationsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WidthVsN.Config(
                Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 3, 2, 1, 1, 0.5, 1, List.of(4), List.of(1L),
                List.of(4, 8), 1, 10, 0.1, 0.05, 1));
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
