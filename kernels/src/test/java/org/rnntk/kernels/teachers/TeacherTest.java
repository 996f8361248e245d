package org.rnntk.kernels.teachers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleFunction;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.data.FilterTeacher;
import org.rnntk.core.data.InputLaw;
import org.rnntk.core.data.InputSpec;
import org.rnntk.core.data.RnnTeacher;
import org.rnntk.core.data.SyntheticTask;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.core.data.Teacher;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/** The filter and RNN teachers and the task factory: determinism, hand values, the memory knob. */
class TeacherTest {

    private static final double EXACT_TOL = 1e-15;
    private static final double BACKEND_TOL = 1e-12;
    /** Step of the memory sweep; every sweep starts at ρ = 0. */
    private static final double[] MEMORIES = {0.0, 0.3, 0.6, 0.9};

    @Test
    void sameSeedGivesBitIdenticalTasksAndDifferentSeedsDiffer() {
        SyntheticTask[] tasks = {
            SyntheticTasks.filter(10, 6, 3, 0.7, 1.0, 5),
            SyntheticTasks.rnnTeacher(10, 6, 3, 0.7, 1.0, 5),
            SyntheticTasks.referenceClass(10, 6, 3, Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 1.0, 1.0, 5),
        };
        SyntheticTask[] again = {
            SyntheticTasks.filter(10, 6, 3, 0.7, 1.0, 5),
            SyntheticTasks.rnnTeacher(10, 6, 3, 0.7, 1.0, 5),
            SyntheticTasks.referenceClass(10, 6, 3, Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 1.0, 1.0, 5),
        };
        SyntheticTask[] other = {
            SyntheticTasks.filter(10, 6, 3, 0.7, 1.0, 6),
            SyntheticTasks.rnnTeacher(10, 6, 3, 0.7, 1.0, 6),
            SyntheticTasks.referenceClass(10, 6, 3, Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 1.0, 1.0, 6),
        };
        for (int i = 0; i < tasks.length; i++) {
            SequenceDataset a = tasks[i].generate();
            SequenceDataset b = again[i].generate();
            SequenceDataset c = other[i].generate();
            assertArrayEquals(a.inputs(), b.inputs(), tasks[i].describe());
            assertArrayEquals(a.targets(), b.targets(), tasks[i].describe());
            assertFalse(Arrays.equals(a.inputs(), c.inputs()), tasks[i].describe());
            assertFalse(Arrays.equals(a.targets(), c.targets()), tasks[i].describe());
            assertTrue(a.maxInputNorm() <= 1.0, tasks[i].describe());
            assertTrue(a.maxAbsTarget(Loss.ALL_STEPS) > 0, "targets must not vanish: " + tasks[i].describe());
        }
    }

    @Test
    void filterMatchesHandComputedValues() {
        // d = 1, so v = ±1; x = (0.5, −0.25, 1), ρ = 0.5: s = (0.5v, 0.25v − 0.25v, 0 + v).
        FilterTeacher teacher = new FilterTeacher(1, 0.5, 2.0, 3);
        double v = teacher.direction()[0];
        assertEquals(1.0, Math.abs(v));
        SequenceDataset data = new SequenceDataset(1, 3, 1, new double[] {0.5, -0.25, 1.0}, new double[3]);
        double[] y = teacher.targets(data);
        assertEquals(2 * Math.tanh(0.5 * v), y[0], EXACT_TOL);
        assertEquals(0.0, y[1], EXACT_TOL);
        assertEquals(2 * Math.tanh(v), y[2], EXACT_TOL);
    }

    @Test
    void filterDirectionIsAUnitVector() {
        double[] v = new FilterTeacher(6, 0.5, 1.0, 8).direction();
        double squares = 0;
        for (double x : v) {
            squares += x * x;
        }
        assertEquals(1.0, Math.sqrt(squares), EXACT_TOL);
    }

    @Test
    void filterMemoryKnobControlsTheInfluenceOfTheFirstInput() {
        double[] influence = influenceSweep(rho -> new FilterTeacher(4, rho, 1.0, 17));
        assertEquals(0.0, influence[0], "with rho = 0, y_T must not depend on x_1");
        for (int i = 1; i < influence.length; i++) {
            assertTrue(influence[i] > influence[i - 1], "influence must grow with rho: " + Arrays.toString(influence));
        }
    }

    @Test
    void rnnTeacherMemoryKnobControlsTheInfluenceOfTheFirstInput() {
        double[] influence = influenceSweep(rho -> new RnnTeacher(128, 4, rho, Activations.tanh(), 1.0, 1.0, 17));
        assertEquals(0.0, influence[0], "with |w| = 0, y_T must not depend on x_1");
        for (int i = 1; i < influence.length; i++) {
            assertTrue(influence[i] > influence[i - 1], "influence must grow with rho: " + Arrays.toString(influence));
        }
    }

    /** mean_j |y_T(X_j) − y_T(X_j with x_1 replaced)| for each ρ in {@link #MEMORIES}. */
    private static double[] influenceSweep(DoubleFunction<Teacher> teacher) {
        int n = 64;
        int steps = 8;
        int d = 4;
        SequenceDataset data = InputSpec.unitSphere(n, steps, d, 101).sample();
        double[] other = InputSpec.unitSphere(n, 1, d, 202).sampleInputs();
        double[] x = data.inputs();
        for (int j = 0; j < n; j++) {
            System.arraycopy(other, j * d, x, j * steps * d, d);
        }
        SequenceDataset perturbed = new SequenceDataset(n, steps, d, x, new double[n * steps]);
        double[] influence = new double[MEMORIES.length];
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < MEMORIES.length; r++) {
            Teacher t = teacher.apply(MEMORIES[r]);
            double[] y = t.targets(data);
            double[] yp = t.targets(perturbed);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.abs(y[j * steps + steps - 1] - yp[j * steps + steps - 1]);
            }
            influence[r] = sum / n;
            line.append(String.format(Locale.ROOT, " rho=%.1f: %.3e", MEMORIES[r], influence[r]));
        }
        System.out.println("influence of x_1 on y_T (" + teacher.apply(0.5).describe() + "):" + line);
        return influence;
    }

    @Test
    void rnnTeacherMatchesTheNd4jBackendAndIsNotSymmetric() {
        RnnTeacher teacher = new RnnTeacher(64, 3, 0.8, Activations.tanh(), 1.0, 2.5, 4);
        SequenceDataset data = new InputSpec(5, 6, 3, InputLaw.BALL, 1.0, 9).sample();
        DiagonalRnn net = teacher.network();
        for (int i = 0; i < net.width(); i++) {
            assertEquals(0.8, Math.abs(net.w(i)), "|w_" + i + "| must equal rho");
        }
        double[] reference;
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 1)) {
            reference = backend.outputs(net, data);
        }
        double[] y = teacher.targets(data);
        double rms = 0;
        for (int q = 0; q < y.length; q++) {
            assertEquals(2.5 * reference[q], y[q], BACKEND_TOL);
            rms += y[q] * y[q];
        }
        rms = Math.sqrt(rms / y.length);
        // Amplitude 2.5 times an O(1) random output: neither vanishing nor blown up by √M.
        assertTrue(rms > 0.1 && rms < 2.5, "rms target " + rms);
    }

    @Test
    void sigmoidRnnTeacherWorks() {
        SequenceDataset data = SyntheticTasks.rnnTeacher(4, 5, 2, 32, 3.0, Activations.sigmoid(), 1.0, 1).generate();
        assertTrue(data.maxAbsTarget(Loss.LAST_STEP) > 0);
    }

    @Test
    void describeNamesTheParameters() {
        assertTrue(new FilterTeacher(3, 0.9, 1.5, 2).describe().contains("1.5 tanh(sum_k 0.9^k"));
        String rnn = new RnnTeacher(16, 3, 0.9, Activations.tanh(), 1.0, 1.0, 2).describe();
        assertTrue(rnn.contains("M=16") && rnn.contains("|w|=0.9") && rnn.contains("tanh"), rnn);
        String task = SyntheticTasks.filter(2, 3, 4, 0.5, 1.0, 1).describe();
        assertTrue(task.startsWith("inputs n=2 T=3 d=4 sphere r=1.0") && task.contains("filter teacher"), task);
    }

    @Test
    void badArgumentsAreRejectedWithTheirValue() {
        assertMessage(() -> new FilterTeacher(3, -0.1, 1.0, 1), "memory rho (-0.1)");
        assertMessage(() -> new FilterTeacher(3, Double.NaN, 1.0, 1), "memory rho (NaN)");
        assertMessage(() -> new FilterTeacher(3, Double.POSITIVE_INFINITY, 1.0, 1), "memory rho (Infinity)");
        assertMessage(() -> new FilterTeacher(3, 0.5, 0.0, 1), "amplitude A (0.0)");
        assertMessage(() -> new FilterTeacher(0, 0.5, 1.0, 1), "input dimension d (0)");
        assertMessage(() -> SyntheticTasks.filter(0, 3, 2, 0.5, 1.0, 1), "number of sequences n (0)");
        assertMessage(() -> new RnnTeacher(0, 3, 0.5, Activations.tanh(), 1.0, 1.0, 1), "teacher width M (0)");
        assertMessage(() -> new RnnTeacher(8, 3, -1, Activations.tanh(), 1.0, 1.0, 1), "memory rho = |w| (-1.0)");
        assertMessage(() -> new RnnTeacher(8, 3, 0.5, Activations.tanh(), Double.NaN, 1.0, 1), "input weight scale s (NaN)");
        SequenceDataset d2 = InputSpec.unitSphere(2, 3, 2, 1).sample();
        assertMessage(() -> new FilterTeacher(3, 0.5, 1.0, 1).targets(d2), "expects d = 3");
        assertMessage(() -> new SyntheticTask(InputSpec.unitSphere(2, 3, 2, 1), new FilterTeacher(3, 0.5, 1.0, 1)),
                "inputs have d = 2 but the teacher expects d = 3");
    }

    @Test
    void memoryAtOrAboveOneIsAllowedAndStaysBounded() {
        SequenceDataset data = SyntheticTasks.filter(8, 50, 2, 1.5, 0.7, 3).generate();
        assertTrue(data.maxAbsTarget(Loss.ALL_STEPS) <= 0.7);
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
