package org.rnntk.cli;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output folder of {@code sweep} and the tiled {@code gram}: a local path (checked and created
 * through {@link OutputFiles} before any work) or a Hadoop file system URI ({@code hdfs://},
 * {@code s3a://}: created and probed through Hadoop). Results are written into a hidden staging
 * folder inside it, by the driver or by Spark executors, and {@link #commit()} moves them into the
 * folder, the file named last (an index) moved last; a run that fails before the commit leaves no
 * result behind ({@link #close()} deletes the staging folder, and the folder itself when this object
 * created it). Used by one thread (the driver).
 */
final class OutputFolder implements AutoCloseable {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final String what;
    private final Path folder;
    private final Path staging;
    private final FileSystem fs;
    private final OutputFiles local;
    private final boolean createdRemote;
    private boolean committed;

    private OutputFolder(String what, Path folder, FileSystem fs, OutputFiles local, boolean createdRemote) {
        this.what = what;
        this.folder = folder;
        this.fs = fs;
        this.local = local;
        this.createdRemote = createdRemote;
        this.staging = new Path(folder, ".rnntk-staging-" + UUID.randomUUID());
    }

    /** Checks (and creates when missing) the folder {@code out} of option {@code what}, before any work. */
    static OutputFolder prepare(String what, String out, Configuration conf) {
        boolean remote = SCHEME.matcher(out).matches() && !out.startsWith("file:");
        if (!remote) {
            java.nio.file.Path p = out.startsWith("file:") ? java.nio.file.Path.of(URI.create(out))
                    : java.nio.file.Path.of(out);
            OutputFiles files = OutputFiles.intoCreated(what, p);
            try {
                FileSystem fs = FileSystem.getLocal(conf);
                fs.setWriteChecksum(false);
                return new OutputFolder(what, new Path(files.directory().toUri()), fs, files, false);
            } catch (IOException e) {
                files.close();
                throw CliFailure.runtime("cannot open the local file system: " + OutputFiles.describe(e), e);
            }
        }
        Path folder = new Path(out);
        try {
            FileSystem fs = folder.getFileSystem(conf);
            fs.setWriteChecksum(false);
            boolean created = false;
            if (!fs.exists(folder)) {
                if (!fs.mkdirs(folder)) {
                    throw CliFailure.usage(what + " (" + out + ") cannot be created");
                }
                created = true;
            } else if (!fs.getFileStatus(folder).isDirectory()) {
                throw CliFailure.usage(what + " (" + out + ") exists and is not a directory");
            }
            Path probe = new Path(folder, ".rnntk-probe-" + UUID.randomUUID());
            fs.create(probe, false).close();
            fs.delete(probe, false);
            return new OutputFolder(what, folder, fs, null, created);
        } catch (IOException e) {
            throw CliFailure.usage(what + " (" + out + ") is not writable: " + OutputFiles.describe(e), e);
        }
    }

    /** The staging folder the results are written into (a URI every executor can write to). */
    String staging() {
        return staging.toString();
    }

    /** The folder, as the user named it for messages. */
    String folder() {
        return folder.toString();
    }

    /**
     * Moves every file of the staging folder into the folder ({@code last} after the others) and
     * removes the staging folder; all or, after a failure, none.
     */
    void commit(String last) {
        List<Path> done = new ArrayList<>();
        try {
            List<Path> files = new ArrayList<>();
            Path lastFile = null;
            for (FileStatus s : fs.listStatus(staging)) {
                if (s.getPath().getName().equals(last)) {
                    lastFile = s.getPath();
                } else {
                    files.add(s.getPath());
                }
            }
            if (lastFile != null) {
                files.add(lastFile);
            }
            for (Path from : files) {
                Path to = new Path(folder, from.getName());
                if (fs.exists(to)) {
                    fs.delete(to, false);
                }
                if (!fs.rename(from, to)) {
                    throw new IOException("cannot rename " + from + " to " + to);
                }
                done.add(to);
            }
            fs.delete(staging, true);
            committed = true;
            if (local != null) {
                local.commit();
            }
        } catch (IOException e) {
            for (Path p : done) {
                try {
                    fs.delete(p, false);
                } catch (IOException ignored) {
                    // best effort: the failure being reported matters more
                }
            }
            throw CliFailure.runtime("cannot write into " + what + " (" + folder + "): " + OutputFiles.describe(e)
                    + "; no results were kept", e);
        }
    }

    /** Deletes the staging folder of an uncommitted run, and the folder if this object created it. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            fs.delete(staging, true);
            if (createdRemote) {
                fs.delete(folder, false);
            }
        } catch (IOException e) {
            // best effort: the failure being reported matters more
        }
        if (local != null) {
            local.close();
        }
    }
}
