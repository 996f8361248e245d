package org.rnntk.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.init.MirroredDenseInitializer;
import org.rnntk.core.init.SymmetricInitializer;

/**
 * The model file format: a folder holding the parameters as NumPy arrays and a small JSON file,
 * readable from Python with {@code numpy.load} and {@code json.load}:
 * <pre>
 *   w.npy       float64 (m,)     recurrent weights (the diagonal of W)
 *   u.npy       float64 (m, d)   input weights, row i = neuron i
 *   c.npy       float64 (m,)     output signs ±1
 *   model.json  {"format": "rnntk-model", "version": 1, "activation": "tanh", "width": m, "inputDim": d,
 *                "law": "UNIFORM", "alpha": 0.5, "inputScale": 1.0, "seed": 42}
 * </pre>
 * {@code law}, {@code alpha}, {@code inputScale} and {@code seed} describe the symmetric
 * initialization (docs/theory.md §2) the parameters started from, or are all {@code null} when it
 * is unknown. Values are float64 on disk, so {@code save} then {@code load} returns the same bits.
 *
 * <p>The dense network (docs/theory.md §11) is saved by {@link #saveDense} and read by
 * {@link #loadDense}: {@code w.npy} is then W, float64 (m, m), row i = neuron i, and {@code model.json}
 * has {@code "network": "dense"} and, for the mirrored initialization, {@code "law"} (GAUSSIAN or
 * ORTHOGONAL), {@code "rho"}, {@code "inputScale"} and {@code "seed"} (or all null). A folder without
 * the {@code network} key holds the diagonal network; {@link #isDense} tells them apart.
 * Stateless; concurrent saves into one folder are the caller's to avoid.
 */
public final class ModelFolder {

    /** The version written, and the only one read. */
    public static final int FORMAT_VERSION = 1;
    /** The value of the {@code format} key. */
    public static final String FORMAT = "rnntk-model";
    /** The metadata file's name. */
    public static final String METADATA = "model.json";
    private static final String DENSE = "dense";
    private static final String DIAGONAL = "diagonal";

    private ModelFolder() {
    }

    /**
     * Writes the model into {@code dir} (created if absent; existing files of the format overwritten).
     *
     * @param initializer the initialization the parameters started from, or null when unknown
     * @throws IllegalArgumentException when {@code dir} exists and is not a directory
     * @throws UncheckedIOException     when a file cannot be written
     */
    public static void save(Path dir, DiagonalRnn model, SymmetricInitializer initializer) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(model, "model");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model folder " + dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
            int m = model.width();
            int d = model.inputDim();
            Npy.write(dir.resolve("w.npy"), model.w(), m);
            Npy.write(dir.resolve("u.npy"), model.u(), m, d);
            Npy.write(dir.resolve("c.npy"), model.c(), m);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", FORMAT);
            json.put("version", FORMAT_VERSION);
            json.put("activation", model.activation().name());
            json.put("width", m);
            json.put("inputDim", d);
            json.put("law", initializer == null ? null : initializer.law().name());
            json.put("alpha", initializer == null ? null : initializer.alpha());
            json.put("inputScale", initializer == null ? null : initializer.inputScale());
            json.put("seed", initializer == null ? null : initializer.seed());
            Files.writeString(dir.resolve(METADATA), FlatJson.write(json), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model into " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the dense model into {@code dir} (created if absent; existing files of the format
     * overwritten).
     *
     * @param initializer the mirrored initialization the parameters started from, or null when unknown
     * @throws IllegalArgumentException when {@code dir} exists and is not a directory
     * @throws UncheckedIOException     when a file cannot be written
     */
    public static void saveDense(Path dir, DenseRnn model, MirroredDenseInitializer initializer) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(model, "model");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model folder " + dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
            int m = model.width();
            int d = model.inputDim();
            Npy.write(dir.resolve("w.npy"), model.w(), m, m);
            Npy.write(dir.resolve("u.npy"), model.u(), m, d);
            Npy.write(dir.resolve("c.npy"), model.c(), m);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", FORMAT);
            json.put("version", FORMAT_VERSION);
            json.put("network", DENSE);
            json.put("activation", model.activation().name());
            json.put("width", m);
            json.put("inputDim", d);
            json.put("law", initializer == null ? null : initializer.law().name());
            json.put("rho", initializer == null ? null : initializer.rho());
            json.put("inputScale", initializer == null ? null : initializer.inputScale());
            json.put("seed", initializer == null ? null : initializer.seed());
            Files.writeString(dir.resolve(METADATA), FlatJson.write(json), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model into " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the model folder {@code dir} holds the dense network ({@code "network": "dense"} in its
     * {@code model.json}) rather than the diagonal one.
     *
     * @throws IllegalArgumentException when {@code model.json} is missing or malformed
     */
    public static boolean isDense(Path dir) {
        return network(metadata(dir), dir);
    }

    private static boolean network(Map<String, Object> json, Path dir) {
        Object v = json.get("network");
        if (v == null || DIAGONAL.equals(v)) {
            return false;
        }
        if (DENSE.equals(v)) {
            return true;
        }
        throw new IllegalArgumentException(dir.resolve(METADATA) + ": \"network\" (" + v + ") must be \""
                + DIAGONAL + "\" or \"" + DENSE + "\"");
    }

    /**
     * Reads a dense model saved by {@link #saveDense}, with the activation named in {@code model.json}.
     *
     * @throws IllegalArgumentException when the folder holds the diagonal network, a file is missing or
     *                                  malformed, or the shapes disagree with each other or the JSON
     */
    public static SavedDenseModel loadDense(Path dir) {
        Map<String, Object> json = metadata(dir);
        return loadDense(dir, json, Activations.byName(string(json, "activation", dir)));
    }

    /** As {@link #loadDense(Path)} with a given activation, whose name must be the one recorded. */
    public static SavedDenseModel loadDense(Path dir, Activation activation) {
        Objects.requireNonNull(activation, "activation");
        Map<String, Object> json = metadata(dir);
        requireActivation(json, dir, activation);
        return loadDense(dir, json, activation);
    }

    private static SavedDenseModel loadDense(Path dir, Map<String, Object> json, Activation activation) {
        if (!network(json, dir)) {
            throw new IllegalArgumentException("model folder " + dir + " holds the diagonal network (w.npy of "
                    + "shape (m)); read it with ModelFolder.load");
        }
        int m = (int) integer(json, "width", dir);
        int d = (int) integer(json, "inputDim", dir);
        NpyArray w = Npy.read(dir.resolve("w.npy"));
        w.requireShape("w.npy", m, m);
        NpyArray u = Npy.read(dir.resolve("u.npy"));
        u.requireShape("u.npy", m, d);
        NpyArray c = Npy.read(dir.resolve("c.npy"));
        c.requireShape("c.npy", m);
        DenseRnn model = new DenseRnn(activation, m, d, w.data(), u.data(), c.data());
        Object law = json.get("law");
        MirroredDenseInitializer init = null;
        if (law != null) {
            DenseLaw parsed;
            try {
                parsed = DenseLaw.valueOf(String.valueOf(law));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(dir.resolve(METADATA) + ": law '" + law
                        + "' is unknown; expected GAUSSIAN, ORTHOGONAL or null");
            }
            init = new MirroredDenseInitializer(number(json, "rho", dir), parsed, number(json, "inputScale", dir),
                    integer(json, "seed", dir));
        }
        return new SavedDenseModel(model, init);
    }

    /**
     * Reads a model saved by {@link #save}, with the activation named in {@code model.json}
     * ({@code tanh} or {@code sigmoid}).
     *
     * @throws IllegalArgumentException when a file is missing or malformed, the version is not
     *                                  {@value #FORMAT_VERSION}, the shapes disagree with each other or
     *                                  with the JSON, or the activation is not a built-in one (use
     *                                  {@link #load(Path, Activation)})
     */
    public static SavedModel load(Path dir) {
        Map<String, Object> json = metadata(dir);
        return load(dir, json, Activations.byName(string(json, "activation", dir)));
    }

    /**
     * Reads a model saved by {@link #save} with a user-defined activation, whose name must be the one
     * recorded.
     */
    public static SavedModel load(Path dir, Activation activation) {
        Objects.requireNonNull(activation, "activation");
        Map<String, Object> json = metadata(dir);
        requireActivation(json, dir, activation);
        return load(dir, json, activation);
    }

    private static void requireActivation(Map<String, Object> json, Path dir, Activation activation) {
        String name = string(json, "activation", dir);
        if (!name.equals(activation.name())) {
            throw new IllegalArgumentException(dir.resolve(METADATA) + " records activation '" + name
                    + "' but activation '" + activation.name() + "' was given");
        }
    }

    private static SavedModel load(Path dir, Map<String, Object> json, Activation activation) {
        if (network(json, dir)) {
            throw new IllegalArgumentException("model folder " + dir + " holds the dense network (w.npy of "
                    + "shape (m, m)); read it with ModelFolder.loadDense");
        }
        int m = (int) integer(json, "width", dir);
        int d = (int) integer(json, "inputDim", dir);
        NpyArray w = Npy.read(dir.resolve("w.npy"));
        w.requireShape("w.npy", m);
        NpyArray u = Npy.read(dir.resolve("u.npy"));
        u.requireShape("u.npy", m, d);
        NpyArray c = Npy.read(dir.resolve("c.npy"));
        c.requireShape("c.npy", m);
        DiagonalRnn model = new DiagonalRnn(activation, d, w.data(), u.data(), c.data());
        Object law = json.get("law");
        SymmetricInitializer init = null;
        if (law != null) {
            RecurrentLaw parsed;
            try {
                parsed = RecurrentLaw.valueOf(String.valueOf(law));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(dir.resolve(METADATA) + ": law '" + law
                        + "' is unknown; expected CONSTANT, UNIFORM or null");
            }
            init = new SymmetricInitializer(number(json, "alpha", dir), parsed, number(json, "inputScale", dir),
                    integer(json, "seed", dir));
        }
        return new SavedModel(model, init);
    }

    private static Map<String, Object> metadata(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model folder " + dir + " is not a directory");
        }
        Path file = dir.resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model folder " + dir + " has no " + METADATA
                    + "; expected a folder written by ModelFolder.save (w.npy, u.npy, c.npy, model.json)");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Object> json = FlatJson.parse(text, file.toString());
        String format = string(json, "format", dir);
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(file + ": format '" + format + "' is not '" + FORMAT + "'");
        }
        long version = integer(json, "version", dir);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: format version %d is not supported; this rnntk reads version %d", file, version,
                    FORMAT_VERSION));
        }
        return json;
    }

    private static Object required(Map<String, Object> json, String key, Path dir) {
        if (!json.containsKey(key) || json.get(key) == null) {
            throw new IllegalArgumentException(dir.resolve(METADATA) + " lacks the key \"" + key + "\"");
        }
        return json.get(key);
    }

    private static String string(Map<String, Object> json, String key, Path dir) {
        Object v = required(json, key, dir);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(dir.resolve(METADATA) + ": \"" + key + "\" (" + v + ") must be a string");
        }
        return s;
    }

    private static double number(Map<String, Object> json, String key, Path dir) {
        Object v = required(json, key, dir);
        if (!(v instanceof FlatJson.JsonNumber n)) {
            throw new IllegalArgumentException(dir.resolve(METADATA) + ": \"" + key + "\" (" + v + ") must be a number");
        }
        return n.asDouble();
    }

    private static long integer(Map<String, Object> json, String key, Path dir) {
        Object v = required(json, key, dir);
        if (v instanceof FlatJson.JsonNumber n) {
            try {
                return n.asLong();
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(dir.resolve(METADATA) + ": \"" + key + "\" (" + v + ") must be an integer");
    }
}
