/**
 * Reading and writing NumPy {@code .npy} files, so that data sets, initial parameters and results
 * move between rnntk and Python without a conversion step.
 *
 * <p>{@link org.rnntk.core.io.Npy} holds the static {@code read} and {@code write} methods;
 * {@link org.rnntk.core.io.NpyArray} is what a read returns (shape, dtype and the values as
 * {@code double[]} in C order); {@link org.rnntk.core.io.NpyDtype} lists the element types that are
 * understood; {@link org.rnntk.core.io.NpyFormatException} reports a file whose contents are not a
 * readable {@code .npy} file. {@link org.rnntk.core.io.ModelFolder} saves and loads a model as a folder
 * of {@code .npy} arrays plus a small {@code model.json} ({@link org.rnntk.core.io.SavedModel} is
 * what a load returns); {@link org.rnntk.core.io.MappedNpyMatrix} writes a matrix too large for the
 * heap into a {@code .npy} file block by block through memory mapping. The format itself is specified in
 * <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>.
 */
package org.rnntk.core.io;
