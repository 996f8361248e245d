/** The initializers behind {@link org.rnntk.core.Initializers}: the symmetric initialization (docs/theory.md §2). */
package org.rnntk.core.init;
