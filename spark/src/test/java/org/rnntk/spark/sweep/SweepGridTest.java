package org.rnntk.spark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class SweepGridTest {

    @Test
    void expandsTheCartesianProductLastKeyFastest() {
        SweepGrid grid = SweepGrid.parse("""
                # a comment
                width = 8, 16   # trailing comment
                seed = 1, 2, 3

                optimizer = gd
                record = curve, loss
                """, "test");
        assertEquals(6, grid.size());
        List<SweepRun> runs = grid.runs();
        assertEquals(6, runs.size());
        int[][] expected = {{8, 1}, {8, 2}, {8, 3}, {16, 1}, {16, 2}, {16, 3}};
        for (int r = 0; r < 6; r++) {
            RunConfig c = runs.get(r).config();
            assertEquals(r, runs.get(r).run());
            assertEquals(expected[r][0], c.width());
            assertEquals(expected[r][1], c.seed());
            assertEquals("filter", c.task(), "defaults fill the keys not given");
            assertEquals(100, c.iterations());
        }
        assertEquals(EnumSet.of(Recorded.LOSS, Recorded.CURVE), grid.recorded());
        assertEquals("run,task,n,steps,d,memory,amplitude,activation,init,alpha,width,seed,optimizer,step,radius,"
                + "iterations,loss,status,error,initial_loss,final_loss,min_loss,losses",
                SweepTable.header(grid.recorded()));
    }

    @Test
    void anOutOfDomainCombinationIsAnInvalidRunNotAGridError() {
        List<SweepRun> runs = SweepGrid.parse("width = 8, -4\noptimizer = gd, adam", "test").runs();
        assertEquals(4, runs.size());
        assertNotNull(runs.get(0).config());
        assertNull(runs.get(1).config());
        assertTrue(runs.get(1).invalid().contains("optimizer 'adam'"), runs.get(1).invalid());
        assertTrue(runs.get(2).invalid().contains("width"), runs.get(2).invalid());
        SweepRow row = SweepRunner.execute(runs.get(3), EnumSet.of(Recorded.LOSS));
        assertEquals(List.of("", "", ""), row.values());
        assertTrue(row.error().startsWith("IllegalArgumentException: width"), row.error());
    }

    @Test
    void badGridTextNamesTheLineAndKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.parse("width = 8\nwidht = 16", "g.txt"));
        assertTrue(e.getMessage().contains("g.txt line 2") && e.getMessage().contains("'widht'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse("width = 8, x", "g"));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("whole number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse("seed = 1,,2", "g"));
        assertTrue(e.getMessage().contains("empty value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse("seed = 1\nseed = 2", "g"));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse("step 0.1", "g"));
        assertTrue(e.getMessage().contains("key = v1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse("record = loss, speed", "g"));
        assertTrue(e.getMessage().contains("'speed'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse("alpha = NaN", "g"));
        assertTrue(e.getMessage().contains("finite number"), e.getMessage());
    }

    @Test
    void csvQuotesFieldsWithCommas() {
        SweepRow row = new SweepRow(0, List.of("a", "b"), "Boom: x, \"y\"", List.of(""));
        assertEquals("0,a,b,error,\"Boom: x, \"\"y\"\"\",", SweepTable.line(row));
    }
}
