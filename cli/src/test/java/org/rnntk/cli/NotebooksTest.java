package org.rnntk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code docs/notebooks/*.jsh} with the JDK's jshell and this module's class path (all
 * rnntk artifacts and their dependencies): a notebook that throws, fails to compile or does not
 * reach its last line fails the build.
 */
@Tag("slow")
class NotebooksTest {

    private static final long TIMEOUT_SECONDS = 600;
    private static final Path NOTEBOOKS = Paths.get("..", "docs", "notebooks");

    static Stream<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".jsh")).sorted().collect(Collectors.toList());
            assertFalse(list.isEmpty(), "no notebooks in " + NOTEBOOKS.toAbsolutePath());
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void notebookRunsToTheEnd(Path notebook) throws Exception {
        String cp = System.getProperty("java.class.path");
        Path jshell = Paths.get(System.getProperty("java.home"), "bin", "jshell");
        ProcessBuilder pb = new ProcessBuilder(jshell.toString(), "-R-Djava.awt.headless=true", "--class-path", cp,
                notebook.toAbsolutePath().toString());
        pb.directory(Paths.get("..").toFile());
        pb.redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Path log = Files.createTempFile("notebook", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), notebook + " did not finish");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), notebook + " exited with " + p.exitValue() + ":\n" + out);
        for (String bad : new String[]{"Exception", "|  Error:", "cannot find symbol"}) {
            assertFalse(out.contains(bad), notebook + " printed '" + bad + "':\n" + out);
        }
        assertTrue(out.contains("finished"), notebook + " did not reach its end:\n" + out);
    }
}
