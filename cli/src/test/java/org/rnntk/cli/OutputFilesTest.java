package org.rnntk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All or none: {@link OutputFiles} leaves either every file of a run or none, and never a temporary file. */
class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void nothingIsVisibleBeforeTheCommitAndEverythingAfter() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "old");
        try (OutputFiles out = OutputFiles.intoExisting("DIR", dir)) {
            out.stage("a.txt", p -> Files.writeString(p, "new a"));
            out.stage("b.txt", p -> Files.writeString(p, "new b"));
            assertEquals("old", Files.readString(dir.resolve("a.txt")), "not replaced before the commit");
            assertFalse(Files.exists(dir.resolve("b.txt")));
            assertEquals(List.of(dir.resolve("a.txt"), dir.resolve("b.txt")), out.commit());
        }
        assertEquals("new a", Files.readString(dir.resolve("a.txt")));
        assertEquals("new b", Files.readString(dir.resolve("b.txt")));
        assertEquals(List.of("a.txt", "b.txt"), CliContractTest.names(dir));
    }

    @Test
    void aFailureBeforeTheCommitLeavesNoFileAndNoTemporaryFile() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "old");
        assertThrows(IllegalStateException.class, () -> {
            try (OutputFiles out = OutputFiles.intoExisting("DIR", dir)) {
                out.stage("a.txt", p -> Files.writeString(p, "new a"));
                out.stage("b.txt", p -> Files.writeString(p, "new b"));
                throw new IllegalStateException("the run fails here");
            }
        });
        assertEquals(List.of("a.txt"), CliContractTest.names(dir));
        assertEquals("old", Files.readString(dir.resolve("a.txt")));
    }

    @Test
    void aFailedWriteIsARunTimeFailureAndLeavesNothing() throws IOException {
        CliFailure f = assertThrows(CliFailure.class, () -> {
            try (OutputFiles out = OutputFiles.intoExisting("DIR", dir)) {
                out.stage("a.txt", p -> Files.writeString(p, "a"));
                out.stage("b.txt", p -> {
                    throw new IOException("disk full");
                });
            }
        });
        assertEquals(CliFailure.RUNTIME, f.exitCode());
        assertTrue(f.getMessage().contains("cannot write " + dir.toAbsolutePath().resolve("b.txt") + ": disk full"),
                f.getMessage());
        assertEquals(List.of(), CliContractTest.names(dir));
    }

    @Test
    void aFolderCreatedForAFailedRunIsRemovedAgain() throws IOException {
        Path fresh = dir.resolve("new").resolve("deeper");
        assertThrows(IllegalStateException.class, () -> {
            try (OutputFiles out = OutputFiles.intoCreated("--out", fresh)) {
                assertTrue(Files.isDirectory(fresh), "created before the run");
                out.stage("a.txt", p -> Files.writeString(p, "a"));
                throw new IllegalStateException("the run fails here");
            }
        });
        assertFalse(Files.exists(fresh));
        try (OutputFiles out = OutputFiles.intoCreated("--out", fresh)) {
            out.stage("a.txt", p -> Files.writeString(p, "a"));
            out.commit();
        }
        assertEquals(List.of("a.txt"), CliContractTest.names(fresh));
    }

    @Test
    void unusableFoldersAreUsageErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        CliFailure e = assertThrows(CliFailure.class, () -> OutputFiles.intoExisting("DIR", file));
        assertEquals(CliFailure.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("DIR (" + file + ") is not a directory"), e.getMessage());
        e = assertThrows(CliFailure.class, () -> OutputFiles.intoExisting("DIR", dir.resolve("missing")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(CliFailure.class, () -> OutputFiles.forFile("--out", dir.resolve("missing").resolve("k.npy")));
        assertTrue(e.getMessage().contains("the folder of --out"), e.getMessage());
        e = assertThrows(CliFailure.class, () -> OutputFiles.intoCreated("--out", file.resolve("sub")));
        assertTrue(e.getMessage().contains("cannot be created"), e.getMessage());
    }
}
