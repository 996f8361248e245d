// rnntk experiment pgd-vs-gd (docs/experiments.md) at a tiny size, run by the test suite (NotebooksTest).
// The full experiment: java -jar cli/target/rnntk.jar experiment pgd-vs-gd
// Run by hand from the project root after `mvn -B -DskipTests package`:
//   jshell -R-Djava.awt.headless=true --class-path cli/target/rnntk.jar docs/notebooks/experiment-pgd-vs-gd.jsh
import java.nio.file.*;
import org.rnntk.experiments.*;

// A tiny configuration; Config.defaults() is what the command runs. Every Config is a validated record.
var config = PgdVsGd.Config.tiny();
System.out.println(config);
var result = PgdVsGd.run(config, ExperimentListener.NONE);

// The raw numbers, the section 8 bounds beside each run, the summary, and the files (CSVs, PNG, markdown).
System.out.println(result.table().toCsv());
System.out.println(result.extraTables().get("bounds").toCsv());
for (var b : result.bounds()) {
    System.out.println(b.label() + " m=" + b.m() + ": " + b.status() + ", min loss " + b.minLoss()
            + (b.gdBound() != null ? ", GD bound " + b.gdBound().total() : "")
            + (b.pgdBound() != null ? ", PGD bound " + b.pgdBound().total() : ""));
}
System.out.println(result.summary());
Path dir = Files.createTempDirectory("rnntk-pgd-vs-gd");
System.out.println(result.writeTo(dir));
System.out.println("experiment pgd-vs-gd finished");
/exit
