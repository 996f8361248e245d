package org.rnntk.core;

/** Draws the initial parameters Θ(0) of a {@link DiagonalRnn}. Implementations are seeded. */
public interface Initializer {

    /**
     * @param width      m
     * @param inputDim   d
     * @param activation σ
     * @return a fresh network; the same initializer and arguments give a bit-identical network
     */
    DiagonalRnn initialize(int width, int inputDim, Activation activation);
}
