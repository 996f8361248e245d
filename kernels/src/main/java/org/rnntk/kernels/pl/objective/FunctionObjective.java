package org.rnntk.kernels.pl.objective;

import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

import org.rnntk.core.Checks;
import org.rnntk.kernels.pl.Objective;

/** An {@link Objective} from a value function and a gradient function. */
public final class FunctionObjective implements Objective {

    private final int dimension;
    private final ToDoubleFunction<double[]> value;
    private final UnaryOperator<double[]> gradient;

    /**
     * @param dimension p ≥ 1
     * @param value     f
     * @param gradient  ∇f
     */
    public FunctionObjective(int dimension, ToDoubleFunction<double[]> value, UnaryOperator<double[]> gradient) {
        this.dimension = Checks.positive("dimension p", dimension);
        this.value = Objects.requireNonNull(value, "value");
        this.gradient = Objects.requireNonNull(gradient, "gradient");
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double value(double[] x) {
        Checks.length("x", x, dimension, "the objective's dimension");
        return value.applyAsDouble(x.clone());
    }

    @Override
    public double[] gradient(double[] x) {
        Checks.length("x", x, dimension, "the objective's dimension");
        double[] g = gradient.apply(x.clone());
        Checks.length("gradient", g, dimension, "the objective's dimension");
        return g;
    }
}
