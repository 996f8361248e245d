package org.rnntk.cli;

import java.util.Locale;

/**
 * Estimates of large allocations checked against the JVM's heap before they are made, so a run that
 * cannot fit is refused with the number it would need and the option that avoids it, instead of
 * ending in an {@link OutOfMemoryError} halfway through.
 */
final class MemoryBudget {

    /** The largest Java array, in elements (the JDK reserves a few header words). */
    static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8L;

    private MemoryBudget() {
    }

    /**
     * Bytes of heap a Gram of {@code rows × cols} doubles takes while a command computes and writes it:
     * the kernel's matrix plus the copy {@code GramMatrix.values()} hands to the file writer, plus
     * the Jacobian block budget.
     */
    static long gramBytes(long rows, long cols, long blockBudgetBytes) {
        return 2 * 8 * rows * cols + blockBudgetBytes;
    }

    /** Heap the JVM can still give: its limit minus what is in use after a collection. */
    static long availableHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Refuses (exit 1) when {@code what} cannot be held: more entries than a Java array holds, or
     * more than {@code bytes} of heap when less is available.
     *
     * @param entries the elements of the largest single array
     * @param avoid   what the user can do instead, e.g. "drop --gram-all"
     */
    static void require(String what, long entries, long bytes, String avoid) {
        if (entries > MAX_ARRAY_ELEMENTS) {
            throw CliFailure.runtime(what + " has " + entries + " entries, more than a Java array holds ("
                    + MAX_ARRAY_ELEMENTS + "); " + avoid, null);
        }
        long available = availableHeap();
        if (bytes > available) {
            throw CliFailure.runtime(what + " needs about " + format(bytes) + " of heap but only "
                    + format(available) + " are available (limit " + format(Runtime.getRuntime().maxMemory())
                    + "); " + avoid + ", or raise the limit (java -Xmx" + suggestXmx(bytes) + " -jar rnntk.jar ...)",
                    null);
        }
    }

    private static String suggestXmx(long bytes) {
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        long gib = (long) Math.ceil((bytes + used) * 1.25 / (1L << 30));
        return Math.max(1, gib) + "g";
    }

    /** Bytes as "17.2 GiB", "512.0 MiB" or "4.0 KiB". */
    static String format(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
