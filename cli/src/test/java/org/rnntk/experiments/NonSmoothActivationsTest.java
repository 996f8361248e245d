package org.rnntk.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Activations;

/** ReLU and softplus_β against central differences, their limit and the refusal of their constants. */
class NonSmoothActivationsTest {

    private static final double[] POINTS = {-30, -3, -0.7, -0.05, 0.03, 0.4, 2.5, 40};

    @Test
    void softplusDerivativesMatchCentralDifferences() {
        for (double beta : new double[]{0.5, 1, 4, 16, 64}) {
            Activation s = NonSmoothActivations.softplus(beta);
            for (double z : POINTS) {
                double h = 1e-5 / beta;
                double d1 = (s.value(z + h) - s.value(z - h)) / (2 * h);
                double d2 = (s.derivative(z + h) - s.derivative(z - h)) / (2 * h);
                assertEquals(d1, s.derivative(z), 1e-7, "softplus" + beta + "' at " + z);
                assertEquals(d2, s.secondDerivative(z), 1e-6 * beta, "softplus" + beta + "'' at " + z);
                // log(1 + e^{bz})/b computed naively where it does not overflow.
                if (Math.abs(beta * z) < 30) {
                    assertEquals(Math.log(1 + Math.exp(beta * z)) / beta, s.value(z), 1e-12);
                }
                double gap = s.value(z) - NonSmoothActivations.relu().value(z);
                assertTrue(gap >= 0 && gap <= Math.log(2) / beta + 1e-15, "0 <= softplus - relu <= log 2/beta");
            }
            assertEquals(beta / 4, s.secondDerivative(0), 1e-15, "sigma2 = beta/4 at z = 0");
        }
    }

    @Test
    void reluAndItsDerivativeAwayFromZero() {
        Activation r = NonSmoothActivations.relu();
        for (double z : POINTS) {
            assertEquals(Math.max(z, 0), r.value(z));
            assertEquals(z > 0 ? 1 : 0, r.derivative(z));
            assertEquals(r.derivative(z), r.derivativeFromValue(r.value(z)));
        }
    }

    @Test
    void theBoundsRefuseReluAndSoftplusWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NonSmoothActivations.relu().constants());
        assertTrue(e.getMessage().contains("not C^2") && e.getMessage().contains("sigma0 (Infinity)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NonSmoothActivations.softplus(4).constants());
        assertTrue(e.getMessage().contains("sigma2 = beta/4 = 1"), e.getMessage());
        // The library's own checks: no finite constants can be declared, and the lookup names the reason.
        assertThrows(IllegalArgumentException.class,
                () -> new ActivationConstants(Double.POSITIVE_INFINITY, 1, Double.POSITIVE_INFINITY));
        e = assertThrows(IllegalArgumentException.class, () -> Activations.byName("relu"));
        assertTrue(e.getMessage().contains("C^2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NonSmoothActivations.softplus(0));
        assertTrue(e.getMessage().contains("beta (0.0)"), e.getMessage());
    }
}
