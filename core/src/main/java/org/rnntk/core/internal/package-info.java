/** Numerical helpers shared inside rnntk-core (overflow-free norms); not API. */
package org.rnntk.core.internal;
