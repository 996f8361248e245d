package org.rnntk.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of input paths made before any work starts; each failure is a {@link CliFailure#usage}. */
final class InputFiles {

    private InputFiles() {
    }

    /**
     * Requires {@code file} to be a readable regular file.
     *
     * @param what how the message names it, e.g. {@code "--x"} or {@code "x.npy in DIR"}
     */
    static Path readableFile(String what, Path file) {
        if (!Files.exists(file)) {
            throw CliFailure.usage(what + " (" + file + ") does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage(what + " (" + file + ") is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw CliFailure.usage(what + " (" + file + ") is not readable: permission denied");
        }
        return file;
    }

    /** Requires {@code dir} to be a readable directory. */
    static Path readableDirectory(String what, Path dir) {
        if (!Files.exists(dir)) {
            throw CliFailure.usage(what + " (" + dir + ") does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw CliFailure.usage(what + " (" + dir + ") is not a directory");
        }
        if (!Files.isReadable(dir)) {
            throw CliFailure.usage(what + " (" + dir + ") is not readable: permission denied");
        }
        return dir;
    }

    /** Requires each of {@code names} to be a readable file in {@code dir} (named "x.npy in DIR"). */
    static void readableFilesIn(String dirName, Path dir, String... names) {
        for (String name : names) {
            readableFile(name + " in " + dirName, dir.resolve(name));
        }
    }
}
