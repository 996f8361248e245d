package org.rnntk.kernels;

import org.nd4j.linalg.api.buffer.DataType;

/** The floating-point type of the kernels' buffers and GEMMs. Losses are always accumulated in float64. */
public enum Precision {
    /** IEEE binary64; the default, and what the gradient tests check to 1e-6. */
    FLOAT64(DataType.DOUBLE),
    /** IEEE binary32: half the memory traffic, ~1e-6 relative rounding per operation. */
    FLOAT32(DataType.FLOAT);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The ND4J data type. */
    public DataType dataType() {
        return dataType;
    }
}
