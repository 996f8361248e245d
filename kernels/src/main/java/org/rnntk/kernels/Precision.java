package org.rnntk.kernels;

/** The floating-point type of the kernels' buffers and GEMMs. Losses are always accumulated in float64. */
public enum Precision {
    /** IEEE binary64; the default, and what the gradient tests check to 1e-6. */
    FLOAT64,
    /** IEEE binary32: half the memory traffic, ~1e-6 relative rounding per operation. */
    FLOAT32
}
