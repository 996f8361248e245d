package org.rnntk.spark.internal;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;

/**
 * The entries of a Hadoop {@link Configuration}, serializable, so that executors open file systems
 * with the driver's settings ({@code spark.hadoop.*}, credentials of object stores). Immutable. Not
 * part of the API.
 */
public final class HadoopConf implements Serializable {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, String> entries = new HashMap<>();

    /** A snapshot of {@code conf}. */
    public HadoopConf(Configuration conf) {
        for (Map.Entry<String, String> e : conf) {
            entries.put(e.getKey(), e.getValue());
        }
    }

    /** A fresh configuration with the snapshot's entries. */
    public Configuration get() {
        Configuration conf = new Configuration(false);
        entries.forEach(conf::set);
        return conf;
    }
}
