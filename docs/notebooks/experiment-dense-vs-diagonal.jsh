// rnntk experiment dense-vs-diagonal (docs/experiments.md) at a tiny size, run by the test suite (NotebooksTest).
// The full experiment: java -jar cli/target/rnntk.jar experiment dense-vs-diagonal
// Run by hand from the project root after `mvn -B -DskipTests package`:
//   jshell -R-Djava.awt.headless=true --class-path cli/target/rnntk.jar docs/notebooks/experiment-dense-vs-diagonal.jsh
import java.nio.file.*;
import org.rnntk.experiments.*;
import org.rnntk.spark.sweep.Executor;

// A tiny configuration; Config.defaults() is what the command runs. Every Config is a validated record.
var config = DenseVsDiagonal.Config.tiny();
System.out.println(config);
var result = DenseVsDiagonal.run(config, ExperimentListener.NONE);

// The same cells on the sweep engine (here two threads of this JVM; Executor.spark("local[*]") or a
// cluster's master URL runs them on Spark): the same table, bit for bit.
var again = DenseVsDiagonal.run(config, ExperimentListener.NONE, Executor.threads(2));
if (!result.table().toCsv().equals(again.table().toCsv())) throw new IllegalStateException("the sweep engine changed the table");
System.out.println("same table on the sweep engine");

// The raw numbers, the summary, and the files (CSV, PNG, markdown).
System.out.println(result.table().toCsv());
System.out.println(result.summary());
Path dir = Files.createTempDirectory("rnntk-dense-vs-diagonal");
System.out.println(result.writeTo(dir));
System.out.println("experiment dense-vs-diagonal finished");
/exit
