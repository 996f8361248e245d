/** The {@code rnntk} command line ({@code java -jar cli/target/rnntk.jar}): demo, eval, gram and the experiments. */
package org.rnntk.cli;
