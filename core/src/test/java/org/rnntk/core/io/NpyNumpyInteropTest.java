package org.rnntk.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written here are loaded by real NumPy, which checks shape, dtype and every value. Skipped (not
 * failed) only when {@code python3} with {@code numpy} is not installed; the committed fixtures in
 * {@link NpyFixturesTest} cover the other direction without Python.
 */
class NpyNumpyInteropTest {

    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    private record Result(int exitCode, String output) {
    }

    private static Result python(String script, Path... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        for (Path arg : args) {
            command.add(arg.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // Outputs are a few lines, so reading to the end before waiting cannot deadlock on a full pipe.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("python3 did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), output);
    }

    /** Why numpy cannot be used, or {@code null} if it can; probed once for the class. */
    private static String numpyMissing;

    @BeforeAll
    static void probeNumpy() throws InterruptedException {
        try {
            Result probe = python("import numpy");
            numpyMissing = probe.exitCode() == 0 ? null : probe.output();
        } catch (IOException e) {
            numpyMissing = e.getMessage();
        }
    }

    /** Per test rather than in {@code @BeforeAll}, so that each test is reported as skipped. */
    @BeforeEach
    void requireNumpy() {
        Assumptions.assumeTrue(numpyMissing == null, () -> "python3 with numpy is not available: " + numpyMissing);
    }

    @Test
    void numpyLoadsWhatJavaWrites() throws IOException, InterruptedException {
        Path f8 = dir.resolve("f8_3d.npy");
        Path f4 = dir.resolve("f4_2d.npy");
        Path scalar = dir.resolve("scalar.npy");
        Path empty = dir.resolve("empty.npy");
        Path i4 = dir.resolve("i4.npy");
        Path special = dir.resolve("special.npy");

        double[] cube = new double[2 * 3 * 4];
        for (int c = 0; c < cube.length; c++) {
            cube[c] = 0.1 * c - 1;
        }
        Npy.write(f8, cube, 2, 3, 4);
        Npy.writeFloat32(f4, new float[] {0.1f, 0.2f, 0.3f, -1f, 1e-30f, 3e30f}, 2, 3);
        Npy.write(scalar, new double[] {0.6931471805599453});
        Npy.write(empty, new double[0], 0, 5);
        Npy.write(i4, new NpyArray(new long[] {3}, NpyDtype.INT32, new double[] {-2147483648.0, 0, 2147483647}));
        Npy.write(special, new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0}, 3);

        String script = String.join("\n",
                "import sys, numpy as np",
                "f8, f4, s, e, i4, sp = sys.argv[1:]",
                "a = np.load(f8)",
                "assert a.dtype == np.float64 and a.shape == (2, 3, 4), (a.dtype, a.shape)",
                "assert np.array_equal(a, 0.1 * np.arange(24).reshape(2, 3, 4) - 1), a",
                "b = np.load(f4)",
                "assert b.dtype == np.float32 and b.shape == (2, 3), (b.dtype, b.shape)",
                "assert np.array_equal(b, np.array([[0.1, 0.2, 0.3], [-1, 1e-30, 3e30]], dtype=np.float32)), b",
                "c = np.load(s)",
                "assert c.shape == () and c.dtype == np.float64 and c == 0.6931471805599453, (c.shape, c)",
                "d = np.load(e)",
                "assert d.shape == (0, 5) and d.dtype == np.float64, d.shape",
                "g = np.load(i4)",
                "assert g.dtype == np.int32 and g.tolist() == [-2147483648, 0, 2147483647], g",
                "h = np.load(sp)",
                "assert np.isnan(h[0]) and h[1] == np.inf and h[2] == 0 and np.signbit(h[2]), h",
                "print('ok')");
        Result result = python(script, f8, f4, scalar, empty, i4, special);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().strip().endsWith("ok"), result.output());
    }

    @Test
    void javaReadsWhatNumpyWritesFreshly() throws IOException, InterruptedException {
        Path path = dir.resolve("from_numpy.npy");
        Result result = python(String.join("\n",
                "import sys, numpy as np",
                "np.save(sys.argv[1], np.asfortranarray(np.arange(60, dtype=np.float64).reshape(3, 4, 5) / 7))"),
                path);
        assertEquals(0, result.exitCode(), result.output());
        NpyArray array = Npy.read(path);
        array.requireShape("from_numpy.npy", 3, 4, 5);
        for (int c = 0; c < 60; c++) {
            assertEquals(c / 7.0, array.data()[c], 0.0, "element " + c);
        }
    }
}
