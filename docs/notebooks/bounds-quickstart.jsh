// rnntk bounds quickstart (docs/theory.md sections 6-9; constants derived there, not copied from the papers).
// Run with only rnntk-core, rnntk-bounds and commons-math3 on the class path, e.g.
//   jshell --class-path core/target/classes:bounds/target/classes:commons-math3-3.6.1.jar docs/notebooks/bounds-quickstart.jsh
import org.rnntk.core.*;
import org.rnntk.bounds.*;

// mu_T and the memory cutoff alpha = 1/sigma1
System.out.println("mu_T(alpha=0.5, tanh, T=10) = " + Bounds.muT(0.5, 1.0, 10) + ", regime " + Bounds.regime(0.5, 1.0));
System.out.println("ln mu_T(alpha=1.5, T=10^6) = " + Bounds.logMuT(1.5, 1.0, 1_000_000) + " (mu_T itself overflows: " + Bounds.muT(1.5, 1.0, 1_000_000) + ")");

// The theory's sanity case: tanh, T = 10, n = 100, all steps, nuBarW = nuBarU = rhoW = rhoU = 1, Ymax = 1.
var problem = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(0.5).timeSteps(10).samples(100).loss(Loss.ALL_STEPS).nuBar(1, 1).rho(1, 1).yMax(1).inputNormBound(1).build();
var width = Bounds.requiredWidth(problem, 0.1, 0.05);
System.out.println(width.describe());

// Width, iterations, step and the bound at them, with the dominant term.
var plan = Bounds.pgd(problem, 0.1, 0.05);
System.out.println(plan.iterations().describe());
System.out.println(plan.step().describe());
System.out.println(plan.bound().describe());

// Long memory: the width exceeds a long, and a model's int width: modelWidth() refuses it with the number.
var longMemory = Bounds.requiredWidth(problem.withAlpha(1.5), 0.1, 0.05);
System.out.println(longMemory.message() + "; fits a model: " + longMemory.fitsModel());

// The bound of a concrete set-up, read from it instead of typed: a tiny data set (n = 2, T = 3, d = 2,
// every ||x_t|| <= 1), the symmetric initializer, the projected optimizer and the loss.
var data = new SequenceDataset(2, 3, 2, new double[] {0.6, 0.8, 0.0, 0.5, -0.3, 0.1, 0.2, -0.4, 1.0, 0.0, 0.1, 0.1},
        new double[] {0.1, -0.2, 0.3, 0.0, 0.2, -0.1});
var run = PgdProblem.from(Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 1), Activations.tanh(), data,
        Optimizers.projected(1.0, 1, 1), Loss.LAST_STEP);
System.out.println(run);
var loose = Bounds.requiredWidth(run, 5.0, 0.05);
System.out.println("epsilon = 5: " + loose.message() + ", as the model's int width " + loose.modelWidth());

// Width is logarithmic in n: a table for a plot.
WidthScaling.sweep(problem, 0.1, 0.05, WidthScaling.Axis.SAMPLES, 100, 200, 400, 800, 1600).forEach(System.out::println);

// Chatterjee's criterion on f(x) = (x^2 - 1)^2 at x0 = 1.3, r = 0.65: alpha = 16 (x0 - r)^2 exactly.
// beta = sup |f''| over the ball [0.65, 1.95] = 12 * 1.95^2 - 4 = 41.63 (exact, so also certified).
System.out.println(LocalPl.check(Math.pow(1.3 * 1.3 - 1, 2), 0.65, 16 * 0.65 * 0.65, Certification.CERTIFIED, 12 * 1.95 * 1.95 - 4, Certification.CERTIFIED, 0.002).describe());
System.out.println("quickstart finished");
/exit
