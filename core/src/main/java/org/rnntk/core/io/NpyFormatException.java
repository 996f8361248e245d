package org.rnntk.core.io;

/**
 * Thrown when a file is not a readable {@code .npy} file: bad magic string, unsupported version or
 * dtype, malformed header, or fewer (or more) data bytes than the header's shape implies. The message
 * names the file and what was found. It extends {@link IllegalArgumentException} for the same reason
 * {@link NumberFormatException} does: the caller handed over input that cannot be parsed.
 */
public final class NpyFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the file and the problem. */
    public NpyFormatException(String message) {
        super(message);
    }
}
