/**
 * Fully connected networks with scalar output, the setting of Chatterjee's local PL criterion
 * (docs/theory.md §9): the architecture ({@link org.rnntk.core.feedforward.FeedforwardConfig}), the
 * network with its parameters ({@link org.rnntk.core.feedforward.FeedforwardNetwork}), data
 * ({@link org.rnntk.core.feedforward.FeedforwardData}), smooth strictly increasing activations
 * ({@link org.rnntk.core.feedforward.FeedforwardActivation}: tanh, sigmoid, softplus and their centred
 * variants; ReLU is rejected), the backend interface that computes the loss
 * (1/n) Σ (F(x_i) − y_i)² and its gradient ({@link org.rnntk.core.feedforward.FeedforwardBackend},
 * implemented in {@code rnntk-kernels}), and initializers
 * ({@link org.rnntk.core.feedforward.FeedforwardInitializers}: positive, Xavier normal, He normal;
 * implementations in {@code org.rnntk.core.feedforward.init}).
 */
package org.rnntk.core.feedforward;
