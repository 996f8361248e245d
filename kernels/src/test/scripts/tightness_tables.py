#!/usr/bin/env python3
"""Copies the tightness tables written by the kernels' *TightnessTest classes
(kernels/target/tightness/*.md) into docs/theory.md, between the markers
<!-- tightness:NAME --> and <!-- /tightness:NAME -->, and prints them.

Run from the repository root after
    mvn -B -o -pl kernels -am test -Dtest='*TightnessTest' -Dsurefire.failIfNoSpecifiedTests=false
With --check it changes nothing and exits 1 when docs/theory.md differs from the tables.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[4]
DOC = ROOT / "docs" / "theory.md"
TABLES = ROOT / "kernels" / "target" / "tightness"
NAMES = ["lemmas", "theorems-pgd", "theorems-pl"]


def main():
    check = "--check" in sys.argv[1:]
    text = DOC.read_text(encoding="utf-8")
    updated = text
    for name in NAMES:
        table = (TABLES / (name + ".md")).read_text(encoding="utf-8").strip("\n")
        print(name)
        print(table)
        print()
        pattern = re.compile(r"(<!-- tightness:%s -->\n).*?(\n<!-- /tightness:%s -->)" % (name, name), re.S)
        if not pattern.search(updated):
            sys.exit("docs/theory.md has no markers for table " + name)
        updated = pattern.sub(lambda m: m.group(1) + table + m.group(2), updated)
    if check:
        if updated != text:
            sys.exit("docs/theory.md differs from kernels/target/tightness: rerun without --check")
        print("docs/theory.md matches the tables")
    elif updated != text:
        DOC.write_text(updated, encoding="utf-8")
        print("docs/theory.md updated")


if __name__ == "__main__":
    main()
