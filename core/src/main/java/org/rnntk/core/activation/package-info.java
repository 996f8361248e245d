/** The activations behind {@link org.rnntk.core.Activations}: tanh, sigmoid and user-defined ones. */
package org.rnntk.core.activation;
