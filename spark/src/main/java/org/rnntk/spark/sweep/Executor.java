package org.rnntk.spark.sweep;

import java.util.Locale;
import java.util.Objects;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * Where {@link Sweep#map} computes its cells: {@link #sequential()} (this thread, in order),
 * {@link #threads(int)} (a pool in this JVM) or Spark ({@link #spark(String)}: a context created
 * for the map and closed after it; {@link #spark(JavaSparkContext)}: a context the caller owns).
 * The results do not depend on the executor. Immutable.
 */
public sealed interface Executor {

    /** Every cell in the calling thread, in order. */
    static Executor sequential() {
        return Sequential.INSTANCE;
    }

    /** The cells on a pool of {@code threads} threads of this JVM. */
    static Executor threads(int threads) {
        return new Threads(threads);
    }

    /**
     * One Spark task per cell on a context created for {@code master} ({@code local[2]},
     * {@code spark://host:7077}, …; null: {@code spark.master} if set, else {@code local[*]}) and
     * closed when the map ends.
     */
    static Executor spark(String master) {
        return new Spark(master, null);
    }

    /** One Spark task per cell on {@code context}, which the caller keeps open and closes. */
    static Executor spark(JavaSparkContext context) {
        return new Spark(null, Objects.requireNonNull(context, "context"));
    }

    /**
     * Parses {@code sequential}, {@code threads(N)} or a Spark master URL ({@code local}, {@code local[N]},
     * {@code local[*]}, {@code spark://…}, {@code yarn}, {@code k8s://…}, {@code mesos://…}).
     *
     * @throws IllegalArgumentException for anything else, saying what was expected
     */
    static Executor parse(String text) {
        String s = text == null ? "" : text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("sequential")) {
            return sequential();
        }
        if (lower.startsWith("threads(") && lower.endsWith(")")) {
            String n = s.substring("threads(".length(), s.length() - 1).trim();
            try {
                return threads(Integer.parseInt(n));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("executor '" + text + "': thread count '" + n + "' is not an integer");
            }
        }
        if (lower.equals("local") || lower.matches("local\\[(\\d+|\\*)(,\\d+)?\\]") || lower.equals("yarn")
                || lower.startsWith("spark://") || lower.startsWith("k8s://") || lower.startsWith("mesos://")) {
            return spark(s);
        }
        throw new IllegalArgumentException("executor '" + text + "' is unknown; expected sequential, threads(N) or a"
                + " Spark master URL (local[N], local[*], spark://host:port, yarn, k8s://..., mesos://...)");
    }

    /** The calling thread. */
    record Sequential() implements Executor {
        static final Sequential INSTANCE = new Sequential();

        @Override
        public String toString() {
            return "sequential";
        }
    }

    /**
     * A pool of threads in this JVM.
     *
     * @param threads ≥ 1
     */
    record Threads(int threads) implements Executor {
        public Threads {
            if (threads < 1) {
                throw new IllegalArgumentException("threads (" + threads + ") must be >= 1");
            }
        }

        @Override
        public String toString() {
            return "threads(" + threads + ")";
        }
    }

    /**
     * Spark: a context for {@code master} made per map, or the caller's {@code context}.
     *
     * @param master  the master URL when {@code context} is null (null: Spark's default)
     * @param context the caller's context, or null
     */
    record Spark(String master, JavaSparkContext context) implements Executor {
        @Override
        public String toString() {
            return context != null ? "spark(" + context.master() + ")" : "spark(" + master + ")";
        }
    }
}
