/**
 * The feedforward initializers behind {@link org.rnntk.core.feedforward.FeedforwardInitializers}:
 * the positive initialization of docs/theory.md §9 and seeded Xavier/He normal draws.
 */
package org.rnntk.core.feedforward.init;
