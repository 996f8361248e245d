package org.rnntk.core.data;

/** Derives independent seeds from one user seed (SplitMix64 finalizer). Not API. */
final class Seeds {

    private Seeds() {
    }

    /** The seed of stream {@code stream} of {@code seed}; distinct streams give unrelated seeds. */
    static long derive(long seed, long stream) {
        long z = seed + (stream + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
