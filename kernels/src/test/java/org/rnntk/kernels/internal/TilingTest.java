package org.rnntk.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The accumulator groups: as many as the chunks up to 16, fewer when their ∂U would pass 32 MiB,
 * never below 4; guided sizes (a quarter of the rest, at most an eighth of all), contiguous and
 * covering every chunk.
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
        // A quarter of the rest, at most 256 / 8 = 32, the last taking the rest (worked out by hand).
        assertArrayEquals(new int[]{32, 32, 32, 32, 32, 24, 18, 14, 10, 8, 6, 4, 3, 3, 2, 4}, sizes);
        // Every chunk count from 1 to 300: the groups are non-empty, contiguous and cover the chunks.
        for (int chunks = 1; chunks <= 300; chunks++) {
            int groups = Math.min(chunks, 16);
            int[] starts = Tiling.groupStarts(chunks, groups);
            assertEquals(0, starts[0]);
            assertEquals(chunks, starts[groups]);
            for (int g = 0; g < groups; g++) {
                assertTrue(starts[g + 1] > starts[g], chunks + " chunks: group " + g + " empty");
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
