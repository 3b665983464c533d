"""Compares executed copies of the same notebooks made by two executors (dl4nlp run and nbconvert --execute).

Usage: python compare_executed.py DIR_A DIR_B [NAME.ipynb ...]
Prints JSON: per notebook, whether the same cells ran (execution_count set or not), and per code cell the differences
of its outputs after normalisation (consecutive streams merged, transient and execution metadata ignored):
"types" (output types / stream names differ), "text" (a stream's text differs), "data:MIME" (a MIME bundle's value
differs), "mimes" (the MIME types of a display differ), "count" (number of outputs differs).
"""

import json
import os
import sys

import nbformat


def merged(outputs):
    out = []
    for o in outputs:
        o = dict(o)
        o.pop("transient", None)
        if o.get("output_type") == "stream" and out and out[-1].get("output_type") == "stream" and out[-1].get("name") == o.get("name"):
            out[-1] = dict(out[-1], text=out[-1]["text"] + o["text"])
        else:
            out.append(o)
    return out


def diff_outputs(a, b):
    a, b = merged(a), merged(b)
    diffs = []
    if len(a) != len(b):
        diffs.append("count")
    for x, y in zip(a, b):
        if (x.get("output_type"), x.get("name")) != (y.get("output_type"), y.get("name")):
            diffs.append("types")
        elif x.get("output_type") == "stream" and x.get("text") != y.get("text"):
            diffs.append("text")
        elif x.get("output_type") in ("display_data", "execute_result"):
            if set(x.get("data", {})) != set(y.get("data", {})):
                diffs.append("mimes")
            for mime in set(x.get("data", {})) & set(y.get("data", {})):
                if x["data"][mime] != y["data"][mime]:
                    diffs.append("data:" + mime)
        elif x.get("output_type") == "error" and (x.get("ename"), x.get("evalue")) != (y.get("ename"), y.get("evalue")):
            diffs.append("error")
    return sorted(set(diffs))


def compare(path_a, path_b):
    a, b = nbformat.read(path_a, as_version=4), nbformat.read(path_b, as_version=4)
    ran_a = [c.get("execution_count") is not None for c in a.cells if c.cell_type == "code"]
    ran_b = [c.get("execution_count") is not None for c in b.cells if c.cell_type == "code"]
    cells = {}
    for i, (x, y) in enumerate(zip(a.cells, b.cells)):
        if x.cell_type == "code":
            d = diff_outputs(x.get("outputs", []), y.get("outputs", []))
            if d:
                cells[str(i + 1)] = d
    return {"same_cells_ran": ran_a == ran_b, "cells_ran": sum(ran_a), "code_cells": len(ran_a), "differences": cells}


if __name__ == "__main__":
    dir_a, dir_b, *names = sys.argv[1:]
    names = names or sorted(n for n in os.listdir(dir_a) if n.endswith(".ipynb"))
    print(json.dumps({n: compare(os.path.join(dir_a, n), os.path.join(dir_b, n)) for n in names}))
