package org.rnntk.experiments;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

/**
 * The result of an experiment: raw numbers as CSV, a figure and a markdown summary. The CSV and
 * the figure are deterministic functions of the configuration (seeded); the summary may add the
 * run time.
 */
public interface ExperimentReport {

    /** The experiment's command name, used as the stem of the files. */
    String name();

    /** The raw numbers, one row per measurement, with a header line. */
    CsvTable table();

    /**
     * Further tables written beside the main one as {@code <name>-<key>.csv} (e.g. a per-n summary);
     * empty by default.
     */
    default Map<String, CsvTable> extraTables() {
        return Map.of();
    }

    /** The figure. */
    BufferedImage figure();

    /** A short markdown summary: configuration, the key numbers, what they show. */
    String summary();

    /**
     * The files of the report, name to bytes in writing order: {@code <name>.csv}, the extra tables
     * {@code <name>-<key>.csv}, {@code <name>.png} and {@code <name>.md}. Rendering them all before
     * writing any lets a caller write all or none.
     */
    default Map<String, byte[]> contents() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name() + ".csv", table().toCsv().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, CsvTable> e : new TreeMap<>(extraTables()).entrySet()) {
            files.put(name() + "-" + e.getKey() + ".csv", e.getValue().toCsv().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(figure(), "png", png)) {
            throw new IOException("no PNG writer available for " + name() + ".png");
        }
        files.put(name() + ".png", png.toByteArray());
        files.put(name() + ".md", summary().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /**
     * Writes {@link #contents()} into {@code dir} (created if needed) and returns the paths of the main
     * CSV, the PNG and the summary. Not atomic: the command line writes through its own all-or-none
     * writer.
     */
    default List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : contents().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return List.of(dir.resolve(name() + ".csv"), dir.resolve(name() + ".png"), dir.resolve(name() + ".md"));
    }
}
