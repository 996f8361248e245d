package org.rnntk.experiments;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * Writes {@code <name>.csv}, the extra tables, {@code <name>.png} and {@code <name>.md} into
     * {@code dir} (created if needed) and returns the paths of the main CSV, the PNG and the summary.
     */
    default List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve(name() + ".csv");
        Path png = dir.resolve(name() + ".png");
        Path md = dir.resolve(name() + ".md");
        Files.writeString(csv, table().toCsv(), StandardCharsets.UTF_8);
        for (Map.Entry<String, CsvTable> e : new TreeMap<>(extraTables()).entrySet()) {
            Files.writeString(dir.resolve(name() + "-" + e.getKey() + ".csv"), e.getValue().toCsv(),
                    StandardCharsets.UTF_8);
        }
        if (!ImageIO.write(figure(), "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
        Files.writeString(md, summary(), StandardCharsets.UTF_8);
        return List.of(csv, png, md);
    }
}
