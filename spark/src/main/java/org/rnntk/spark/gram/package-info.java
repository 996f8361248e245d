/**
 * Block Grams: a {@link org.rnntk.spark.gram.GramProblem} (model, data, mode, tile size) computed as
 * {@code .npy} tiles plus an index ({@link org.rnntk.spark.gram.TileIndex}) by Spark executors
 * ({@link org.rnntk.spark.gram.SparkGram}) or a thread pool ({@link org.rnntk.spark.gram.GramTiles});
 * the reader that assembles a Gram that fits; the distributed product
 * {@link org.rnntk.spark.gram.SparkGramOperator} and {@link org.rnntk.spark.gram.Lanczos} for
 * λ_min/λ_max without materializing K.
 */
package org.rnntk.spark.gram;
