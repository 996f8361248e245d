package org.rnntk.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.core.Loss;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkImplementation;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.kernels.ntk.Spectrum;
import org.rnntk.spark.gram.ExtremeEigenvalues;
import org.rnntk.spark.gram.GramFixtures;
import org.rnntk.spark.gram.GramProblem;
import org.rnntk.spark.gram.GramTiles;
import org.rnntk.spark.gram.Lanczos;
import org.rnntk.spark.gram.SparkGram;
import org.rnntk.spark.gram.SparkGramOperator;
import org.rnntk.spark.sweep.SparkSweep;
import org.rnntk.spark.sweep.SweepGrid;
import org.rnntk.spark.sweep.SweepRow;
import org.rnntk.spark.sweep.SweepRunner;

/**
 * A real standalone cluster: a Spark master and one worker started as separate JVMs on 127.0.0.1
 * from this module's test class path (the worker launches its executor from a SPARK_HOME whose
 * {@code jars/} links that class path's jars), then a sweep and a tiled Gram run through it and are
 * checked against local results. Every process started here (master, worker and the executors the
 * worker forked) is stopped in {@link #stop()}, whether the test passed or not, and by a shutdown
 * hook if the JVM exits early. Tagged {@code cluster}: excluded from the default test run, run by
 * {@code .ci/spark-cluster} (about a minute).
 */
@Tag("cluster")
class StandaloneClusterTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final List<Process> STARTED = new ArrayList<>();
    private static final Thread KILLER = new Thread(StandaloneClusterTest::killAll, "rnntk-cluster-cleanup");

    private static Path work;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() throws Exception {
        Runtime.getRuntime().addShutdownHook(KILLER);
        work = Paths.get("target", "spark-cluster").toAbsolutePath();
        deleteRecursively(work);
        Path home = Files.createDirectories(work.resolve("spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> dirs = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Paths.get(entry).toAbsolutePath();
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p);
                }
            } else if (Files.isDirectory(p)) {
                dirs.add(p.toString());
            }
        }
        int masterPort = freePort();
        int masterUi = freePort();
        String master = "spark://127.0.0.1:" + masterPort;
        String javaOptions = System.getProperty("rnntk.spark.jvm.options", "");
        launch("master", home, classPath, javaOptions, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUi));
        launch("worker", home, classPath, javaOptions, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "2", "--memory", "2g", "--webui-port", Integer.toString(freePort()),
                "--work-dir", work.resolve("work").toString(), master);
        awaitWorker(masterUi);

        SparkConf conf = new SparkConf().setMaster(master).setAppName("rnntk-cluster-test")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.memory", "1g")
                .set("spark.cores.max", "2")
                .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                // The same kernels path as in this JVM (the Vector API rows), and the module classes.
                .set("spark.executor.extraJavaOptions", "--add-modules jdk.incubator.vector")
                .set("spark.executor.extraClassPath", String.join(File.pathSeparator, dirs));
        sc = new JavaSparkContext(conf);
    }

    @AfterAll
    static void stop() {
        try {
            if (sc != null) {
                sc.close();
            }
        } finally {
            killAll();
            Runtime.getRuntime().removeShutdownHook(KILLER);
        }
    }

    @Test
    void sweepRowsEqualTheLocalSequentialRows() {
        SweepGrid grid = SweepGrid.parse("""
                task = filter, rnn
                n = 6
                steps = 4
                width = 8, 7
                seed = 1, 2
                iterations = 10
                record = loss, drift, curve
                """, "grid");
        List<SweepRow> cluster = SparkSweep.runAndWrite(sc, grid, work.resolve("sweep").toString(), System.err);
        assertEquals(SweepRunner.sequential(grid, null), cluster);
        assertEquals(4, cluster.stream().filter(SweepRow::ok).count(), "the odd width fails, as a row");
    }

    @Test
    void tiledGramEqualsTheLocalGramAndItsExtremeEigenvalues() {
        DiagonalRnn model = Initializers.symmetric(0.6, RecurrentLaw.UNIFORM, 11).initialize(24, 3, Activations.tanh());
        SequenceDataset data = SyntheticTasks.filter(30, 5, 3, 0.5, 1.0, 4).generate();
        String folder = work.resolve("gram").toUri().toString();
        GramProblem problem = GramProblem.of(model, data, null, Loss.LAST_STEP, 12,
                NtkImplementation.JACOBIAN_CONTRACTION, NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES);
        SparkGram.write(sc, problem, folder, System.err);
        GramMatrix local;
        try (EmpiricalNtk ntk = Ntk.empirical()) {
            local = ntk.gram(model, data, Loss.LAST_STEP);
        }
        GramMatrix tiled = GramTiles.assemble(new Configuration(), folder);
        double[] diag = GramFixtures.diagonal(local);
        GramFixtures.assertWithinReorderBound(local, tiled, diag, diag, 24 * 4);
        String pool = work.resolve("gram-pool").toString();
        GramTiles.write(new Configuration(), pool, problem, 2, null);
        assertEquals(GramTiles.assemble(new Configuration(), pool), tiled, "the cluster's tiles are the local tiles");
        Spectrum dense = Spectrum.of(local);
        try (SparkGramOperator k = new SparkGramOperator(sc, folder)) {
            ExtremeEigenvalues e = Lanczos.extremes(k);
            double tol = e.tolerance() * dense.lambdaMax();
            assertTrue(e.converged(), e.toString());
            assertEquals(dense.lambdaMin(), e.lambdaMin(), tol, e.toString());
            assertEquals(dense.lambdaMax(), e.lambdaMax(), tol, e.toString());
        }
    }

    // --- processes -------------------------------------------------------------------------------

    private static void launch(String name, Path home, String classPath, String javaOptions, String mainClass,
                               String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        for (String o : javaOptions.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
        synchronized (STARTED) {
            STARTED.add(pb.start());
        }
    }

    private static void awaitWorker(int masterUi) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (Process p : STARTED) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process exited with " + p.exitValue() + "; see "
                            + work.resolve("master.log") + " and " + work.resolve("worker.log"));
                }
            }
            try {
                last = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
                if (last.replace(" ", "").contains("\"aliveworkers\":1")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no worker registered with the master within " + START_TIMEOUT + ": " + last);
    }

    private static void killAll() {
        synchronized (STARTED) {
            for (Process p : STARTED) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
            for (Process p : STARTED) {
                try {
                    if (!p.waitFor(15, TimeUnit.SECONDS)) {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
            STARTED.clear();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
