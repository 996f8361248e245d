package org.rnntk.core.data;

import java.util.Objects;

import org.rnntk.core.SequenceDataset;

/**
 * Inputs and the teacher that labels them. {@link #generate()} returns targets at every step, so
 * the data set serves both loss modes ({@code ALL_STEPS} fits all of them, {@code LAST_STEP} the
 * last one). A test set from the same task: {@code task.withInputs(task.inputs().withSeed(s))}.
 *
 * @param inputs  how the inputs are drawn
 * @param teacher the target function, with the same d
 */
public record SyntheticTask(InputSpec inputs, Teacher teacher) {

    public SyntheticTask {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(teacher, "teacher");
        if (inputs.inputDim() != teacher.inputDim()) {
            throw new IllegalArgumentException("inputs have d = " + inputs.inputDim() + " but the teacher expects d = "
                    + teacher.inputDim());
        }
    }

    /** The labelled data set; the same task gives bit-identical data. */
    public SequenceDataset generate() {
        return teacher.label(inputs.sample());
    }

    /** The same teacher on other inputs. */
    public SyntheticTask withInputs(InputSpec newInputs) {
        return new SyntheticTask(newInputs, teacher);
    }

    /** A one-line summary of the inputs and the teacher. */
    public String describe() {
        return inputs.describe() + "; " + teacher.describe();
    }
}
