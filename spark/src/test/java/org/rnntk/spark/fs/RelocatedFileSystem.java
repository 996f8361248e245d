package org.rnntk.spark.fs;

import java.net.URI;

import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A Hadoop file system under its own scheme, {@value #SCHEME}{@code :///path}, that stores files at
 * {@code /path} on the local disk: a stand-in for {@code hdfs://} or {@code s3a://} in tests. Code that
 * reached files through {@code java.nio} instead of the Hadoop {@code FileSystem} API cannot open
 * these URIs at all.
 */
public final class RelocatedFileSystem extends RawLocalFileSystem {

    /** The scheme. */
    public static final String SCHEME = "rnntktest";

    /** The configuration key that binds the scheme to this class. */
    public static final String IMPL_KEY = "fs." + SCHEME + ".impl";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    /** The URI of a local absolute path under this scheme. */
    public static String uri(java.nio.file.Path local) {
        return SCHEME + "://" + local.toAbsolutePath().toUri().getPath();
    }
}
