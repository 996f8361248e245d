/** Plumbing of the Spark module (progress counter, Hadoop file access); not part of the API. */
package org.rnntk.spark.internal;
