package org.rnntk.spark;

import java.util.Objects;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Creates the Spark contexts rnntk's jobs run in (docs/spark.md). A master given to
 * {@code spark-submit} ({@code spark.master}) wins over the one passed here; the default is the
 * embedded {@code local[*]}, which needs nothing installed.
 */
public final class SparkContexts {

    /** The embedded master: every core of this machine, in this JVM. */
    public static final String DEFAULT_MASTER = "local[*]";

    private SparkContexts() {
    }

    /**
     * A context for {@code master} (null: {@code spark.master} if set, else {@link #DEFAULT_MASTER}).
     * Sets, unless already set: executors' {@code OMP_NUM_THREADS=1} (one ND4J/OpenBLAS thread per
     * task thread; Spark provides the parallelism); for a cluster master, when no {@code spark.jars}
     * is given, the jar this class was loaded from; for a local master no web UI and the loopback
     * interface only. Java
     * serialization is kept (Kryo cannot serialize records). Close the context when done.
     */
    public static JavaSparkContext create(String master, String appName) {
        Objects.requireNonNull(appName, "appName");
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        } else {
            conf.setIfMissing("spark.master", DEFAULT_MASTER);
        }
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        if (!conf.contains("spark.jars") && !conf.get("spark.master").startsWith("local")) {
            // A driver started with java -jar (not spark-submit) ships the jar holding rnntk to the executors.
            String[] jars = JavaSparkContext.jarOfClass(SparkContexts.class);
            if (jars.length > 0) {
                conf.setJars(jars);
            }
        }
        if (conf.get("spark.master").startsWith("local")) {
            // Embedded: no web UI, and no network beyond the loopback interface.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return new JavaSparkContext(conf);
    }
}
