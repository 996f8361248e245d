/**
 * The implementation of {@link org.rnntk.core.feedforward.FeedforwardBackend}: forward pass and exact
 * gradients by backpropagation for the feedforward networks of docs/theory.md §9, with ND4J DGEMM
 * for the large layer products and Java loops for the small ones.
 */
package org.rnntk.kernels.feedforward;
