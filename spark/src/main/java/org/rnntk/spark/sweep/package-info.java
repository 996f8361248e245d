/**
 * Sweeps: {@link org.rnntk.spark.sweep.Sweep#map}, a serializable map over independent grid cells
 * run where an {@link org.rnntk.spark.sweep.Executor} says (sequentially, on threads or as a Spark
 * job) with results in cell order; and a {@link org.rnntk.spark.sweep.SweepGrid} (a grid file
 * expanded as a Cartesian product) of training runs, run one by one or on threads by
 * {@link org.rnntk.spark.sweep.SweepRunner} (no Spark needed) or as a Spark job by
 * {@link org.rnntk.spark.sweep.SparkSweep}; both give the same
 * {@link org.rnntk.spark.sweep.SweepRow}s, written by {@link org.rnntk.spark.sweep.SweepTable}.
 */
package org.rnntk.spark.sweep;
