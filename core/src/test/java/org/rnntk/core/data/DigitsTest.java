package org.rnntk.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rnntk.core.SequenceDataset;

/** The digits resource against rows of the source CSV, and the sampling contract. */
class DigitsTest {

    @Test
    void imagesAndLabelsMatchTheSourceCsv() {
        // First and last lines of sklearn/datasets/data/digits.csv.gz (64 pixels, then the digit).
        int[] first = {0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8,
            8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0};
        int[] last = {0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16, 14, 6, 1, 0, 0, 0, 0, 15, 15, 8, 15, 0, 0, 0, 0, 5, 16, 16, 10,
            0, 0, 0, 0, 12, 15, 15, 12, 0, 0, 0, 4, 16, 6, 4, 16, 6, 0, 0, 8, 16, 10, 8, 16, 8, 0, 0, 1, 8, 12, 14, 12, 1, 0};
        for (int p = 0; p < 64; p++) {
            assertEquals(first[p], Digits.pixel(0, p / 8, p % 8), "pixel " + p + " of image 0");
            assertEquals(last[p], Digits.pixel(Digits.COUNT - 1, p / 8, p % 8), "pixel " + p + " of the last image");
        }
        assertEquals(0, Digits.label(0));
        assertEquals(8, Digits.label(Digits.COUNT - 1));
        int[] counts = new int[10];
        for (int j = 0; j < Digits.COUNT; j++) {
            counts[Digits.label(j)]++;
        }
        assertArrayEquals(new int[]{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts);
    }

    @Test
    void samplesAreBalancedScaledDistinctAndSeeded() {
        Digits.Task task = Digits.pair(3, 8);
        assertArrayEquals(new int[]{183, 174}, task.available());
        SequenceDataset d = task.sample(101, 0.5, 7);
        assertEquals(101, d.size());
        assertEquals(8, d.timeSteps());
        assertEquals(8, d.inputDim());
        assertTrue(d.maxInputNorm() <= 1.0, "scaled rows lie in the unit ball: " + d.maxInputNorm());
        assertTrue(d.maxInputNorm() > 0.3, "the scale is fixed, not tiny: " + d.maxInputNorm());
        int plus = 0;
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < d.size(); j++) {
            double y = d.target(j, 0);
            for (int t = 0; t < 8; t++) {
                assertEquals(y, d.target(j, t), "label at every step");
            }
            assertEquals(j % 2 == 0 ? 0.5 : -0.5, y);
            plus += y > 0 ? 1 : 0;
            StringBuilder key = new StringBuilder();
            for (int t = 0; t < 8; t++) {
                for (int k = 0; k < 8; k++) {
                    double v = d.input(j, t, k) / Digits.INPUT_SCALE;
                    assertEquals(Math.rint(v), v, 1e-9, "inputs are pixel counts times the scale");
                    key.append((int) Math.rint(v)).append(' ');
                }
            }
            seen.add(key.toString());
        }
        assertEquals(51, plus);
        assertTrue(seen.size() >= 100, "drawn without replacement (at most one duplicate image): " + seen.size());
        assertArrayEquals(d.inputs(), task.sample(101, 0.5, 7).inputs());
        assertTrue(!java.util.Arrays.equals(d.inputs(), task.sample(101, 0.5, 8).inputs()));
        assertEquals(Digits.COUNT - 178, Digits.oneVsRest(0).available()[1]);
    }

    @Test
    void badRequestsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Digits.pair(3, 3));
        assertTrue(e.getMessage().contains("negative digit (3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Digits.pair(3, 8).sample(400, 1, 1));
        assertTrue(e.getMessage().contains("has 183 and 174"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Digits.Task.parse("38"));
        assertTrue(e.getMessage().contains("3v8"), e.getMessage());
        assertEquals(Digits.pair(3, 8), Digits.Task.parse("3v8"));
        assertEquals(Digits.oneVsRest(0), Digits.Task.parse("0vrest"));
    }
}
