#!/usr/bin/env bash
# Spark local[2] against a pool of 2 threads on the same work (docs/design/spark.md): a 32-run sweep and
# the n = 8192 last-step Gram in tiles. Arguments: [rounds] [n] [output folder] [GD iterations per run,
# default 100]. Needs ~4 GB of heap.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o test-compile dependency:build-classpath -pl spark -am -Dmdep.outputFile="$PWD/spark/target/benchmark.classpath" >/dev/null
opts=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' pom.xml)
grep -m3 -E 'model name|cpu family|^model' /proc/cpuinfo
# shellcheck disable=SC2086
OMP_NUM_THREADS=1 java -Xmx6g --add-modules jdk.incubator.vector $opts \
    -cp "spark/target/test-classes:spark/target/classes:$(cat spark/target/benchmark.classpath)" \
    org.rnntk.spark.bench.SparkVsThreads "$@"
