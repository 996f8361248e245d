package org.rnntk.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;

/**
 * Sequential digits: the 1797 8×8 images of the UCI "Optical Recognition of Handwritten Digits"
 * test set (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0), read row by row as a sequence of T = 8 inputs
 * x_t ∈ R^8, with ±1 labels for a pair of digits or one digit against the rest. The copy and its
 * provenance are in the resource folder {@code org/rnntk/core/data/digits/} (PROVENANCE.md; the
 * script that produced it is {@code core/src/main/scripts/make_digits_npy.py}).
 *
 * <p>Scaling: a pixel is a count 0..16, so a row x_t has ‖x_t‖₂ ≤ 16√8; every input is multiplied by
 * {@link #INPUT_SCALE} = 1/(16√8), so ‖x_t‖₂ ≤ 1 holds for every possible image (the hypothesis of
 * the bounds, docs/theory.md §1), with equality only for a row of eight 16s. The scale is fixed, not
 * fitted to the sample, so a sub-sample's inputs are the same numbers in every experiment. Over the
 * whole set the largest row norm is 0.80 and the mean row norm 0.47.
 *
 * <p>Targets: the label y_j = ±amplitude at every step t, so both loss modes apply (LAST_STEP fits
 * the label from the whole image, ALL_STEPS asks for it after every row, which is not always
 * possible: two images may share their first rows).
 *
 * <p>Thread rule: immutable; the images are read once per class load, under the class-loading lock.
 */
public final class Digits {

    /** Number of images. */
    public static final int COUNT = 1797;
    /** Rows per image = sequence length T. */
    public static final int TIME_STEPS = 8;
    /** Pixels per row = input dimension d. */
    public static final int INPUT_DIM = 8;
    /** The largest pixel count. */
    public static final int MAX_PIXEL = 16;
    /** 1/(16√8): maps every possible row into the unit ball. */
    public static final double INPUT_SCALE = 1.0 / (MAX_PIXEL * Math.sqrt(INPUT_DIM));

    private static final String FOLDER = "/org/rnntk/core/data/digits/";

    private Digits() {
    }

    /** Holder: the resource is read on first use only. */
    private static final class Data {
        static final double[] IMAGES;
        static final int[] LABELS;

        static {
            NpyArray images = readResource("digits_images.npy");
            images.requireShape("digits_images.npy", COUNT, TIME_STEPS, INPUT_DIM);
            NpyArray labels = readResource("digits_labels.npy");
            labels.requireShape("digits_labels.npy", COUNT);
            IMAGES = images.toDoubleArray();
            double[] l = labels.toDoubleArray();
            LABELS = new int[COUNT];
            for (int j = 0; j < COUNT; j++) {
                LABELS[j] = (int) l[j];
            }
        }
    }

    private static NpyArray readResource(String name) {
        try (InputStream in = Digits.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + FOLDER + name + " is missing from the classpath");
            }
            // Npy reads files; the resource may sit inside a jar.
            Path tmp = Files.createTempFile("rnntk-digits-", ".npy");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return Npy.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the digits resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** The digit (0..9) of image j. */
    public static int label(int j) {
        Objects.checkIndex(j, COUNT);
        return Data.LABELS[j];
    }

    /** Pixel count 0..16 of image j at row t, column k (unscaled). */
    public static int pixel(int j, int t, int k) {
        Objects.checkIndex(j, COUNT);
        Objects.checkIndex(t, TIME_STEPS);
        Objects.checkIndex(k, INPUT_DIM);
        return (int) Data.IMAGES[(j * TIME_STEPS + t) * INPUT_DIM + k];
    }

    /** Images of digit {@code positive} (+1) against digit {@code negative} (−1). */
    public static Task pair(int positive, int negative) {
        return new Task(positive, negative);
    }

    /** Images of {@code digit} (+1) against every other digit (−1). */
    public static Task oneVsRest(int digit) {
        return new Task(digit, Task.REST);
    }

    /**
     * A binary task on the digits.
     *
     * @param positive the digit labelled +1, 0..9
     * @param negative the digit labelled −1, 0..9 and ≠ positive, or {@link #REST} for all others
     */
    public record Task(int positive, int negative) {

        /** {@code negative} for one-vs-rest. */
        public static final int REST = -1;

        public Task {
            if (positive < 0 || positive > 9) {
                throw new IllegalArgumentException("positive digit (" + positive + ") must be in 0..9");
            }
            if (negative != REST && (negative < 0 || negative > 9 || negative == positive)) {
                throw new IllegalArgumentException("negative digit (" + negative + ") must be in 0..9 and differ from"
                        + " the positive digit (" + positive + "), or -1 for one-vs-rest");
            }
        }

        /** Parses {@code "3v8"} (a pair) or {@code "3vrest"} (one-vs-rest). */
        public static Task parse(String text) {
            String s = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
            String[] parts = s.split("v", 2);
            try {
                if (parts.length == 2 && parts[0].length() == 1) {
                    int p = Integer.parseInt(parts[0]);
                    return parts[1].equals("rest") ? new Task(p, REST) : new Task(p, Integer.parseInt(parts[1]));
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("digits task '" + text + "' must look like 3v8 (a pair) or 3vrest");
        }

        /** {@code "3v8"} or {@code "3vrest"}. */
        @Override
        public String toString() {
            return positive + "v" + (negative == REST ? "rest" : Integer.toString(negative));
        }

        /** Number of images labelled +1 / −1. */
        public int[] available() {
            int[] c = new int[2];
            for (int j = 0; j < COUNT; j++) {
                int s = sign(Data.LABELS[j]);
                if (s > 0) {
                    c[0]++;
                } else if (s < 0) {
                    c[1]++;
                }
            }
            return c;
        }

        private int sign(int digit) {
            if (digit == positive) {
                return 1;
            }
            return negative == REST || digit == negative ? -1 : 0;
        }

        /**
         * n images, ⌈n/2⌉ labelled +1 and ⌊n/2⌋ labelled −1, each class drawn uniformly without
         * replacement with {@code Well19937c(seed)} (a partial Fisher–Yates shuffle of each class in
         * index order), then interleaved +, −, +, −, …; inputs scaled by {@link #INPUT_SCALE},
         * targets ±amplitude at every step.
         *
         * @throws IllegalArgumentException when a class has fewer images than it needs
         */
        public SequenceDataset sample(int n, double amplitude, long seed) {
            if (n < 1) {
                throw new IllegalArgumentException("number of sequences n (" + n + ") must be >= 1");
            }
            if (!(amplitude > 0) || !Double.isFinite(amplitude)) {
                throw new IllegalArgumentException("amplitude (" + amplitude + ") must be finite and > 0");
            }
            List<Integer> pos = new ArrayList<>();
            List<Integer> neg = new ArrayList<>();
            for (int j = 0; j < COUNT; j++) {
                int s = sign(Data.LABELS[j]);
                if (s > 0) {
                    pos.add(j);
                } else if (s < 0) {
                    neg.add(j);
                }
            }
            int nPos = (n + 1) / 2;
            int nNeg = n / 2;
            if (nPos > pos.size() || nNeg > neg.size()) {
                throw new IllegalArgumentException("n (" + n + ") needs " + nPos + " images labelled +1 and " + nNeg
                        + " labelled -1, but task " + this + " has " + pos.size() + " and " + neg.size());
            }
            Well19937c rng = new Well19937c(seed);
            int[] p = draw(pos, nPos, rng);
            int[] q = draw(neg, nNeg, rng);
            int steps = TIME_STEPS;
            double[] x = new double[n * steps * INPUT_DIM];
            double[] y = new double[n * steps];
            for (int j = 0; j < n; j++) {
                boolean plus = j % 2 == 0;
                int img = plus ? p[j / 2] : q[j / 2];
                System.arraycopy(Data.IMAGES, img * steps * INPUT_DIM, x, j * steps * INPUT_DIM, steps * INPUT_DIM);
                for (int t = 0; t < steps; t++) {
                    y[j * steps + t] = plus ? amplitude : -amplitude;
                }
            }
            for (int i = 0; i < x.length; i++) {
                x[i] *= INPUT_SCALE;
            }
            return new SequenceDataset(n, steps, INPUT_DIM, x, y);
        }

        private static int[] draw(List<Integer> pool, int k, Well19937c rng) {
            int[] a = pool.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < k; i++) {
                int r = i + rng.nextInt(a.length - i);
                int tmp = a[i];
                a[i] = a[r];
                a[r] = tmp;
            }
            return java.util.Arrays.copyOf(a, k);
        }
    }
}
