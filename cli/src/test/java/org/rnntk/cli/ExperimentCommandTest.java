package org.rnntk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {

    @TempDir
    Path dir;

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
    void tinyWidthVsNWritesCsvPngAndSummary() {
        String out = run(0, "experiment", "width-vs-n", "--n", "4,8", "--seeds", "1", "--T", "3", "--d", "2",
                "--min-width", "4", "--max-width", "32", "--width-ratio", "2", "--iterations", "10",
                "--target-ratio", "0.5", "--confirm", "1", "--out", dir.toString());
        assertTrue(out.contains("# width-vs-n"), out);
        for (String f : new String[]{"width-vs-n.csv", "width-vs-n-summary.csv", "width-vs-n.png", "width-vs-n.md"}) {
            assertTrue(Files.exists(dir.resolve(f)), f + " missing; output:\n" + out);
        }
    }

    @Test
    void masterRunsTheCellsOnTheSweepEngineWithTheSameCsvBytes() throws java.io.IOException {
        String[] tiny = {"experiment", "width-vs-n", "--n", "4,8", "--seeds", "1,2", "--T", "3", "--d", "2",
            "--min-width", "4", "--max-width", "32", "--width-ratio", "2", "--iterations", "10",
            "--target-ratio", "0.5", "--confirm", "1", "--quiet", "--out"};
        runInProcessAndOnTheEngine(tiny, "width-vs-n.csv", "width-vs-n-summary.csv");
    }

    /**
     * Runs {@code args} (ending in {@code --out}) in-process and with {@code --master threads(2)}, requires
     * the named files byte-identical, and returns the in-process output folder.
     */
    private Path runInProcessAndOnTheEngine(String[] args, String... files) throws java.io.IOException {
        Path inProcess = dir.resolve("in-process");
        Path engine = dir.resolve("engine");
        run(0, concat(args, inProcess.toString()));
        run(0, concat(concat(args, engine.toString()), "--master", "threads(2)"));
        for (String f : files) {
            assertEquals(java.util.Arrays.toString(Files.readAllBytes(inProcess.resolve(f))),
                    java.util.Arrays.toString(Files.readAllBytes(engine.resolve(f))), f);
        }
        return inProcess;
    }

    @Test
    void badMasterIsAUsageError() {
        String out = run(2, "experiment", "gating", "--master", "cluster", "--out", dir.resolve("g").toString());
        assertTrue(out.contains("--master") && out.contains("'cluster'"), out);
        assertTrue(Files.notExists(dir.resolve("g")), "a refused run creates no output folder");
    }

    /** {@code a} followed by {@code b}. */
    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void listsTheExperimentsAndTheGap() {
        String out = run(0, "experiment");
        for (String name : new String[]{"width-vs-n", "memory-cutoff", "pgd-vs-gd", "certificate-vs-reality",
            "positive-vs-random"}) {
            assertTrue(out.contains(name), name + " not in:\n" + out);
        }
    }

    @Test
    void pgdVsGdPaperScaleRunsTheGdRunAtAnAdmissibleStepOnTheEngineWithTheSameBytes() throws java.io.IOException {
        // --scale paper with every size overridden small: the options fall back to the paper setting
        // only where not given, and --bound-iterations comes from it (2000) unless set.
        String[] tiny = {"experiment", "pgd-vs-gd", "--scale", "paper", "--widths", "8,16", "--n", "3", "--T", "2",
            "--d", "2", "--iterations", "6", "--period", "3", "--bound-iterations", "4", "--quiet", "--out"};
        Path inProcess = runInProcessAndOnTheEngine(tiny, "pgd-vs-gd.csv", "pgd-vs-gd-bounds.csv");
        java.util.List<String> bounds = Files.readAllLines(inProcess.resolve("pgd-vs-gd-bounds.csv"));
        assertEquals(1 + 3 * 2, bounds.size(), String.join("\n", bounds));
        assertEquals(2, bounds.stream().filter(l -> l.startsWith("GD,max_admissible,") && l.contains(",4,false,")
                && l.contains(",FINITE,")).count(), String.join("\n", bounds));
        String out = run(2, "experiment", "pgd-vs-gd", "--scale", "huge", "--out", dir.resolve("h").toString());
        assertTrue(out.contains("--scale 'huge' is unknown"), out);
    }

    @Test
    void badOptionIsAUsageError() {
        String out = run(2, "experiment", "pgd-vs-gd", "--widths", "8,15", "--out", dir.toString());
        assertTrue(out.contains("width m (15) must be even"), out);
    }
}
