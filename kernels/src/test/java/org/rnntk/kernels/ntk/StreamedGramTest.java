package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnntk.core.Loss;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;

/** The Gram streamed tile by tile to a mapped .npy file against the Gram formed in memory. */
class StreamedGramTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Loss.class)
    void streamedGramEqualsTheFormedGram(Loss mode) {
        Random rng = new Random(41);
        SequenceDataset data = NtkInstances.data(rng, 11, 4, 3, 1.0);
        DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), 20, 3, 1.1);
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            GramMatrix formed = ntk.gram(model, data, mode);
            Path file = tmp.resolve(mode + ".npy");
            StreamedGram s = StreamedGram.write(ntk, model, data, mode, 4, file); // blocks 4, 4, 3
            assertEquals(6, s.tiles());
            assertEquals(formed.rows(), s.size());
            NpyArray read = Npy.read(file);
            assertArrayEquals(new long[] {formed.rows(), formed.cols()}, read.shape());
            double[] k = read.data();
            int n = formed.rows();
            double err = 0;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    assertEquals(k[r * n + c], k[c * n + r], 0.0, "exactly symmetric");
                    err = Math.max(err, Math.abs(k[r * n + c] - formed.get(r, c)));
                }
            }
            assertTrue(err <= 1e-12 * formed.maxAbs(), "max error " + err);
            assertThrows(IllegalArgumentException.class,
                    () -> StreamedGram.write(ntk, model, data, mode, 0, tmp.resolve("x.npy")));
        }
    }
}
