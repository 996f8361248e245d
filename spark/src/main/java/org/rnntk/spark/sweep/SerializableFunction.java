package org.rnntk.spark.sweep;

import java.io.Serializable;
import java.util.function.Function;

/**
 * The function {@link Sweep#map} applies to each cell: serializable, so that a Spark executor can
 * receive it. It must capture only serializable values and build every backend it needs itself.
 *
 * @param <C> the cell type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<C, R> extends Function<C, R>, Serializable {
}
