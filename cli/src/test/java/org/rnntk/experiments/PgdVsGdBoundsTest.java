package org.rnntk.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.Nd4jBackend;

/**
 * What docs/experiments.md §3 claims about the bounds beside pgd-vs-gd, read back from the CSV files
 * the experiment writes (not from its objects) at tiny sizes: the measured drift and minimum loss
 * never exceed a bound that applies, and the status column says when the GD drift bound does not
 * apply and why. A bound below its measurement would be a false bound.
 */
class PgdVsGdBoundsTest {

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

    /** tiny(): η = 2 (no finite GD radius) plus the run at η ≤ 1/β; the second: a fixed point exists, η &gt; 1/β. */
    private static List<PgdVsGd.Config> configs() {
        PgdVsGd.Config tiny = PgdVsGd.Config.tiny();
        PgdVsGd.Config shortRun = new PgdVsGd.Config(tiny.activation(), tiny.alpha(), tiny.law(), tiny.n(),
                tiny.timeSteps(), tiny.inputDim(), tiny.nuBar(), tiny.rho(), List.of(8, 64), 0.2, 5, 1, 2, 0.05, 5);
        return List.of(tiny, shortRun);
    }

    private List<Map<String, String>> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(header.length, cells.length, line);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double num(Map<String, String> row, String column) {
        String s = row.get(column);
        assertTrue(s != null, "no column " + column);
        return Double.parseDouble(s);
    }

    /** Both CSV files of a run, written the way the command writes them. */
    private record Files2(List<Map<String, String>> rows, List<Map<String, String>> bounds) {
    }

    private Files2 write(PgdVsGd.Config config, String sub) throws IOException {
        PgdVsGd.Result result = PgdVsGd.run(config, ExperimentListener.NONE, backend);
        Path out = dir.resolve(sub);
        result.writeTo(out);
        return new Files2(read(out.resolve("pgd-vs-gd.csv")), read(out.resolve("pgd-vs-gd-bounds.csv")));
    }

    @Test
    void measurementsNeverExceedABoundThatApplies() throws IOException {
        int finite = 0;
        int stepAbove = 0;
        int noRadius = 0;
        int pgd = 0;
        int i = 0;
        for (PgdVsGd.Config config : configs()) {
            Files2 f = write(config, "run" + i++);
            assertEquals(3 * config.widths().size(), f.bounds().size());
            for (Map<String, String> b : f.bounds()) {
                String where = b.toString();
                assertEquals("false", b.get("diverged"), where);
                double minLoss = num(b, "min_loss");
                assertTrue(minLoss >= 0 && minLoss <= num(b, "initial_loss"), where);
                if (b.get("optimizer").equals("PGD")) {
                    pgd++;
                    assertEquals("APPLIES", b.get("status"), where);
                    // the projection keeps each component within rho (the CSV rounds to 6 digits)
                    double rho = num(b, "pgd_rho");
                    assertTrue(num(b, "max_drift_w_run") <= rho * (1 + 1e-5), where);
                    assertTrue(num(b, "max_drift_u_run") <= rho * (1 + 1e-5), where);
                    assertTrue(minLoss <= num(b, "pgd_bound"), "false PGD bound: " + where);
                    continue;
                }
                double eta = num(b, "eta");
                double oneOverBeta = num(b, "one_over_beta");
                double largest = num(b, "largest_admissible_step");
                assertTrue(largest > 0 && largest <= config.stepSize(), where);
                assertTrue(minLoss <= num(b, "a_posteriori_bound"), "false a-posteriori bound: " + where);
                switch (b.get("status")) {
                    case "FINITE" -> {
                        finite++;
                        double rhoGd = num(b, "rho_gd");
                        double g1 = num(b, "g1");
                        // beta = G1^2 + Rmax M / sqrt(m), Rmax = Ymax + G1 rho_GD (docs/theory.md section 8)
                        double beta = g1 * g1 + (num(b, "y_max") + g1 * rhoGd) * num(b, "hessian_m")
                                / Math.sqrt(num(b, "m"));
                        assertEquals(1 / beta, oneOverBeta, 1e-4 * oneOverBeta, where);
                        assertTrue(eta <= oneOverBeta, where);
                        // rho_GD = eta tau G1 Ymax at its fixed point
                        assertEquals(eta * num(b, "tau") * g1 * num(b, "y_max"), rhoGd, 1e-4 * rhoGd, where);
                        // the joint per-neuron drift is at most sqrt(w^2 + u^2) of the run maxima
                        assertTrue(num(b, "joint_drift_upper") <= rhoGd, "false drift bound: " + where);
                        assertTrue(minLoss <= num(b, "gd_bound"), "false GD bound: " + where);
                    }
                    case "STEP_ABOVE_ONE_OVER_BETA" -> {
                        stepAbove++;
                        assertTrue(eta > oneOverBeta, where);
                        assertTrue(Double.isNaN(num(b, "rho_gd")) && Double.isNaN(num(b, "gd_bound")), where);
                    }
                    case "NO_FINITE_RADIUS" -> {
                        noRadius++;
                        assertTrue(Double.isNaN(oneOverBeta) && Double.isNaN(num(b, "gd_bound")), where);
                    }
                    default -> throw new AssertionError("unknown status: " + where);
                }
                if (b.get("step_rule").equals("max_admissible")) {
                    assertEquals("FINITE", b.get("status"), where);
                    assertEquals(PgdVsGd.BOUND_STEP_MARGIN * largest, eta, 1e-5 * eta, where);
                } else {
                    // the configured step is admissible exactly when it is its own largest admissible step
                    assertEquals(b.get("status").equals("FINITE"), largest == eta, where);
                }
            }
            checkAgainstTheRecords(f);
            checkTheData(config, f.bounds());
        }
        // every case the page speaks of occurred
        assertTrue(finite >= 4 && stepAbove >= 1 && noRadius >= 1 && pgd >= 4,
                finite + " " + stepAbove + " " + noRadius + " " + pgd);
    }

    /** The run-wide minimum and maxima cover every recorded iterate of the main CSV. */
    private static void checkAgainstTheRecords(Files2 f) {
        for (Map<String, String> b : f.bounds()) {
            int tau = (int) num(b, "tau");
            int records = 0;
            for (Map<String, String> r : f.rows()) {
                if (r.get("optimizer").equals(b.get("optimizer")) && r.get("m").equals(b.get("m"))
                        && r.get("step_rule").equals(b.get("step_rule"))) {
                    records++;
                    assertEquals(num(b, "eta"), num(r, "eta"), 0.0, r.toString());
                    assertTrue(num(r, "max_drift_w") <= num(b, "max_drift_w_run"), r + " vs " + b);
                    assertTrue(num(r, "max_drift_u") <= num(b, "max_drift_u_run"), r + " vs " + b);
                    if (num(r, "k") < tau) {
                        assertTrue(num(b, "min_loss") <= num(r, "loss"), r + " vs " + b);
                    }
                }
            }
            assertTrue(records >= 2, b.toString());
        }
    }

    /** Ymax and the input-norm bound of the CSV are the data's, recomputed here from the raw arrays. */
    private static void checkTheData(PgdVsGd.Config c, List<Map<String, String>> bounds) {
        SequenceDataset data = SyntheticTasks.referenceClass(c.n(), c.timeSteps(), c.inputDim(), c.activation(),
                c.alpha(), c.law(), c.nuBar(), c.nuBar(), c.seed()).generate();
        double yMax = 0;
        for (double y : data.targets()) {
            yMax = Math.max(yMax, Math.abs(y));
        }
        double[] x = data.inputs();
        double xMax = 0;
        for (int v = 0; v < x.length; v += c.inputDim()) {
            double s = 0;
            for (int k = 0; k < c.inputDim(); k++) {
                s += x[v + k] * x[v + k];
            }
            xMax = Math.max(xMax, Math.sqrt(s));
        }
        assertFalse(yMax == 0);
        for (Map<String, String> b : bounds) {
            assertEquals(yMax, num(b, "y_max"), 1e-5 * yMax, b.toString());
            assertEquals(xMax, num(b, "input_norm_bound"), 1e-5, b.toString());
        }
    }
}
