package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.init.SymmetricInitializer;
import org.rnntk.core.io.ModelFolder;
import org.rnntk.core.io.SavedModel;

/** A trained model saved and loaded evaluates to the same bits: outputs, loss and gradient. */
class SavedModelEvalTest {

    @TempDir
    Path tmp;

    @Test
    void saveLoadEvalIsBitIdentical() {
        Random rng = new Random(6);
        SequenceDataset data = Instances.data(rng, 5, 7, 3);
        SymmetricInitializer init = Initializers.symmetric(0.8, RecurrentLaw.UNIFORM, 99);
        DiagonalRnn initial = init.initialize(16, 3, Activations.tanh());
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            DiagonalRnn trained = Training.run(backend, initial, data, Loss.ALL_STEPS, Optimizers.gradientDescent(0.5),
                    20).last();
            ModelFolder.save(tmp.resolve("model"), trained, init);
            SavedModel back = ModelFolder.load(tmp.resolve("model"));
            assertEquals(init, back.initializer());
            LossGradient a = backend.lossAndGradient(trained, data, Loss.ALL_STEPS);
            LossGradient b = backend.lossAndGradient(back.model(), data, Loss.ALL_STEPS);
            assertEquals(Double.doubleToRawLongBits(a.loss()), Double.doubleToRawLongBits(b.loss()));
            assertArrayEquals(bits(a.outputs()), bits(b.outputs()));
            assertArrayEquals(bits(a.gradW()), bits(b.gradW()));
            assertArrayEquals(bits(a.gradU()), bits(b.gradU()));
            // The recorded initialization regenerates Θ(0) bit for bit.
            assertEquals(initial, back.initializer().initialize(16, 3, Activations.tanh()));
        }
    }

    private static long[] bits(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.doubleToRawLongBits(v[i]);
        }
        return out;
    }
}
