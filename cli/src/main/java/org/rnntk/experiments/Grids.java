package org.rnntk.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Parameter grids for the experiments. */
final class Grids {

    private Grids() {
    }

    /**
     * Even widths on a geometric grid: round(from·ratio^k) to the nearest even integer, for k = 0, 1, …
     * while ≤ to, without duplicates.
     */
    static List<Integer> evenGeometric(int from, int to, double ratio) {
        if (from < 2 || to < from || !(ratio > 1)) {
            throw new IllegalArgumentException("width grid needs 2 <= from (" + from + ") <= to (" + to
                    + ") and ratio (" + ratio + ") > 1");
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (int k = 0; ; k++) {
            double v = from * Math.pow(ratio, k);
            if (v > to * (1 + 1e-9)) {
                break;
            }
            set.add((int) (2 * Math.round(v / 2)));
        }
        return new ArrayList<>(set);
    }

    /** from, 2·from, 4·from, … ≤ to. */
    static List<Integer> doubling(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (long v = from; v <= to; v *= 2) {
            out.add((int) v);
        }
        return out;
    }
}
