package org.rnntk.core;

/** The law of the initial recurrent weights w_i(0), supported in [−α, α] (docs/theory.md §2). */
public enum RecurrentLaw {
    /** w_i(0) = α for every neuron. */
    CONSTANT,
    /** w_i(0) ~ Uniform[−α, α], drawn per mirrored pair. */
    UNIFORM
}
