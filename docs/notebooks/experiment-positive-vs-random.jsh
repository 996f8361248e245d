// rnntk experiment positive-vs-random (docs/experiments.md) at a tiny size, run by the test suite (NotebooksTest).
// The full experiment: java -jar cli/target/rnntk.jar experiment positive-vs-random
// Run by hand from the project root after `mvn -B -DskipTests package`:
//   jshell -R-Djava.awt.headless=true --class-path cli/target/rnntk.jar docs/notebooks/experiment-positive-vs-random.jsh
import java.nio.file.*;
import org.rnntk.experiments.*;

// A tiny configuration; Config.defaults() is what the command runs.
var config = PositiveVsRandom.Config.tiny();
var result = PositiveVsRandom.run(config, ExperimentListener.NONE);

// The tuned table, the summary, and the files (CSV of the curves, PNG, markdown).
System.out.println(result.summary());
Path dir = Files.createTempDirectory("rnntk-positive-vs-random");
System.out.println(result.writeTo(dir));
System.out.println("experiment positive-vs-random finished");
/exit
