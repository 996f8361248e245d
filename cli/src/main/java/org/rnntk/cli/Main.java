package org.rnntk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rnntk} command line: {@code java -jar cli/target/rnntk.jar <command>}.
 * Exit codes: 0 success, 2 bad usage or bad input (the message says which), 1 anything else.
 */
@Command(name = "rnntk", mixinStandardHelpOptions = true, version = "rnntk 0.1.0",
        description = "Diagonal RNNs in the kernel regime: training, gradients, NTK and convergence bounds.",
        subcommands = {DemoCommand.class, EvalCommand.class, GramCommand.class, ExperimentCommand.class,
                SweepCommand.class, GramTilesCommand.class})
public final class Main implements Runnable {

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
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("rnntk " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }
}
