// rnntk quick start: the README's code, run by the test suite (NotebooksTest) so it cannot rot.
// Run by hand from the project root after `mvn -B -DskipTests package`:
//   jshell --class-path cli/target/rnntk.jar docs/notebooks/quickstart.jsh
import org.rnntk.core.*;
import org.rnntk.bounds.*;
import org.rnntk.kernels.*;
import org.rnntk.core.data.SyntheticTasks;

// The required width for projected GD (docs/theory.md §8), with its breakdown.
var problem = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(0.5).timeSteps(10).samples(100).nuBar(1, 1).rho(1, 1).yMax(1).build();
WidthRequirement width = Bounds.requiredWidth(problem, 0.1, 0.05);
System.out.println(width.describe());
System.out.println(Bounds.pgd(problem, 0.1, 0.05).bound().describe());
System.out.println(Bounds.muT(1.5, 1.0, 100) + " " + Bounds.regime(1.5, 1.0));

// Training from the symmetric initialization (F(X; Theta(0)) = 0 exactly).
SequenceDataset data = SyntheticTasks.filter(64, 20, 8, 0.6, 0.5, 1).generate();
var init = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 1);
DiagonalRnn theta0 = init.initialize(512, 8, Activations.tanh());
var optimizer = Optimizers.projected(2.0, 1.0, 1.0);
// The bound of this very run: alpha, T, n, max||x_t|| (must be <= 1), Ymax, rho and N read from it.
var run = PgdProblem.from(init, Activations.tanh(), data, optimizer, Loss.ALL_STEPS);
System.out.println(run);
System.out.println(Bounds.requiredWidth(run, 0.1, 0.05).message());
try (Nd4jBackend backend = Nd4jBackend.create()) {
    TrainingHistory pgd = Training.run(backend, theta0, data, Loss.ALL_STEPS, optimizer, 100);
    System.out.println(pgd);
    LossGradient g = backend.lossAndGradient(pgd.last(), data, Loss.LAST_STEP);
    System.out.println("last-step loss " + g.loss() + ", gradient norm " + g.gradientNorm());
}
// The empirical NTK and a convergence certificate for the RNN at its initialization.
import org.rnntk.kernels.ntk.*;
import org.rnntk.kernels.pl.RnnCertificates;

GramMatrix k = Ntk.gram(theta0, data, Loss.LAST_STEP);
System.out.println(Spectrum.of(k));
try (Nd4jBackend backend = Nd4jBackend.create()) {
    var certificate = RnnCertificates.certify(backend, theta0, data, Loss.LAST_STEP);
    System.out.println(certificate);
}
System.out.println("quickstart finished");
/exit
