/**
 * The optimizers behind {@link org.rnntk.core.Optimizers}: full-batch gradient descent and max-norm
 * projected gradient descent around the initialization (docs/theory.md §3).
 */
package org.rnntk.core.optim;
