package org.rnntk.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Activations;
import org.rnntk.core.Activation;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.init.MirroredDenseInitializer;
import org.rnntk.core.init.SymmetricInitializer;

/** The model folder format: exact round trips, the JSON, and every malformed folder refused by name. */
class ModelFolderTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripIsBitIdenticalWithTheInitialization() throws IOException {
        SymmetricInitializer init = Initializers.symmetric(0.7, RecurrentLaw.UNIFORM, 0.3, 1234567890123L);
        DiagonalRnn model = perturbed(init.initialize(6, 3, Activations.sigmoid()), new Random(1));
        Path dir = tmp.resolve("m");
        ModelFolder.save(dir, model, init);
        SavedModel back = ModelFolder.load(dir);
        assertEquals(model, back.model());
        assertArrayEquals(bits(model.w()), bits(back.model().w()));
        assertArrayEquals(bits(model.u()), bits(back.model().u()));
        assertEquals(init, back.initializer());
        assertEquals("sigmoid", back.model().activation().name());
        Map<String, Object> json = FlatJson.parse(Files.readString(dir.resolve("model.json")), "model.json");
        assertEquals("rnntk-model", json.get("format"));
        assertEquals("1", json.get("version").toString());
        assertEquals("1234567890123", json.get("seed").toString());
        assertEquals(new NpyArray(new long[] {6, 3}, NpyDtype.FLOAT64, model.u()), Npy.read(dir.resolve("u.npy")));
    }

    @Test
    void unknownInitializationAndCustomActivation() {
        Activation custom = Activations.custom("softsign", z -> z / (1 + Math.abs(z)),
                z -> 1 / ((1 + Math.abs(z)) * (1 + Math.abs(z))),
                z -> -2 * Math.signum(z) / Math.pow(1 + Math.abs(z), 3), new ActivationConstants(1, 1, 2));
        DiagonalRnn model = perturbed(Initializers.symmetric(0.5, RecurrentLaw.CONSTANT, 3).initialize(4, 2, custom),
                new Random(2));
        Path dir = tmp.resolve("custom");
        ModelFolder.save(dir, model, null);
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class, () -> ModelFolder.load(dir));
        assertTrue(byName.getMessage().contains("softsign"), byName.getMessage());
        SavedModel back = ModelFolder.load(dir, custom);
        assertEquals(model, back.model());
        assertNull(back.initializer());
        assertTrue(back.initialization().isEmpty());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ModelFolder.load(dir, Activations.tanh()));
        assertTrue(wrong.getMessage().contains("softsign") && wrong.getMessage().contains("tanh"), wrong.getMessage());
    }

    @Test
    void malformedFoldersAreRefused() throws IOException {
        DiagonalRnn model = Initializers.symmetric(0.5, RecurrentLaw.CONSTANT, 3).initialize(4, 2, Activations.tanh());
        Path dir = tmp.resolve("bad");
        ModelFolder.save(dir, model, null);
        Path json = dir.resolve("model.json");
        String good = Files.readString(json);

        Files.writeString(json, good.replace("\"version\": 1", "\"version\": 2"), StandardCharsets.UTF_8);
        assertMessage(dir, "version 2");
        Files.writeString(json, good.replace("\"width\": 4", "\"width\": 5"), StandardCharsets.UTF_8);
        assertMessage(dir, "w.npy");
        Files.writeString(json, good.replace("\"format\": \"rnntk-model\"", "\"format\": \"other\""),
                StandardCharsets.UTF_8);
        assertMessage(dir, "other");
        Files.writeString(json, good.replace("\"law\": null", "\"law\": \"GAUSSIAN\""), StandardCharsets.UTF_8);
        assertMessage(dir, "GAUSSIAN");
        Files.writeString(json, good.replace("}", ", \"x\": {}}"), StandardCharsets.UTF_8);
        assertMessage(dir, "nested");
        Files.writeString(json, good.replace("\"width\": 4", "\"width\": 4.5"), StandardCharsets.UTF_8);
        assertMessage(dir, "integer");
        Files.delete(json);
        assertMessage(dir, "model.json");
        assertMessage(tmp.resolve("absent"), "not a directory");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(IllegalArgumentException.class, () -> ModelFolder.save(file, model, null));
    }

    @Test
    void jsonStringsAndNumbersRoundTrip() {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("s", "a \"quoted\" \\ line\nnext\u0001");
        values.put("d", 0.1 + 0.2);
        values.put("l", Long.MIN_VALUE);
        values.put("b", true);
        values.put("n", null);
        Map<String, Object> back = FlatJson.parse(FlatJson.write(values), "test");
        assertEquals(values.get("s"), back.get("s"));
        assertEquals(0.1 + 0.2, ((FlatJson.JsonNumber) back.get("d")).asDouble());
        assertEquals(Long.MIN_VALUE, ((FlatJson.JsonNumber) back.get("l")).asLong());
        assertEquals(Boolean.TRUE, back.get("b"));
        assertTrue(back.containsKey("n") && back.get("n") == null);
        assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("{\"a\": 1,}", "t"));
        assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("{\"a\": 1} x", "t"));
        assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("{\"a\": 1, \"a\": 2}", "t"));
    }

    private static void assertMessage(Path dir, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFolder.load(dir));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static DiagonalRnn perturbed(DiagonalRnn model, Random rng) {
        double[] w = model.w();
        double[] u = model.u();
        for (int i = 0; i < w.length; i++) {
            w[i] += 1e-3 * rng.nextGaussian();
        }
        for (int i = 0; i < u.length; i++) {
            u[i] += Math.ulp(u[i]) * rng.nextInt(7);
        }
        return model.withParameters(w, u);
    }

    private static long[] bits(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.doubleToRawLongBits(v[i]);
        }
        return out;
    }

    @Test
    void denseRoundTripIsBitIdenticalAndTheTwoNetworksAreNotMistaken() throws IOException {
        MirroredDenseInitializer init = Initializers.mirroredDense(0.8, DenseLaw.ORTHOGONAL, 0.4, 987654321L);
        DenseRnn start = init.initialize(6, 3, Activations.sigmoid());
        Random rng = new Random(3);
        double[] w = start.w();
        double[] u = start.u();
        for (int i = 0; i < w.length; i++) {
            w[i] += 1e-3 * rng.nextGaussian();
        }
        for (int i = 0; i < u.length; i++) {
            u[i] += 1e-3 * rng.nextGaussian();
        }
        DenseRnn model = new DenseRnn(start.activation(), 6, 3, w, u, start.c());
        Path dir = tmp.resolve("dense");
        ModelFolder.saveDense(dir, model, init);
        assertTrue(ModelFolder.isDense(dir));
        SavedDenseModel back = ModelFolder.loadDense(dir);
        assertEquals(model, back.model());
        assertArrayEquals(bits(model.w()), bits(back.model().w()));
        assertArrayEquals(bits(model.u()), bits(back.model().u()));
        assertArrayEquals(bits(model.c()), bits(back.model().c()));
        assertEquals(init, back.initializer());
        assertEquals(2, Npy.read(dir.resolve("w.npy")).rank());
        ModelFolder.saveDense(tmp.resolve("unknown"), model, null);
        assertNull(ModelFolder.loadDense(tmp.resolve("unknown")).initializer());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFolder.load(dir));
        assertTrue(e.getMessage().contains("dense"), e.getMessage());
        Path diagonal = tmp.resolve("diagonal");
        ModelFolder.save(diagonal, Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 1).initialize(4, 2,
                Activations.tanh()), null);
        assertTrue(!ModelFolder.isDense(diagonal));
        e = assertThrows(IllegalArgumentException.class, () -> ModelFolder.loadDense(diagonal));
        assertTrue(e.getMessage().contains("diagonal"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelFolder.loadDense(dir, Activations.tanh()));
        assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());
    }
}
