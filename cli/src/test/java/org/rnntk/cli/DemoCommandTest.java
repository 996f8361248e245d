package org.rnntk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

    private static String run(int expectedCode, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            assertEquals(expectedCode, Main.execute(args));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void smallDemoReportsBothOptimizersAndPgdStaysWithinItsRadius() {
        String out = run(0, "demo", "--n", "4", "--T", "5", "--d", "3", "--m", "16", "--iterations", "30",
                "--rho", "0.5");
        assertTrue(out.contains("GD(eta=2.0)"), out);
        assertTrue(out.contains("PGD(eta=2.0, rhoW=0.5, rhoU=0.5)"), out);
        String pgdLine = out.lines().filter(l -> l.trim().startsWith("PGD(")).findFirst().orElseThrow();
        String[] cols = pgdLine.trim().split("\\s+");
        double driftW = Double.parseDouble(cols[cols.length - 3]);
        double driftU = Double.parseDouble(cols[cols.length - 2]);
        assertTrue(driftW <= 0.5 + 1e-4 && driftU <= 0.5 + 1e-4, pgdLine);
    }

    @Test
    void anAbsurdStepIsADivergedRowNotAFailure() {
        // eta = 1e300: GD's first update sends the loss far past 100 x R(0); PGD stays on the boundary.
        String out = run(0, "demo", "--n", "8", "--T", "5", "--d", "3", "--m", "64", "--iterations", "20",
                "--eta", "1e300");
        String gd = out.lines().filter(l -> l.trim().startsWith("GD(")).findFirst().orElseThrow();
        String pgd = out.lines().filter(l -> l.trim().startsWith("PGD(")).findFirst().orElseThrow();
        String[] gdCols = gd.trim().split("\\s+");
        assertEquals("DIVERGED", gdCols[1], gd);
        assertTrue(pgd.contains("COMPLETED"), pgd);
        assertTrue(out.contains("GD(eta=1.0E300) DIVERGED: loss "), out);
        assertTrue(out.contains("at iteration 1"), out);
        for (String line : out.lines().toList()) {
            assertTrue(line.length() < 200, "no 300-digit numbers: " + line);
            assertFalse(line.contains("Infinity") || line.contains("NaN"), line);
        }
        String[] pgdCols = pgd.trim().split("\\s+");
        assertEquals(1.0, Double.parseDouble(pgdCols[pgdCols.length - 2]), 1e-9, "PGD on the boundary: " + pgd);
        assertEquals(1.0, Double.parseDouble(pgdCols[pgdCols.length - 3]), 1e-9, "PGD on the boundary: " + pgd);
        double gdDrift = Double.parseDouble(gdCols[gdCols.length - 2]);
        assertTrue(gdDrift > 1e290 && Double.isFinite(gdDrift), gd);
    }

    @Test
    void oddWidthIsAUsageError() {
        String out = run(2, "demo", "--m", "15");
        assertTrue(out.contains("width m (15) must be even"), out);
    }
}
