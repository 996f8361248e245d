/** The {@code rnntk} command line ({@code java -jar benchmarks/target/rnntk.jar}): demo, eval, gram and the experiments. */
package org.rnntk.benchmarks.cli;
