package org.rnntk.cli;

import picocli.CommandLine.Option;

/** Options every command has (through {@link RnntkCommand}). */
final class CommonOptions {

    @Option(names = "--threads", paramLabel = "N",
            description = {"threads of this process's work: the backends and the NTK, OpenBLAS in the dense and",
                    "feedforward GEMMs, the in-process pool of sweep and tiles; refused beside --master, where",
                    "Spark sets the parallelism (default: the available processors, ${DEFAULT-VALUE})"})
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--verbose", description = "print the stack trace of a failure after its one-line message")
    boolean verbose;

    @Option(names = "--no-progress",
            description = "no progress lines on standard error, even on a terminal or in a long run")
    boolean noProgress;
}
