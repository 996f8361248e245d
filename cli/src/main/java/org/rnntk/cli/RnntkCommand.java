package org.rnntk.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every {@code rnntk} command: {@code --threads}, {@code --verbose} and
 * {@code --no-progress}, and the failure contract of {@link Main} (one line on standard error, exit 2
 * for usage and input errors, 1 for run-time errors, a stack trace only with {@code --verbose}). A new
 * command extends this class, implements {@link #run()}, checks its inputs and outputs before any
 * work ({@link InputFiles}, {@link OutputFiles}), estimates large allocations ({@link MemoryBudget})
 * and writes its results through {@link OutputFiles}, so a failed run leaves none behind.
 */
abstract class RnntkCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Spec
    CommandSpec spec;

    /** The command's work; returns the exit code (0 on success). */
    protected abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        if (common.threads < 1) {
            throw CliFailure.usage("--threads (" + common.threads + ") must be >= 1");
        }
        try {
            return run();
        } catch (OutOfMemoryError e) {
            throw CliFailure.runtime("out of memory (the JVM's heap limit is " + MemoryBudget.format(
                    Runtime.getRuntime().maxMemory()) + "); give it more with java -Xmx... -jar rnntk.jar, or ask "
                    + "for less (see --help)", e);
        } catch (LinkageError e) {
            throw CliFailure.runtime("cannot load a library the command needs: " + e, e);
        }
    }

    /** The {@code --threads} value, validated. */
    int threads() {
        return common.threads;
    }

    /** Whether {@code --threads} was given on the command line (not its default). */
    boolean threadsGiven() {
        return spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--threads");
    }

    boolean verbose() {
        return common.verbose;
    }

    /** Progress reporting for a command named {@code name}, honouring {@code --no-progress}. */
    StageProgress progress(String name) {
        return common.noProgress ? StageProgress.silent() : StageProgress.onStandardError(name);
    }
}
