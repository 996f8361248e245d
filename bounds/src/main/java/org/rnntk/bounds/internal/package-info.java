/**
 * Numerical helpers of the bounds module (log-space arithmetic, monotone searches). Not API: the
 * classes here may change without notice.
 */
package org.rnntk.bounds.internal;
