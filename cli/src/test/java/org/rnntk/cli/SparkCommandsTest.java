package org.rnntk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.io.Npy;

/**
 * {@code rnntk sweep}, the tiled {@code rnntk gram} and {@code rnntk experiment --master} on embedded Spark
 * (local[2]) against their in-process forms.
 */
class SparkCommandsTest {

    @TempDir
    Path dir;

    private String run(int expectedCode, String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expectedCode, Main.execute(args), () -> String.join(" ", args) + "\n" + buf);
        } finally {
            System.setOut(oldOut);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sweepOnSparkWritesTheRowsOfTheThreadedRun() throws Exception {
        Path grid = dir.resolve("grid.txt");
        Files.writeString(grid, "n = 5\nsteps = 3\nwidth = 6, 5\nseed = 1, 2\niterations = 5\nrecord = loss, curve\n");
        String out = run(0, "sweep", "--grid", grid.toString(), "--out", dir.resolve("spark").toString(),
                "--master", "local[2]", "--no-progress");
        assertTrue(out.contains("4 runs (2 failed)"), out);
        run(0, "sweep", "--grid", grid.toString(), "--out", dir.resolve("threads").toString(), "--threads", "2");
        List<String> spark = Files.readAllLines(dir.resolve("spark/runs.csv"));
        assertEquals(Files.readAllLines(dir.resolve("threads/runs.csv")), spark);
        assertEquals(5, spark.size());
        assertTrue(spark.get(1).contains(",ok,,"), spark.get(1));
        // the staging folder is gone: the folder holds the table only
        assertEquals(List.of("runs.csv"), CliContractTest.names(dir.resolve("spark")));
        assertEquals(List.of("runs.csv"), CliContractTest.names(dir.resolve("threads")));
    }

    @Test
    void gramTilesAssembleToTheGramCommandsFile() throws Exception {
        int n = 9;
        int steps = 3;
        int d = 2;
        int m = 10;
        Random rng = new Random(3);
        double[] x = new double[n * steps * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.4 * rng.nextGaussian();
        }
        double[] w = new double[m];
        double[] u = new double[m * d];
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = rng.nextDouble() - 0.5;
            c[i] = rng.nextBoolean() ? 1 : -1;
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextGaussian();
        }
        Npy.write(dir.resolve("x.npy"), x, n, steps, d);
        Npy.write(dir.resolve("w.npy"), w, m);
        Npy.write(dir.resolve("u.npy"), u, m, d);
        Npy.write(dir.resolve("c.npy"), c, m);
        run(0, "gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(), "--mode", "all",
                "--out", dir.resolve("k.npy").toString());
        String out = run(0, "gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(),
                "--mode", "all", "--tile", "4", "--out", dir.resolve("tiles").toString(), "--master", "local[2]",
                "--eigen", "--assemble", dir.resolve("assembled.npy").toString());
        assertTrue(out.contains("ALL_STEPS Gram 27 x 27 in 6 tiles"), out);
        assertTrue(out.contains("lambda_min") && !out.contains("NOT converged"), out);
        double[] k = Npy.read(dir.resolve("k.npy")).data();
        double[] tiled = Npy.read(dir.resolve("assembled.npy")).data();
        assertEquals(27 * 27, tiled.length);
        // Equal up to the order of the contraction's sums of p = m(d+1) products (docs/spark.md, "Exactness").
        long p = (long) m * (d + 1);
        double gamma = (p + 1) * 0x1p-53 / (1 - (p + 1) * 0x1p-53);
        for (int a = 0; a < 27; a++) {
            for (int b = 0; b < 27; b++) {
                double bound = 2 * gamma * Math.sqrt(k[a * 27 + a] * k[b * 27 + b]);
                assertTrue(Math.abs(k[a * 27 + b] - tiled[a * 27 + b]) <= bound, "entry " + a + ", " + b);
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve("tiles/index.txt")));
        assertEquals(7, CliContractTest.names(dir.resolve("tiles")).size(), "6 tiles and the index, no staging folder");
        // the in-process pool writes the same tiles, bit for bit, and its Lanczos agrees
        String local = run(0, "gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(),
                "--mode", "all", "--tile", "4", "--out", dir.resolve("pool").toString(), "--threads", "2", "--eigen");
        assertTrue(local.contains("ALL_STEPS Gram 27 x 27 in 6 tiles") && local.contains("lambda_min"), local);
        for (String name : CliContractTest.names(dir.resolve("tiles"))) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("tiles").resolve(name)),
                    Files.readAllBytes(dir.resolve("pool").resolve(name))), name);
        }
    }

    @Test
    void certificateVsRealityOnSparkWritesTheCsvOfTheInProcessRun() throws Exception {
        String[] tiny = {"experiment", "certificate-vs-reality", "--widths", "16,64", "--n", "2", "--T", "3", "--d",
            "2", "--amplitude", "0.05", "--eta", "0.2", "--iterations", "20", "--period", "5", "--quiet", "--out"};
        run(0, ExperimentCommandTest.concat(tiny, dir.resolve("in-process").toString()));
        String out = run(0, ExperimentCommandTest.concat(tiny, dir.resolve("spark").toString(), "--master",
                "local[2]"));
        assertTrue(out.contains("# certificate-vs-reality"), out);
        byte[] csv = Files.readAllBytes(dir.resolve("in-process/certificate-vs-reality.csv"));
        assertEquals(3, Files.readAllLines(dir.resolve("in-process/certificate-vs-reality.csv")).size());
        assertTrue(java.util.Arrays.equals(csv, Files.readAllBytes(dir.resolve("spark/certificate-vs-reality.csv"))));
    }
}
