package org.rnntk.spark.sweep;

/**
 * Receives the progress of {@link Sweep#map}. Called on the caller's thread for the sequential and
 * Spark executors (the Spark driver polls the executors' counters) and, serialized by the engine,
 * on the pool's threads for the threads executor: implementations need not be thread-safe but must
 * be cheap.
 */
@FunctionalInterface
public interface SweepListener {

    /** Ignores everything. */
    SweepListener NONE = (finished, failed, total, elapsed, eta) -> { };

    /**
     * More cells finished.
     *
     * @param finished       cells finished so far (failed ones included), 1..total
     * @param failed         of them, the failed ones
     * @param total          cells in the map
     * @param elapsedSeconds since the map started
     * @param etaSeconds     estimated seconds left (elapsed per finished cell times cells left)
     */
    void progress(int finished, int failed, int total, double elapsedSeconds, double etaSeconds);
}
