package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Loss;

/**
 * Compares µ_T, the lemma constants, the §8 width-bound terms, the required width (found there by
 * its own bisection) the unregularized-GD bound and the plan (residual bound Ymax or Rmax, docs/theory.md §8) with values computed
 * independently by {@code src/test/scripts/reference_values.py} (Python decimal, 80 digits; its
 * output is checked in under {@code src/test/resources/org/rnntk/bounds}).
 */
class ReferenceValuesTest {

    /** Relative tolerance against the 80-digit reference. */
    static final double REL_TOL = 1e-12;

    @Test
    void muTAndLogMuTMatchTheReference() throws IOException {
        List<Map<String, String>> rows = read("mut_reference.csv");
        assertTrue(rows.size() >= 12, "at least a dozen parameter sets");
        for (Map<String, String> row : rows) {
            double alpha = d(row, "alpha");
            double sigma1 = d(row, "sigma1");
            long t = Long.parseLong(row.get("T"));
            String where = "alpha=" + alpha + " sigma1=" + sigma1 + " T=" + t;
            assertClose(d(row, "muT"), MuT.muT(alpha, sigma1, t), where + " muT");
            assertClose(d(row, "logMuT"), MuT.logMuT(alpha, sigma1, t), where + " logMuT");
        }
    }

    @Test
    void lemmaConstantsMatchTheReference() throws IOException {
        for (Map<String, String> row : read("lemma_reference.csv")) {
            ActivationConstants c = new ActivationConstants(d(row, "sigma0"), d(row, "sigma1"), d(row, "sigma2"));
            double a = d(row, "a");
            long t = Long.parseLong(row.get("t"));
            LemmaConstants k = LemmaConstants.of(c, a, t);
            String where = row.get("name") + " a=" + a + " t=" + t;
            assertClose(d(row, "r"), k.rate(), where + " r");
            assertClose(d(row, "sT"), k.sT(), where + " S_t");
            assertClose(d(row, "sTm1"), k.sTMinus1(), where + " S_{t-1}");
            assertClose(d(row, "hidden"), k.hiddenBound(), where + " |h_t|");
            assertClose(d(row, "aBound"), k.sensitivityWBound(), where + " |a_t|");
            assertClose(d(row, "bBound"), k.sensitivityUBound(), where + " ||b_t||");
            assertClose(d(row, "g1"), k.gradientBound(), where + " G1");
            assertClose(d(row, "hww"), k.hessianWW(), where + " d2h/dw2");
            assertClose(d(row, "huw"), k.hessianUW(), where + " grad_u dh/dw");
            assertClose(d(row, "huu"), k.hessianUU(), where + " hess_u h");
            assertClose(d(row, "M"), k.hessianBound(), where + " M_t");
        }
    }

    @Test
    void pgdTermsMatchTheReference() throws IOException {
        List<Map<String, String>> rows = read("pgd_terms_reference.csv");
        assertTrue(rows.size() >= 10);
        for (Map<String, String> row : rows) {
            ActivationConstants c = new ActivationConstants(d(row, "sigma0"), d(row, "sigma1"), d(row, "sigma2"));
            PgdProblem p = new PgdProblem(c, d(row, "alpha"), Long.parseLong(row.get("T")),
                    Long.parseLong(row.get("n")), Loss.valueOf(row.get("loss")), d(row, "nuBarW"), d(row, "nuBarU"),
                    d(row, "rhoW"), d(row, "rhoU"), d(row, "yMax"), 1.0);
            PgdBound b = Bounds.pgdBound(p, d(row, "m"), d(row, "tau"), d(row, "eta"), d(row, "delta"));
            WidthTerms w = b.terms();
            String where = p + " m=" + row.get("m");
            assertClose(d(row, "a"), w.a(), where + " a");
            assertClose(d(row, "b0"), w.b0(), where + " B0");
            assertClose(d(row, "g1"), w.g1(), where + " G1");
            assertClose(d(row, "M"), w.hessianM(), where + " M");
            assertClose(d(row, "rmax"), w.rMax(), where + " Rmax");
            assertClose(d(row, "epsApp"), w.epsApp(), where + " eps_app");
            assertClose(d(row, "lambdaM"), w.lambdaM(), where + " lambda_m");
            assertClose(d(row, "e"), w.e(), where + " e");
            assertClose(d(row, "approx"), w.approximation(), where + " approximation");
            assertClose(d(row, "lin"), w.linearization(), where + " linearization");
            assertClose(d(row, "logApprox"), w.logApproximation(), where + " ln approximation");
            assertClose(d(row, "logLin"), w.logLinearization(), where + " ln linearization");
            assertClose(d(row, "optDist"), b.optimizationDistance(), where + " nuBar^2/(2 eta tau)");
            assertClose(d(row, "optGrad"), b.optimizationGradient(), where + " (eta/2) G1^2 R^2");
            assertClose(d(row, "total"), b.total(), where + " total");
            // the residual bound follows the step: Ymax when eta <= 1/beta, Rmax otherwise
            assertEquals(ResidualBound.valueOf(row.get("variant")), b.residualBound(), where + " residual bound");
            assertClose(d(row, "beta"), b.beta(), where + " beta");
            assertClose(d(row, "residual"), w.residual(), where + " R");
            PgdBound region = Bounds.pgdBound(p, d(row, "m"), d(row, "tau"), d(row, "eta"), d(row, "delta"),
                    ResidualBound.REGION);
            assertEquals(ResidualBound.REGION, region.residualBound());
            assertClose(d(row, "linRegion"), region.linearization(), where + " lambda_m Rmax");
            assertClose(d(row, "optGradRegion"), region.optimizationGradient(), where + " (eta/2) G1^2 Rmax^2");
            assertClose(d(row, "totalRegion"), region.total(), where + " total with Rmax");
        }
    }

    @Test
    void requiredWidthMatchesAnIndependentBisection() throws IOException {
        List<Map<String, String>> rows = read("width_reference.csv");
        assertTrue(rows.size() >= 5);
        for (Map<String, String> row : rows) {
            PgdProblem p = problem(row);
            WidthRequirement w = Bounds.requiredWidth(p, d(row, "epsilon"), d(row, "delta"));
            // Both sides bisect the same monotone condition; only a last-digit tie could differ by one step.
            assertEquals(d(row, "width"), w.width(), 2.0, p + " eps=" + row.get("epsilon"));
            assertEquals(ResidualBound.DESCENT, w.terms().residualBound());
            WidthRequirement region = Bounds.requiredWidth(p, d(row, "epsilon"), d(row, "delta"), ResidualBound.REGION);
            assertEquals(d(row, "widthRegion"), region.width(), 2.0, p + " eps=" + row.get("epsilon") + " (Rmax)");
        }
    }

    /**
     * The plan with the residual bound Ymax: width, the smallest τ, the step min(ν̄/(G1 Ymax √τ), 1/β)
     * (capped in three of the five cases, including Ymax = 0) and the total, against the script's
     * own search over τ.
     */
    @Test
    void planMatchesTheReference() throws IOException {
        List<Map<String, String>> rows = read("plan_reference.csv");
        assertTrue(rows.size() >= 5);
        boolean sawCapped = false;
        boolean sawBalanced = false;
        for (Map<String, String> row : rows) {
            PgdProblem p = problem(row);
            double eps = d(row, "epsilon");
            PgdPlan plan = Bounds.pgd(p, eps, d(row, "delta"));
            String where = p + " eps=" + eps;
            assertEquals(d(row, "width"), plan.width().width(), 2.0, where + " width");
            // tau: the script finds the smallest integer exactly; floating point may need one more
            assertEquals(d(row, "tau"), plan.iterations().tau(), 1.0, where + " tau");
            boolean capped = Boolean.parseBoolean(row.get("capped"));
            assertEquals(capped, plan.step().capped(), where + " capped");
            assertEquals(capped, plan.iterations().capped(), where + " capped (iterations)");
            sawCapped |= capped;
            sawBalanced |= !capped;
            assertClose(d(row, "beta"), plan.bound().beta(), where + " beta");
            assertClose(d(row, "beta"), 1.0 / plan.step().maxStep(), where + " beta (step)");
            assertTrue(plan.step().eta() <= plan.step().maxStep(), where + " eta <= 1/beta");
            assertEquals(ResidualBound.DESCENT, plan.bound().residualBound(), where);
            if (plan.iterations().tau() == d(row, "tau")) {
                assertClose(d(row, "eta"), plan.step().eta(), where + " eta");
                assertClose(d(row, "opt"), plan.iterations().optimizationTerm(), where + " optimization terms");
                assertClose(d(row, "total"), plan.bound().total(), where + " total");
            }
            assertTrue(plan.bound().total() <= eps * (1 + 1e-12), where + " total " + plan.bound().total());
        }
        assertTrue(sawCapped && sawBalanced, "the cases cover both step rules");
    }

    @Test
    void gdBoundMatchesTheReference() throws IOException {
        List<Map<String, String>> rows = read("gd_reference.csv");
        assertTrue(rows.size() >= 4);
        for (Map<String, String> row : rows) {
            ActivationConstants c = new ActivationConstants(d(row, "sigma0"), d(row, "sigma1"), d(row, "sigma2"));
            PgdProblem p = new PgdProblem(c, d(row, "alpha"), Long.parseLong(row.get("T")),
                    Long.parseLong(row.get("n")), Loss.valueOf(row.get("loss")), d(row, "nuBarW"), d(row, "nuBarU"),
                    1, 1, d(row, "yMax"), 1.0);
            GdBound g = Bounds.gdBound(p, d(row, "m"), d(row, "tau"), d(row, "eta"), d(row, "delta"));
            String where = p + " m=" + row.get("m") + " tau=" + row.get("tau") + " eta=" + row.get("eta");
            // the fixed point is computed to a relative 1e-14 by the Java iteration
            assertEquals(d(row, "rhoGD"), g.radius().rhoGD(), 1e-12 * d(row, "rhoGD"), where + " rho_GD");
            assertClose(d(row, "beta"), g.radius().beta(), where + " beta");
            PgdBound b = g.bound().orElseThrow();
            assertClose(d(row, "a"), b.terms().a(), where + " a");
            assertClose(d(row, "g1"), b.terms().g1(), where + " G1");
            assertClose(d(row, "M"), b.terms().hessianM(), where + " M");
            assertClose(d(row, "rmax"), b.terms().rMax(), where + " Rmax");
            assertClose(d(row, "lambdaM"), b.terms().lambdaM(), where + " lambda_m");
            assertClose(d(row, "approx"), b.approximation(), where + " approximation");
            assertClose(d(row, "lin"), b.linearization(), where + " linearization");
            assertClose(d(row, "optDist"), b.optimizationDistance(), where + " nuBar^2/(2 eta tau)");
            assertClose(d(row, "optGrad"), b.optimizationGradient(), where + " (eta/2) G1^2 Ymax^2");
            assertClose(d(row, "total"), b.total(), where + " total");
            assertEquals(ResidualBound.DESCENT, b.residualBound(), where + " GD uses Ymax");
            assertEquals(g.radius().beta(), b.beta(), 0.0, where + " the radius's beta");
        }
    }

    private static PgdProblem problem(Map<String, String> row) {
        ActivationConstants c = new ActivationConstants(d(row, "sigma0"), d(row, "sigma1"), d(row, "sigma2"));
        return new PgdProblem(c, d(row, "alpha"), Long.parseLong(row.get("T")), Long.parseLong(row.get("n")),
                Loss.valueOf(row.get("loss")), d(row, "nuBarW"), d(row, "nuBarU"), d(row, "rhoW"), d(row, "rhoU"),
                d(row, "yMax"), 1.0);
    }

    static void assertClose(double expected, double actual, String what) {
        if (Double.isInfinite(expected)) {
            assertEquals(expected, actual, what + ": expected overflow to " + expected);
            return;
        }
        if (expected == 0.0) {
            assertEquals(0.0, actual, 0.0, what);
            return;
        }
        double rel = Math.abs(actual - expected) / Math.abs(expected);
        if (!(rel <= REL_TOL)) {
            fail(what + ": expected " + expected + " but got " + actual + " (relative error " + rel + ")");
        }
    }

    private static double d(Map<String, String> row, String key) {
        String v = row.get(key);
        if (v == null) {
            throw new IllegalStateException("column " + key + " missing");
        }
        return Double.parseDouble(v);
    }

    static List<Map<String, String>> read(String name) throws IOException {
        InputStream in = ReferenceValuesTest.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("test resource " + name + " missing; run src/test/scripts/reference_values.py");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] header = r.readLine().split(",");
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], f[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
