package org.rnntk.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code rnntk} command line: {@code java -jar cli/target/rnntk.jar <command>}.
 *
 * <p>The failure contract (docs/cli.md): every failure is one line on standard error,
 * {@code rnntk <command>: <what was wrong>}, and the exit code says which kind it was: 0 success
 * (a diverged training run is a result: its status is in the output), 2 a usage or input error (an
 * unknown command or option, a bad option value, a missing or unreadable input file, an output
 * folder that does not exist or cannot be written, input files with wrong shapes or values), 1 a
 * run-time error (not enough memory for what was asked, an I/O error while writing, an internal
 * error). No stack trace is printed unless {@code --verbose} is given. Enum-valued options are
 * case-insensitive.
 */
@Command(name = "rnntk", mixinStandardHelpOptions = true, version = "rnntk 0.1.0",
        description = "Diagonal RNNs in the kernel regime: training, gradients, NTK and convergence bounds.",
        subcommands = {DemoCommand.class, EvalCommand.class, GramCommand.class, TrainCommand.class,
                ExperimentCommand.class, SweepCommand.class})
public final class Main implements Runnable {

    /** Width of the help text; descriptions are wrapped at word boundaries within it. */
    static final int HELP_WIDTH = 100;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code, without exiting (for tests). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpWidth(HELP_WIDTH);
        cli.setParameterExceptionHandler(Main::onParameterError);
        cli.setExecutionExceptionHandler(Main::onExecutionError);
        return cli.execute(args);
    }

    private static int onParameterError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException unmatched && !cmd.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + unmatched.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", cmd.getSubcommands().keySet());
        }
        cmd.getErr().println(name + ": " + oneLine(message) + " (see '" + name + " --help')");
        return CliFailure.USAGE;
    }

    private static int onExecutionError(Exception ex, CommandLine cmd, ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        int code;
        String message;
        if (ex instanceof CliFailure failure) {
            code = failure.exitCode();
            message = failure.getMessage();
        } else if (ex instanceof IllegalArgumentException) {
            // the library's validation of the user's inputs: names the parameter, its value, what was expected
            code = CliFailure.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            code = CliFailure.RUNTIME;
            message = ex.getMessage();
        } else {
            code = CliFailure.RUNTIME;
            message = "internal error: " + ex;
        }
        boolean verbose = cmd.getCommand() instanceof RnntkCommand command && command.verbose();
        boolean unexpected = !(ex instanceof CliFailure) && code == CliFailure.RUNTIME;
        err.println(name + ": " + oneLine(message) + (unexpected && !verbose ? " (--verbose prints the stack trace)" : ""));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "failed (no message)";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
