package org.rnntk.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files one command writes into one folder, all or none. The folder is checked (and, if asked,
 * created) before any work; each file is written to a temporary file in the same folder and only
 * {@link #commit()} renames them to their names, atomically each. If the run fails before the commit,
 * {@link #close()} deletes the temporary files (and a folder this object created, when left empty);
 * if a rename fails during the commit, the files already renamed are deleted again, so the folder
 * never holds part of a run's results. A whole folder (a saved model) is staged the same way by
 * {@link #stageFolder}: written into a temporary folder, renamed at the commit, and an older folder of
 * that name replaced only once every output is in place. Used by one thread.
 */
final class OutputFiles implements AutoCloseable {

    /** Writes one file's contents to the given (temporary) path. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path path) throws IOException;
    }

    private final Path dir;
    private final String what;
    private final boolean createdDir;
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private final Set<Path> folders = new HashSet<>();
    private boolean committed;

    private OutputFiles(Path dir, String what, boolean createdDir) {
        this.dir = dir;
        this.what = what;
        this.createdDir = createdDir;
    }

    /**
     * Outputs into an existing folder {@code dir}, checked to be writable by creating and deleting a
     * probe file.
     *
     * @param what how messages name the folder, e.g. {@code "DIR"} or {@code "the folder of --out"}
     */
    static OutputFiles intoExisting(String what, Path dir) {
        Path abs = dir.toAbsolutePath();
        if (!Files.exists(abs)) {
            throw CliFailure.usage(what + " (" + dir + ") does not exist");
        }
        if (!Files.isDirectory(abs)) {
            throw CliFailure.usage(what + " (" + dir + ") is not a directory");
        }
        probe(what, abs);
        return new OutputFiles(abs, what, false);
    }

    /** Outputs into {@code dir}, created (with its parents) now when missing. */
    static OutputFiles intoCreated(String what, Path dir) {
        Path abs = dir.toAbsolutePath();
        boolean created = false;
        if (!Files.isDirectory(abs)) {
            if (Files.exists(abs)) {
                throw CliFailure.usage(what + " (" + dir + ") exists and is not a directory");
            }
            try {
                Files.createDirectories(abs);
                created = true;
            } catch (IOException e) {
                throw CliFailure.usage(what + " (" + dir + ") cannot be created: " + describe(e), e);
            }
        }
        probe(what, abs);
        return new OutputFiles(abs, what, created);
    }

    /** Outputs of a single file {@code file} (the file of an {@code --out FILE} option). */
    static OutputFiles forFile(String what, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw CliFailure.usage(what + " (" + file + ") is a directory; expected a file name");
        }
        Path parent = abs.getParent();
        if (!Files.isDirectory(parent)) {
            throw CliFailure.usage("the folder of " + what + " (" + parent + ") does not exist");
        }
        probe("the folder of " + what, parent);
        return new OutputFiles(parent, what, false);
    }

    private static void probe(String what, Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".rnntk-probe-", ".tmp"));
        } catch (IOException e) {
            throw CliFailure.usage(what + " (" + dir + ") is not writable: " + describe(e), e);
        }
    }

    /** The folder the files go to. */
    Path directory() {
        return dir;
    }

    /** The final path of {@code name} in the folder (nothing is written there before the commit). */
    Path finalPath(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code name}'s contents to a temporary file in the folder, to be renamed by {@link #commit()}. */
    void stage(String name, Content content) {
        if (committed) {
            throw new IllegalStateException("the outputs in " + dir + " were already committed");
        }
        Path target = dir.resolve(name);
        try {
            Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
            staged.put(target, tmp);
            content.writeTo(tmp);
        } catch (IOException e) {
            throw CliFailure.runtime("cannot write " + target + ": " + describe(e), e);
        } catch (UncheckedIOException e) {
            throw CliFailure.runtime("cannot write " + target + ": " + describe(e.getCause()), e);
        }
    }

    /**
     * Checks, before any work, that the names to be written as files are not folders and those to be
     * written as folders ({@link #stageFolder}) are not files, so the commit cannot fail on them.
     */
    void requireKinds(List<String> fileNames, List<String> folderNames) {
        for (String name : fileNames) {
            if (Files.isDirectory(dir.resolve(name))) {
                throw CliFailure.usage(what + " holds a folder " + dir.resolve(name) + " where the file " + name
                        + " is to be written; remove it or choose another folder");
            }
        }
        for (String name : folderNames) {
            Path p = dir.resolve(name);
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw CliFailure.usage(what + " holds a file " + p + " where the folder " + name
                        + " is to be written; remove it or choose another folder");
            }
        }
    }

    /**
     * Writes the folder {@code name}'s contents into a temporary folder in {@link #directory()}, to be
     * renamed by {@link #commit()}; {@code content} receives the temporary folder's path.
     */
    void stageFolder(String name, Content content) {
        if (committed) {
            throw new IllegalStateException("the outputs in " + dir + " were already committed");
        }
        Path target = dir.resolve(name);
        try {
            Path tmp = Files.createTempDirectory(dir, "." + name + ".");
            staged.put(target, tmp);
            folders.add(target);
            content.writeTo(tmp);
        } catch (IOException e) {
            throw CliFailure.runtime("cannot write " + target + ": " + describe(e), e);
        } catch (UncheckedIOException e) {
            throw CliFailure.runtime("cannot write " + target + ": " + describe(e.getCause()), e);
        }
    }

    /** Renames every staged file and folder to its name; all of them or (after a failure) none. */
    List<Path> commit() {
        List<Path> done = new ArrayList<>();
        Map<Path, Path> displaced = new LinkedHashMap<>();
        for (Map.Entry<Path, Path> e : staged.entrySet()) {
            Path target = e.getKey();
            try {
                if (folders.contains(target) && Files.isDirectory(target)) {
                    // a folder cannot be renamed over a non-empty one: move the old one aside until the end
                    Path aside = Files.createTempDirectory(dir, "." + target.getFileName() + ".old.");
                    Files.delete(aside);
                    Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
                    displaced.put(target, aside);
                }
                move(e.getValue(), target);
                done.add(target);
            } catch (IOException failure) {
                for (Path p : done) {
                    deleteTree(p);
                }
                for (Map.Entry<Path, Path> old : displaced.entrySet()) {
                    try {
                        Files.move(old.getValue(), old.getKey(), StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException restore) {
                        // the old folder stays under its temporary name; the failure below names the target
                    }
                }
                throw CliFailure.runtime("cannot write " + target + ": " + describe(failure)
                        + "; no results were kept", failure);
            }
        }
        for (Path aside : displaced.values()) {
            deleteTree(aside);
        }
        committed = true;
        staged.clear();
        return done;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the temporary files of an uncommitted run, and the folder if this object created it and it is empty. */
    @Override
    public void close() {
        for (Path tmp : staged.values()) {
            deleteTree(tmp);
        }
        staged.clear();
        if (!committed && createdDir) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // not empty (something else wrote there) or gone: leave it
            }
        }
    }

    /** Deletes a file or a folder with its contents, best effort. */
    private static void deleteTree(Path p) {
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            deleteQuietly(p);
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(OutputFiles::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // best effort: the failure being reported matters more
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the failure being reported matters more
        }
    }

    /** The JDK's file exceptions carry only the path as their message; say what went wrong. */
    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "OutputFiles[" + what + " " + dir + ", " + staged.size() + " staged]";
    }
}
