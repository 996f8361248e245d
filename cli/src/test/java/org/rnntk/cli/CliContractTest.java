package org.rnntk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.core.io.NpyDtype;

/**
 * The command line's failure contract (docs/cli.md): one line on standard error naming what was
 * wrong, exit 2 for usage and input errors and 1 for run-time errors, no stack trace without
 * {@code --verbose}, inputs and outputs checked before any work, and no partial outputs.
 */
class CliContractTest {

    @TempDir
    Path dir;

    /** What a run printed and returned. */
    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        /** One line on stderr, containing every fragment, no stack trace, nothing on stdout. */
        void assertOneLineFailure(int expectedCode, String... fragments) {
            assertEquals(expectedCode, code, "exit code; stderr:\n" + err);
            assertEquals(1, errLines().size(), "stderr must be one line:\n" + err);
            assertFalse(err.contains("\tat ") || err.contains("Exception:"), "stack trace or exception dump:\n" + err);
            for (String f : fragments) {
                assertTrue(err.contains(f), "'" + f + "' not in: " + err);
            }
            assertTrue(err.startsWith("rnntk"), err);
            assertEquals("", out, "stdout of a failed run");
        }
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** x, y, w, u, c of a random problem in {@code into}. */
    static void writeProblem(Path into, int n, int steps, int d, int m, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[n * steps * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.3 * rng.nextGaussian();
        }
        double[] y = new double[n * steps];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextGaussian();
        }
        double[] w = new double[m];
        double[] u = new double[m * d];
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = rng.nextDouble() - 0.5;
            c[i] = i % 2 == 0 ? 1 : -1;
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextGaussian();
        }
        Npy.write(into.resolve("x.npy"), x, n, steps, d);
        Npy.write(into.resolve("y.npy"), y, n, steps);
        Npy.write(into.resolve("w.npy"), w, m);
        Npy.write(into.resolve("u.npy"), u, m, d);
        Npy.write(into.resolve("c.npy"), c, m);
    }

    /** The names in {@code folder}, sorted. */
    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static final List<String> INPUTS = List.of("c.npy", "u.npy", "w.npy", "x.npy", "y.npy");

    @Test
    void anUnknownCommandIsOneLineAndExitTwo() {
        run("frobnicate").assertOneLineFailure(2, "unknown command 'frobnicate'", "demo, eval, gram, train, experiment");
        run("fit").assertOneLineFailure(2, "unknown command 'fit'");
        run("experiment", "frobnicate").assertOneLineFailure(2, "rnntk experiment: unknown command 'frobnicate'");
    }

    @Test
    void anUnknownOptionOrBadValueIsOneLineAndExitTwo() {
        run("demo", "--bogus").assertOneLineFailure(2, "rnntk demo", "--bogus");
        run("demo", "--n", "abc").assertOneLineFailure(2, "'abc' is not an int");
        run("demo", "--threads", "0").assertOneLineFailure(2, "--threads (0) must be >= 1");
        run("demo", "--divergence-factor", "0.5").assertOneLineFailure(2, "--divergence-factor (0.5) must be > 1");
        run("eval", dir.toString(), "--precision", "float16").assertOneLineFailure(2, "float16");
    }

    @Test
    void enumOptionsAreCaseInsensitive() {
        // parsing succeeds (help wins after a successful parse); a bad value is refused with exit 2
        for (String law : new String[]{"constant", "Uniform", "CONSTANT"}) {
            assertEquals(0, run("experiment", "pgd-vs-gd", "--law", law, "--help").code(), law);
            assertEquals(0, run("experiment", "memory-cutoff", "--law", law, "--help").code(), law);
        }
        assertEquals(2, run("experiment", "pgd-vs-gd", "--law", "gaussian", "--help").code());
        writeProblem(dir, 2, 3, 2, 4, 1);
        for (String p : new String[]{"float32", "FLOAT32", "Float32"}) {
            assertEquals(0, run("eval", dir.toString(), "--precision", p, "--no-gram").code(), p);
        }
        assertEquals(0, run("gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(), "--out",
                dir.resolve("k.npy").toString(), "--implementation", "per_neuron_factorized").code());
    }

    @Test
    void aMissingInputFileIsNamedBeforeAnyWorkAndNothingIsWritten() throws IOException {
        writeProblem(dir, 3, 4, 2, 4, 2);
        Files.delete(dir.resolve("u.npy"));
        run("eval", dir.toString()).assertOneLineFailure(2, "u.npy in DIR (" + dir.resolve("u.npy") + ") does not exist");
        assertEquals(List.of("c.npy", "w.npy", "x.npy", "y.npy"), names(dir));

        writeProblem(dir, 3, 4, 2, 4, 2);
        Files.delete(dir.resolve("x.npy"));
        Files.createDirectory(dir.resolve("x.npy"));
        run("eval", dir.toString()).assertOneLineFailure(2, "x.npy in DIR", "is not a regular file");

        run("gram", "--model", dir.toString(), "--x", dir.resolve("nope.npy").toString(), "--out",
                dir.resolve("k.npy").toString()).assertOneLineFailure(2, "--x (" + dir.resolve("nope.npy")
                + ") does not exist");
        run("gram", "--model", dir.resolve("nowhere").toString(), "--x", dir.resolve("y.npy").toString(), "--out",
                dir.resolve("k.npy").toString()).assertOneLineFailure(2, "--model", "does not exist");
        assertFalse(Files.exists(dir.resolve("k.npy")));
    }

    @Test
    void gramOutIntoAMissingFolderIsRefusedBeforeAnyWork() throws IOException {
        writeProblem(dir, 3, 4, 2, 4, 3);
        Path out = dir.resolve("missing").resolve("k.npy");
        run("gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(), "--out", out.toString())
                .assertOneLineFailure(2, "the folder of --out (" + out.getParent() + ") does not exist");
        run("gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(), "--out", dir.toString())
                .assertOneLineFailure(2, "--out (" + dir + ") is a directory");
        assertEquals(INPUTS, names(dir));
    }

    @Test
    @Timeout(120)
    void experimentOutOntoAnUnwritablePathIsRefusedBeforeTheRun() throws IOException {
        // A configuration that would run for hours: the refusal must come before it starts.
        String[] huge = {"--widths", "16,65536", "--iterations", "100000000"};
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Run below = run(concat(new String[]{"experiment", "pgd-vs-gd", "--out", file.resolve("sub").toString()}, huge));
        below.assertOneLineFailure(2, "--out (" + file.resolve("sub") + ") cannot be created");
        Run onto = run(concat(new String[]{"experiment", "pgd-vs-gd", "--out", file.toString()}, huge));
        onto.assertOneLineFailure(2, "--out (" + file + ") exists and is not a directory");
        assertEquals(List.of("a-file"), names(dir));
        // a folder created for a run that then fails is removed again
        Run bad = run("experiment", "pgd-vs-gd", "--out", dir.resolve("fresh").toString(), "--widths", "8,15");
        bad.assertOneLineFailure(2, "width m (15) must be even");
        assertEquals(List.of("a-file"), names(dir));
    }

    @Test
    void aFailedRunLeavesNoPartialOutputs() throws IOException {
        // gram_last.npy cannot be renamed into place (a non-empty folder has its name): the commit fails
        // after f.npy, loss.npy, ... were renamed, and they are removed again.
        writeProblem(dir, 3, 4, 2, 4, 4);
        Files.createDirectories(dir.resolve("gram_last.npy").resolve("keep"));
        Run r = run("eval", dir.toString());
        r.assertOneLineFailure(1, "cannot write " + dir.toAbsolutePath().resolve("gram_last.npy"), "no results were kept");
        List<String> expected = new java.util.ArrayList<>(INPUTS);
        expected.add("gram_last.npy");
        expected.sort(null);
        assertEquals(expected, names(dir), "only the inputs (and the obstacle) remain, no temporary files");
    }

    @Test
    void theAllStepsGramIsOnlyComputedWhenAskedAndRefusedUpFrontWhenItCannotFit() throws IOException {
        // n = 512, T = 64: (nT)^2 = 2^30 doubles = 8 GiB, twice that while it is written.
        writeProblem(dir, 512, 64, 2, 4, 5);
        Run plain = run("eval", dir.toString());
        assertEquals(0, plain.code(), plain.err());
        assertTrue(Files.exists(dir.resolve("gram_last.npy")));
        assertFalse(Files.exists(dir.resolve("gram_all.npy")), "the all-steps Gram is opt-in");
        assertEquals(1, plain.out().lines().count(), "stdout is the one summary line:\n" + plain.out());

        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        writeProblem(fresh, 512, 64, 2, 4, 5);
        long need = MemoryBudget.gramBytes(32768, 32768, 0);
        Run all = run("eval", fresh.toString(), "--gram-all");
        if (need > Runtime.getRuntime().maxMemory()) {
            all.assertOneLineFailure(1, "gram_all.npy (nT x nT = 32768 x 32768) needs about", "GiB of heap",
                    "drop --gram-all", "-Xmx");
            assertEquals(INPUTS, names(fresh), "nothing written when refused");
        } else {
            assertEquals(0, all.code(), all.err());
            assertArrayEquals(new long[]{32768, 32768}, Npy.read(fresh.resolve("gram_all.npy")).shape());
        }
    }

    @Test
    void noStackTraceUnlessVerbose() {
        Run quiet = run("eval", dir.resolve("missing").toString());
        quiet.assertOneLineFailure(2, "does not exist");
        Run verbose = run("eval", dir.resolve("missing").toString(), "--verbose");
        assertEquals(2, verbose.code());
        assertTrue(verbose.errLines().size() > 1 && verbose.err().contains("\tat org.rnntk.cli."), verbose.err());
        assertEquals(quiet.errLines().get(0), verbose.errLines().get(0));
    }

    @Test
    void signVectorsAsInt8AndInt16AreAccepted() {
        writeProblem(dir, 3, 4, 2, 6, 6);
        Run reference = run("eval", dir.toString(), "--no-gram");
        assertEquals(0, reference.code(), reference.err());
        double[] loss = Npy.read(dir.resolve("loss.npy")).data();
        double[] gradW = Npy.read(dir.resolve("grad_w.npy")).data();
        double[] c = Npy.read(dir.resolve("c.npy")).data();
        for (NpyDtype dtype : new NpyDtype[]{NpyDtype.INT8, NpyDtype.INT16}) {
            Npy.write(dir.resolve("c.npy"), new NpyArray(new long[]{6}, dtype, c));
            assertEquals(dtype, Npy.read(dir.resolve("c.npy")).dtype());
            Run r = run("eval", dir.toString(), "--no-gram");
            assertEquals(0, r.code(), dtype + ": " + r.err());
            assertArrayEquals(loss, Npy.read(dir.resolve("loss.npy")).data(), dtype.toString());
            assertArrayEquals(gradW, Npy.read(dir.resolve("grad_w.npy")).data(), dtype.toString());
        }
    }

    @Test
    void experimentHelpListsWholeSentences() {
        Run help = run("experiment", "--help");
        assertEquals(0, help.code());
        List<String> lines = help.out().substring(help.out().indexOf("Commands:")).lines().skip(1).toList();
        List<String> entries = new java.util.ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                entries.add(line.strip());
            } else if (!line.isBlank() && !entries.isEmpty()) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            }
        }
        assertEquals(9, entries.size(), help.out());
        for (String entry : entries) {
            assertTrue(entry.endsWith("."), "entry cut mid-sentence: " + entry);
        }
    }

    @Test
    void sweepRefusesABadGridFileBeforeAnyWorkAndWritesNothing() throws IOException {
        Path grid = Files.writeString(dir.resolve("grid.txt"), "width = 6, 8\nfrobnicate = 3\n");
        Path out = dir.resolve("sweep");
        run("sweep", "--grid", grid.toString(), "--out", out.toString())
                .assertOneLineFailure(2, "rnntk sweep", "frobnicate", "line 2");
        run("sweep", "--grid", dir.resolve("missing.txt").toString(), "--out", out.toString())
                .assertOneLineFailure(2, "--grid (" + dir.resolve("missing.txt") + ") does not exist");
        assertEquals(List.of("grid.txt"), names(dir), "no --out folder was created");
    }

    @Test
    void sweepAndTiledGramRefuseAnUnwritableOutBeforeAnyWork() throws IOException {
        Path grid = Files.writeString(dir.resolve("grid.txt"), "width = 6\niterations = 100000000\n");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        run("sweep", "--grid", grid.toString(), "--out", file.resolve("sub").toString())
                .assertOneLineFailure(2, "--out (" + file.resolve("sub") + ") cannot be created");
        run("sweep", "--grid", grid.toString(), "--out", file.toString())
                .assertOneLineFailure(2, "--out (" + file + ") exists and is not a directory");
        Path model = Files.createDirectory(dir.resolve("model"));
        writeProblem(model, 3, 4, 2, 4, 7);
        run("gram", "--model", model.toString(), "--x", model.resolve("x.npy").toString(), "--tile", "2",
                "--out", file.resolve("tiles").toString())
                .assertOneLineFailure(2, "--out (" + file.resolve("tiles") + ") cannot be created");
        assertEquals(List.of("a-file", "grid.txt", "model"), names(dir));
    }

    @Test
    void anUnknownMasterUrlSchemeIsRefusedBeforeAnyWork() throws IOException {
        Path grid = Files.writeString(dir.resolve("grid.txt"), "width = 6\n");
        run("sweep", "--grid", grid.toString(), "--out", dir.resolve("s").toString(), "--master", "mesos://host:5050")
                .assertOneLineFailure(2, "--master 'mesos://host:5050' is not a Spark master URL", "local[N]");
        run("sweep", "--grid", grid.toString(), "--out", dir.resolve("s").toString(), "--master", "local[0]")
                .assertOneLineFailure(2, "--master 'local[0]'");
        run("sweep", "--grid", grid.toString(), "--out", dir.resolve("s").toString(), "--master", "local[2]",
                "--threads", "2").assertOneLineFailure(2, "--threads (2) sizes the in-process pool", "local[N]");
        Path model = Files.createDirectory(dir.resolve("model"));
        writeProblem(model, 3, 4, 2, 4, 8);
        run("gram", "--model", model.toString(), "--x", model.resolve("x.npy").toString(), "--out",
                dir.resolve("k").toString(), "--master", "foo://bar").assertOneLineFailure(2, "--master 'foo://bar'");
        run("gram", "--model", model.toString(), "--x", model.resolve("x.npy").toString(), "--out",
                dir.resolve("k.npy").toString(), "--eigen").assertOneLineFailure(2, "--eigen is for a Gram in tiles");
        assertEquals(List.of("grid.txt", "model"), names(dir));
    }

    @Test
    void aTiledGramThatFailsLeavesNoTilesBehind() throws IOException {
        // a u.npy with d = 3 makes x.npy (d = 2) wrong, found when the inputs are read, after --out was created
        writeProblem(dir, 3, 4, 2, 4, 9);
        Npy.write(dir.resolve("u.npy"), new double[12], 4, 3);
        Path out = dir.resolve("tiles");
        run("gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(), "--tile", "2", "--out",
                out.toString()).assertOneLineFailure(2, "--x x.npy has shape [3, 4, 2]");
        assertEquals(INPUTS, names(dir), "the folder created for the run is removed again");
        // an existing folder keeps what it held, and gets no staging folder or tile
        Files.createDirectory(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        run("gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(), "--tile", "2", "--out",
                out.toString()).assertOneLineFailure(2, "--x x.npy has shape [3, 4, 2]");
        assertEquals(List.of("notes.txt"), names(out));
        // with a valid model the in-process pool writes the tiles and the index, and nothing else
        writeProblem(dir, 3, 4, 2, 4, 9);
        Run ok = run("gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(), "--tile", "2",
                "--out", out.toString(), "--threads", "1");
        assertEquals(0, ok.code(), ok.err());
        assertEquals(List.of("index.txt", "notes.txt", "tile-0-0.npy", "tile-0-1.npy", "tile-1-1.npy"), names(out));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
