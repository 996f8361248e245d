package org.rnntk.cli;

/**
 * A failure the command line reports as one line on standard error, with its exit code:
 * {@link #USAGE} (2) when the invocation or its inputs are wrong, {@link #RUNTIME} (1) when a valid
 * invocation cannot be carried out (memory, I/O). Thrown by the commands and their checks; {@link Main}
 * turns it into the message and the code.
 */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of a usage or input error. */
    static final int USAGE = 2;
    /** Exit code of a run-time error. */
    static final int RUNTIME = 1;

    private final int exitCode;

    private CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A usage or input error (exit 2). */
    static CliFailure usage(String message) {
        return new CliFailure(USAGE, message, null);
    }

    /** A usage or input error (exit 2) found through {@code cause}. */
    static CliFailure usage(String message, Throwable cause) {
        return new CliFailure(USAGE, message, cause);
    }

    /** A run-time error (exit 1). */
    static CliFailure runtime(String message, Throwable cause) {
        return new CliFailure(RUNTIME, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
