#!/usr/bin/env python3
"""Writes the small .npy fixtures that NpyFixturesTest reads, using real NumPy.

Run from anywhere:  python3 core/src/test/scripts/make_npy_fixtures.py
The files land in core/src/test/resources/npy/ and are committed, so the Java tests need no Python.
Every file's contents are listed here; NpyFixturesTest checks exactly these values.

  f8_1d.npy        float64 (7,)      [1.5, -2.25, 0.0, 1e-300, nan, inf, -inf]
  f8_2d.npy        float64 (3, 4)    element [i, j] = (4*i + j) / 8
  f8_3d.npy        float64 (2, 3, 4) element [i, j, k] = 0.5 * (12*i + 4*j + k) - 3
  f8_scalar.npy    float64 ()        0.125                (np.save of a np.float64: shape ())
  f8_empty.npy     float64 (0, 3)    no values
  f4_2d.npy        float32 (2, 3)    element [i, j] = 3*i + j + 0.25
  f8_be.npy        >f8 (big-endian) (5,)  element [i] = 1.5 * i
  i8_signs.npy     int64 (5,)        [1, -1, 1, 1, -1]
  i4_2d.npy        int32 (2, 2)      [[-3, 7], [2147483647, -2147483648]]
  i1_signs.npy     int8 (4,)         [1, -1, -128, 127]           (descr '|i1')
  i2_be.npy        >i2 (big-endian) (3,)  [-32768, 32767, -1]
  u1.npy           uint8 (3,)        [0, 1, 255]                  (descr '|u1')
  u2.npy           uint16 (2,)       [0, 65535]
  u4.npy           uint32 (2,)       [1, 4294967295]
  u8.npy           uint64 (2,)       [0, 2**53]
  u8_big.npy       uint64 (1,)       [2**64 - 1]                  (not exactly representable: refused)
  f8_fortran.npy   float64 (2, 3), fortran_order True; in C order the values are 0, 1, ..., 5
  f8_fortran_3d.npy float64 (2, 3, 4), fortran_order True; in C order 0, 1, ..., 23
  f8_v2.npy        float64 (2, 2), format version 2.0; [[1, 2], [3, 4]]
  f8_v3.npy        float64 (3,),   format version 3.0; [-1, 0, 1]
"""
import os
import sys

import numpy as np
from numpy.lib import format as npformat

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "npy")


def save(name, array, version=None):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            npformat.write_array(f, np.asanyarray(array), version=version)


def main():
    os.makedirs(OUT, exist_ok=True)
    save("f8_1d.npy", np.array([1.5, -2.25, 0.0, 1e-300, np.nan, np.inf, -np.inf], dtype=np.float64))
    save("f8_2d.npy", np.arange(12, dtype=np.float64).reshape(3, 4) / 8)
    save("f8_3d.npy", 0.5 * np.arange(24, dtype=np.float64).reshape(2, 3, 4) - 3)
    save("f8_scalar.npy", np.float64(0.125))
    save("f8_empty.npy", np.zeros((0, 3), dtype=np.float64))
    save("f4_2d.npy", np.arange(6, dtype=np.float32).reshape(2, 3) + np.float32(0.25))
    save("f8_be.npy", (1.5 * np.arange(5)).astype(">f8"))
    save("i8_signs.npy", np.array([1, -1, 1, 1, -1], dtype=np.int64))
    save("i4_2d.npy", np.array([[-3, 7], [2147483647, -2147483648]], dtype=np.int32))
    save("i1_signs.npy", np.array([1, -1, -128, 127], dtype=np.int8))
    save("i2_be.npy", np.array([-32768, 32767, -1], dtype=">i2"))
    save("u1.npy", np.array([0, 1, 255], dtype=np.uint8))
    save("u2.npy", np.array([0, 65535], dtype=np.uint16))
    save("u4.npy", np.array([1, 4294967295], dtype=np.uint32))
    save("u8.npy", np.array([0, 2**53], dtype=np.uint64))
    save("u8_big.npy", np.array([2**64 - 1], dtype=np.uint64))
    fortran = np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3))
    assert not fortran.flags.c_contiguous
    save("f8_fortran.npy", fortran)
    save("f8_fortran_3d.npy", np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4)))
    save("f8_v2.npy", np.array([[1.0, 2.0], [3.0, 4.0]]), version=(2, 0))
    save("f8_v3.npy", np.array([-1.0, 0.0, 1.0]), version=(3, 0))
    print("wrote fixtures to %s with numpy %s" % (os.path.normpath(OUT), np.__version__), file=sys.stderr)


if __name__ == "__main__":
    main()
