package org.rnntk.kernels.dense;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.SequenceDataset;

/**
 * One instance of {@code dense_reference.txt}, written by
 * {@code kernels/src/test/scripts/dense_reference.py} (JAX autograd, float64): the inputs, the
 * parameters and the reference outputs, losses, gradients and Grams.
 */
record DenseReference(String name, String activation, int n, int steps, int d, int m, int n2, int steps2,
                      Map<String, double[]> arrays) {

    static final String RESOURCE = "dense_reference.txt";

    static List<DenseReference> load() {
        List<DenseReference> cases = new ArrayList<>();
        try (InputStream in = DenseReference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + RESOURCE + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String[] header = null;
            Map<String, double[]> arrays = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" +");
                if (parts[0].equals("case")) {
                    if (header != null) {
                        cases.add(of(header, arrays));
                    }
                    header = parts;
                    arrays = new LinkedHashMap<>();
                    continue;
                }
                double[] values = new double[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    values[i - 1] = Double.parseDouble(parts[i]);
                }
                arrays.put(parts[0], values);
            }
            if (header != null) {
                cases.add(of(header, arrays));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static DenseReference of(String[] h, Map<String, double[]> arrays) {
        return new DenseReference(h[1], h[2], Integer.parseInt(h[3]), Integer.parseInt(h[4]), Integer.parseInt(h[5]),
                Integer.parseInt(h[6]), Integer.parseInt(h[7]), Integer.parseInt(h[8]), arrays);
    }

    double[] get(String key) {
        double[] v = arrays.get(key);
        if (v == null) {
            throw new IllegalStateException("case " + name + " has no array " + key);
        }
        return v.clone();
    }

    Activation act() {
        return activation.equals("tanh") ? Activations.tanh() : Activations.sigmoid();
    }

    DenseRnn model() {
        return new DenseRnn(act(), m, d, get("w"), get("u"), get("c"));
    }

    SequenceDataset data() {
        return new SequenceDataset(n, steps, d, get("x"), get("y"));
    }

    SequenceDataset second() {
        return new SequenceDataset(n2, steps2, d, get("x2"), new double[n2 * steps2]);
    }

    @Override
    public String toString() {
        return name;
    }
}
