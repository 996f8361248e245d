package org.rnntk.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import org.rnntk.core.SequenceDataset;

/** Validation and formatting shared by the experiments. */
final class Experiments {

    /** Slack on ‖x_t‖ ≤ 1 for unit-sphere inputs normalized in floating point. */
    static final double INPUT_NORM_SLACK = 1e-12;

    private Experiments() {
    }

    /** A copy of a strictly increasing, non-empty list whose values are ≥ min. */
    static List<Integer> increasing(String name, List<Integer> values, int min) {
        List<Integer> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) < min || (i > 0 && copy.get(i) <= copy.get(i - 1))) {
                throw new IllegalArgumentException(name + " " + copy + " must be strictly increasing and >= " + min);
            }
        }
        return copy;
    }

    /** A copy of a strictly increasing, non-empty list of doubles ≥ min. */
    static List<Double> increasingDoubles(String name, List<Double> values, double min) {
        List<Double> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < copy.size(); i++) {
            if (!(copy.get(i) >= min) || (i > 0 && copy.get(i) <= copy.get(i - 1))) {
                throw new IllegalArgumentException(name + " " + copy + " must be strictly increasing and >= " + min);
            }
        }
        return copy;
    }

    /** The bounds of docs/theory.md §8–§9 assume ‖x_t‖ ≤ 1. */
    static void requireUnitInputs(SequenceDataset data) {
        double norm = data.maxInputNorm();
        if (norm > 1 + INPUT_NORM_SLACK) {
            throw new IllegalArgumentException("largest input norm max ||x_t|| (" + norm
                    + ") exceeds 1, the hypothesis of the bounds (docs/theory.md §1)");
        }
    }

    /** Values separated by ';' (for one CSV cell). */
    static String join(double[] values) {
        StringJoiner j = new StringJoiner(";");
        for (double v : values) {
            j.add(fmt(v));
        }
        return j.toString();
    }

    /** An integer as an integer, NaN as "-", else 4 significant digits. */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** k points from a to b (both > 0), geometrically spaced. */
    static double[] logspace(double a, double b, int k) {
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = a * Math.pow(b / a, i / (k - 1.0));
        }
        return out;
    }

    /** 0, 1, …, k − 1 as doubles. */
    static double[] range(int k) {
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = i;
        }
        return out;
    }

    /** The elements of a list of numbers as a double[]. */
    static double[] toArray(List<? extends Number> values) {
        List<Number> copy = new ArrayList<>(values);
        double[] out = new double[copy.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = copy.get(i).doubleValue();
        }
        return out;
    }
}
