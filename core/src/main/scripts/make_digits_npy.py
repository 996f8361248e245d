#!/usr/bin/env python3
"""Produces the digits resource of org.rnntk.core.data.Digits.

Input: scikit-learn's copy of the UCI "Optical Recognition of Handwritten Digits" test set
(sklearn/datasets/data/digits.csv.gz: 1797 rows of 64 pixel counts 0..16 and the digit), taken
from the scikit-learn 1.9.1 wheel on PyPI:

    pip download scikit-learn==1.9.1 --no-deps
    python3 make_digits_npy.py scikit_learn-1.9.1-*.whl OUT_DIR

(a path to digits.csv.gz itself is accepted too). The file's SHA-256 is checked. Output, in OUT_DIR:
digits_images.npy (int32, shape (1797, 8, 8), row-major 8x8 images, values 0..16) and
digits_labels.npy (int32, shape (1797,), digits 0..9), in the CSV's row order. No other
transformation: scaling to ||x_t|| <= 1 is done by the Java loader.
"""
import gzip
import hashlib
import io
import sys
import zipfile

import numpy as np

MEMBER = "sklearn/datasets/data/digits.csv.gz"
SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"


def read_csv_gz(path):
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            return z.read(MEMBER)
    with open(path, "rb") as f:
        return f.read()


def main(src, out):
    raw = read_csv_gz(src)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256:
        sys.exit(f"digits.csv.gz has SHA-256 {digest}, expected {SHA256}")
    data = np.loadtxt(io.StringIO(gzip.decompress(raw).decode("ascii")), delimiter=",", dtype=np.int64)
    assert data.shape == (1797, 65), data.shape
    images = data[:, :64].reshape(1797, 8, 8).astype("<i4")
    labels = data[:, 64].astype("<i4")
    assert images.min() == 0 and images.max() == 16 and set(labels.tolist()) == set(range(10))
    np.save(f"{out}/digits_images.npy", images)
    np.save(f"{out}/digits_labels.npy", labels)
    print("class counts", np.bincount(labels).tolist())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_digits_npy.py (scikit_learn-*.whl | digits.csv.gz) OUT_DIR")
    main(sys.argv[1], sys.argv[2])
