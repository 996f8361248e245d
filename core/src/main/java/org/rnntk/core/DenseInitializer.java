package org.rnntk.core;

/** Draws the initial parameters Θ(0) of a {@link DenseRnn}. Implementations are seeded. */
public interface DenseInitializer {

    /**
     * @param width      m
     * @param inputDim   d
     * @param activation σ
     * @return a fresh network; the same initializer and arguments give a bit-identical network
     */
    DenseRnn initialize(int width, int inputDim, Activation activation);
}
