/**
 * rnntk on Apache Spark (docs/spark.md): {@link org.rnntk.spark.SparkContexts} creates the context
 * (embedded {@code local[*]} by default); {@code sweep} runs grids of training runs, {@code gram}
 * computes block Grams as {@code .npy} tiles and their extreme eigenvalues through a distributed
 * Gram-vector product. The sequential sweep runner and the tile reader need no Spark context.
 */
package org.rnntk.spark;
