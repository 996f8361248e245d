package org.rnntk.spark.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;

/**
 * Files on any Hadoop file system (a local path, {@code file:}, {@code hdfs:}, {@code s3a:} ...):
 * text lines and {@code .npy} arrays (through a local temporary file and rnntk's own {@link Npy}).
 * Not part of the API.
 */
public final class HadoopFiles {

    private HadoopFiles() {
    }

    /** The file system of {@code folder}; no checksum side files on a local one. */
    public static FileSystem fileSystem(Configuration conf, String folder) {
        try {
            FileSystem fs = new Path(folder).getFileSystem(conf);
            fs.setWriteChecksum(false);
            return fs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code lines} (each followed by a line feed) to {@code folder/name}, creating the folder. */
    public static void writeLines(Configuration conf, String folder, String name, List<String> lines) {
        FileSystem fs = fileSystem(conf, folder);
        Path file = new Path(folder, name);
        try {
            fs.mkdirs(new Path(folder));
            try (Writer w = new BufferedWriter(new OutputStreamWriter(fs.create(file, true), StandardCharsets.UTF_8))) {
                for (String line : lines) {
                    w.write(line);
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The lines of {@code folder/name}. */
    public static List<String> readLines(Configuration conf, String folder, String name) {
        FileSystem fs = fileSystem(conf, folder);
        Path file = new Path(folder, name);
        try (FSDataInputStream in = fs.open(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a float64 rows×cols array as {@code folder/name}. */
    public static void writeNpy(Configuration conf, String folder, String name, double[] data, int rows, int cols) {
        FileSystem fs = fileSystem(conf, folder);
        Path file = new Path(folder, name);
        java.nio.file.Path tmp = null;
        try {
            tmp = Files.createTempFile("rnntk-tile", ".npy");
            Npy.write(tmp, data, rows, cols);
            fs.mkdirs(new Path(folder));
            fs.copyFromLocalFile(false, true, new Path(tmp.toUri()), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Reads {@code folder/name} as an .npy array. */
    public static NpyArray readNpy(Configuration conf, String folder, String name) {
        FileSystem fs = fileSystem(conf, folder);
        Path file = new Path(folder, name);
        java.nio.file.Path tmp = null;
        try {
            tmp = Files.createTempFile("rnntk-tile", ".npy");
            try (FSDataInputStream in = fs.open(file)) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return Npy.read(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(java.nio.file.Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }
}
