/**
 * JMH benchmarks of rnntk's hot paths ({@code java -cp benchmarks/target/rnntk.jar org.openjdk.jmh.Main})
 * and {@link org.rnntk.benchmarks.jmh.PeerTiming}, the Java side of the side-by-side comparison with
 * PyTorch ({@code benchmarks/scripts/compare.sh}, results in docs/benchmarks.md).
 */
package org.rnntk.benchmarks.jmh;
