package org.rnntk.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnntk.bounds.PgdProblem;
import org.rnntk.bounds.WidthScaling;
import org.rnntk.core.ActivationConstants;
import org.rnntk.kernels.ntk.WidthConvergence;

/** The text forms of the width studies: headers, one line per row, values that read back. */
class ResultTablesTest {

    @Test
    void widthScalingCsvHasAHeaderAndOneLinePerRowThatReadsBack() {
        PgdProblem p = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(0.5)
                .timeSteps(10).samples(100).build();
        List<WidthScaling.Row> rows = WidthScaling.sweep(p, 0.1, 0.05, WidthScaling.Axis.SAMPLES, 100, 200, 400);
        String[] lines = ResultTables.widthScalingCsv(rows).split("\n");
        assertEquals("axis,value,n,T,epsilon,delta,alpha_sigma1,regime,log10_muT,width,log10_width,dominant", lines[0]);
        assertEquals(rows.size() + 1, lines.length);
        for (int i = 0; i < rows.size(); i++) {
            String[] f = lines[i + 1].split(",");
            assertEquals(12, f.length, lines[i + 1]);
            assertEquals("SAMPLES", f[0]);
            assertEquals(rows.get(i).samples(), Integer.parseInt(f[2]));
            assertEquals(rows.get(i).log10Width(), Double.parseDouble(f[10]));
            assertEquals(rows.get(i).regime().name(), f[7]);
        }
    }

    @Test
    void widthConvergenceMarkdownHasOneRowPerWidthAndTheFittedExponent() {
        var table = new WidthConvergence.Table(List.of(new WidthConvergence.Row(16, 2, 0.25, 0.2, 1.0),
                new WidthConvergence.Row(64, 2, 0.125, 0.1, 1.0)), 4096, 0.003, -0.5);
        String md = ResultTables.widthConvergenceMarkdown(table);
        String[] lines = md.split("\n");
        assertEquals("| m | seeds | mean rel. error | rel. error of seed mean | error·√m |", lines[0]);
        assertEquals("| 16 | 2 | 0.2500 | 0.2000 | 1.000 |", lines[2]);
        assertEquals("| 64 | 2 | 0.1250 | 0.1000 | 1.000 |", lines[3]);
        assertTrue(md.contains("4096 draws") && md.contains("fitted exponent -0.500"), md);
    }

    @Test
    void nullIsRefusedByName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ResultTables.widthScalingCsv(null));
        assertEquals("rows", e.getMessage());
    }
}
