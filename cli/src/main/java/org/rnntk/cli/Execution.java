package org.rnntk.cli;

import java.util.regex.Pattern;

/**
 * Where {@code sweep} and the tiled {@code gram} run (docs/spark.md, "Where the work runs"): on a
 * Spark master when {@code --master URL} is given or {@code spark-submit} set {@code spark.master},
 * else on an in-process pool of {@code --threads} threads without Spark. With Spark, parallelism is
 * Spark's ({@code local[N]}, the executors' cores) and every task computes single-threaded, so
 * {@code --threads} is refused beside {@code --master}.
 */
final class Execution {

    /** local, local[N], local[*], local[N,F], local[*,F], local-cluster[N,C,M], spark://, yarn, k8s://. */
    private static final Pattern MASTER = Pattern.compile(
            "local|local\\[(\\*|[1-9]\\d*)(,\\s*\\d+)?]|local-cluster\\[\\d+,\\s*\\d+,\\s*\\d+]"
                    + "|spark://[^\\s/]+(:\\d+)?(,[^\\s/]+(:\\d+)?)*|yarn|k8s://\\S+");

    private Execution() {
    }

    /**
     * The Spark master to run on, or null for the in-process pool.
     *
     * @param master       the {@code --master} value, or null
     * @param threadsGiven whether {@code --threads} was on the command line
     * @throws CliFailure (usage) for a master URL Spark does not know, or {@code --threads} beside a master
     */
    static String sparkMaster(String master, boolean threadsGiven, int threads) {
        if (master != null) {
            if (!MASTER.matcher(master.trim()).matches()) {
                throw CliFailure.usage("--master '" + master + "' is not a Spark master URL; expected local, local[N], "
                        + "local[*], spark://HOST:PORT, yarn or k8s://HOST:PORT");
            }
        }
        String effective = master != null ? master.trim() : System.getProperty("spark.master");
        if (effective != null && threadsGiven) {
            throw CliFailure.usage("--threads (" + threads + ") sizes the in-process pool; on Spark (master "
                    + effective + ") the parallelism is Spark's: use local[N] or the executors' cores");
        }
        return effective;
    }
}
