package org.rnntk.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The accumulator groups: as many as the chunks up to 16, fewer when their ∂U would pass 32 MiB,
 * never below 4; sizes that fall to one chunk at the end (a doubling tail after equal head groups),
 * contiguous and covering every chunk.
 */
class TilingTest {

    @Test
    void groupsAreCappedByTheAccumulatorBudget() {
        assertEquals(16, Tiling.groupsFor(1024L * 32), "headline m·d: 16 groups, 4 MiB");
        assertEquals(16, Tiling.groupsFor(1L << 18), "16 · 2^18 = 2^22 elements: exactly the budget");
        assertEquals(15, Tiling.groupsFor((1L << 18) + 1), "just over: one group fewer");
        assertEquals(13, Tiling.groupsFor(1024L * 300), "2^22 / 307200 = 13.65");
        assertEquals(4, Tiling.groupsFor(4096L * 784), "large m·d: the floor of 4 groups");
    }

    @Test
    void groupsShrinkTowardsTheEndAndPartitionTheChunks() {
        // n = 256, T = 64, m = 1024: one sequence per chunk, 256 chunks in 16 groups.
        Tiling headline = new Tiling(1024, 32, 256, 64);
        assertEquals(256, headline.chunks);
        assertEquals(16, headline.groups);
        int[] sizes = new int[headline.groups];
        for (int g = 0; g < headline.groups; g++) {
            sizes[g] = headline.groupStart(g + 1) - headline.groupStart(g);
        }
        // Worked out by hand: a tail of 7 (1, 1, 2, …, 32; 64 chunks) would leave 192 chunks for 9 head
        // groups, fewer than 32 each; a tail of 6 (1, 1, 2, 4, 8, 16; 32 chunks) leaves 224 for 10
        // groups, 22.4 ≥ 16 each: 4 of 23 and 6 of 22.
        assertArrayEquals(new int[]{23, 23, 23, 23, 22, 22, 22, 22, 22, 22, 16, 8, 4, 2, 1, 1}, sizes);
        // 20 chunks in 4 groups: a tail of 3 (1, 1, 2) leaves 16 ≥ 2; a tail of 3 is the most 4 allow.
        assertArrayEquals(new int[]{0, 16, 18, 19, 20}, Tiling.groupStarts(20, 4));
        // Every chunk count from 1 to 300 and group count up to 16: the groups are contiguous, cover
        // the chunks, never grow, and the last is one chunk (two or more groups).
        for (int chunks = 1; chunks <= 300; chunks++) {
            for (int groups = 1; groups <= Math.min(chunks, 16); groups++) {
                int[] starts = Tiling.groupStarts(chunks, groups);
                String where = chunks + " chunks, " + groups + " groups";
                assertEquals(0, starts[0], where);
                assertEquals(chunks, starts[groups], where);
                for (int g = 0; g < groups; g++) {
                    assertTrue(starts[g + 1] > starts[g], where + ": group " + g + " empty");
                    if (g > 0) {
                        assertTrue(starts[g + 1] - starts[g] <= starts[g] - starts[g - 1], where + ": group " + g
                                + " larger than the one before");
                    }
                }
                if (groups > 1) {
                    assertEquals(1, starts[groups] - starts[groups - 1], where + ": last group");
                }
            }
        }
        // 3 chunks: 3 groups.
        Tiling few = new Tiling(32, 2, 3, 5000);
        assertEquals(3, few.chunks);
        assertEquals(3, few.groups);
        // m·d = 4096 · 784 past the budget: 4 groups however many chunks.
        Tiling wide = new Tiling(4096, 784, 64, 16);
        assertEquals(64, wide.chunks);
        assertEquals(4, wide.groups);
    }
}
