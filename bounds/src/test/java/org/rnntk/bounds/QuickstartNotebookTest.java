package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code docs/notebooks/bounds-quickstart.jsh} with the JDK's {@code jshell} tool and a class
 * path of rnntk-core, rnntk-bounds and commons-math3 only (taken from this test's class path), and
 * fails if the script errors, prints an exception, or does not reach its last line.
 */
@Tag("slow")
class QuickstartNotebookTest {

    static final long TIMEOUT_SECONDS = 120;

    @Test
    void quickstartRunsWithOnlyCoreBoundsAndCommonsMath() throws Exception {
        Path script = Paths.get("..", "docs", "notebooks", "bounds-quickstart.jsh").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(script), "missing " + script);
        String cp = System.getProperty("java.class.path");
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            cp = surefire;
        }
        List<String> keep = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            boolean ours = e.endsWith("bounds/target/classes") || e.endsWith("core/target/classes")
                    || e.matches(".*/rnntk-(core|bounds)-[^/]*\\.jar") || e.matches(".*/commons-math3-[^/]*\\.jar");
            if (ours) {
                keep.add(entry);
            }
        }
        assertTrue(keep.stream().anyMatch(e -> e.contains("commons-math3")), "commons-math3 not found in " + cp);
        assertTrue(keep.stream().anyMatch(e -> e.replace('\\', '/').contains("bounds/target/classes")),
                "bounds classes not found in " + cp);
        Path jshell = Paths.get(System.getProperty("java.home"), "bin", isWindows() ? "jshell.exe" : "jshell");
        assertTrue(Files.isExecutable(jshell), "no jshell at " + jshell);
        ProcessBuilder pb = new ProcessBuilder(jshell.toString(), "-R-Djava.awt.headless=true",
                "-J-Djava.util.prefs.userRoot=" + System.getProperty("java.io.tmpdir"),
                "--class-path", String.join(File.pathSeparator, keep), script.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "jshell did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertFalse(text.contains("Error:"), text);
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("cannot find symbol"), text);
        assertTrue(text.contains("required width"), text);
        assertTrue(text.contains("m = 40814666"), text);
        assertTrue(text.contains("quickstart finished"), text);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
    }
}
