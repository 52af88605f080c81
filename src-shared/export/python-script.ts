/**
 * The fixed parts of an exported Python script: its head (docstring and imports) and its end
 * (the check against `convolab run`'s results, the summary, and the command line).
 */

/** `SOURCE` is replaced by the graph's file name, made printable ASCII without quotes. */
export const SCRIPT_HEAD = String.raw`#!/usr/bin/env python3
"""SOURCE, exported from Convolab as a numpy/scipy script.

It computes every sink the way Convolab does (NODES.md's conventions: starts and origins,
convolution modes, image boundaries, seeds, float32 pixels), one function per node type and
one line per node in run_graph() below.

    python3 THIS_SCRIPT                compute every sink and print a line about each
    python3 THIS_SCRIPT --check DIR    compare with what 'convolab run GRAPH --out DIR' wrote:
                                       one line per sink; exit status 1 on any mismatch

Needs python3 with numpy and scipy.
"""
from __future__ import annotations

import argparse
import json
import math
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

import numpy as np
import scipy.io.wavfile
import scipy.signal

# Relative file paths in params are read from here, as Convolab reads them from the graph's folder
# (--folder changes it).
FOLDER = Path(__file__).resolve().parent`;

export const CHECK_SOURCE = String.raw`def not_exported(node, node_type, reason):
    raise NotImplementedError(f"node {node!r} ({node_type}): {reason}")


def node_error(node, node_type, message):
    raise ValueError(f"node {node!r} ({node_type}): {message}")


def as_written(value):
    """The array 'convolab run' writes for a value (FORMAT.md, "Headless results"), or None for a
    record, and what its S.json says about it."""
    if isinstance(value, Signal):
        return value.data, {"type": "signal", "start": value.start, "rate": value.rate, "length": len(value.data)}
    if isinstance(value, Spectrum):
        return (np.stack([value.X.real, value.X.imag], axis=-1),
                {"type": "spectrum", "start": value.start, "rate": value.rate, "length": len(value.X)})
    if isinstance(value, Image):
        channels, height, width = value.data.shape
        return (value.data[0] if channels == 1 else value.data).astype(np.float64), {
            "type": "image", "width": width, "height": height, "channels": channels,
            "origin": {"x": value.origin[0], "y": value.origin[1]}}
    if isinstance(value, Spectrum2D):
        height, width = value.X.shape
        return (np.stack([value.X.real, value.X.imag], axis=-1),
                {"type": "spectrum2d", "width": width, "height": height, "origin": {"x": value.origin[0], "y": value.origin[1]}})
    return None, {"type": "value"}


def check_sink(value, folder, name, tolerance):
    """None when Convolab's results for this sink match ours, else what differs; and relError."""
    meta_file = folder / f"{name}.json"
    if not meta_file.is_file():
        return f"Convolab wrote no {meta_file.name} (did the node fail there?)", None
    theirs = json.loads(meta_file.read_text(encoding="utf-8"))
    ours, meta = as_written(value)
    for key, expected in meta.items():
        if expected is not None and theirs.get(key) != expected:
            return f"{key} is {theirs.get(key)!r} in Convolab but {expected!r} here", None
    if ours is None:
        fields = theirs.get("fields", {})
        names = list(dict.fromkeys([*fields, *value]))
        convolab = np.array([math.nan if fields.get(n, 0.0) is None else fields.get(n, 0.0) for n in names], dtype=np.float64)
        ours = np.array([value.get(n, 0.0) for n in names], dtype=np.float64)
    else:
        convolab = np.load(folder / f"{name}.npy")
        if convolab.shape != ours.shape:
            return f"shape is {convolab.shape} in Convolab but {ours.shape} here", None
    errors = compare_errors(convolab, ours, tolerance)
    if errors["match"] != 1 and errors["maxAbsError"] > ROUNDING_FLOOR:
        return f"relError {errors['relError']:.3g} > {tolerance:g} (maxAbsError {errors['maxAbsError']:.3g})", errors["relError"]
    return None, errors["relError"]


def check(sinks, folder, tolerance=None):
    """One line per sink; 0 when every one matches Convolab's results, else 1."""
    failed = 0
    for node, (name, default_tolerance) in SINKS.items():
        limit = default_tolerance if tolerance is None else tolerance
        problem, rel = check_sink(sinks[node], folder, name, limit)
        if problem is None and rel > limit:
            # An exact 0 that one side computed by FFT: relError of rounding noise means nothing.
            print(f"ok    {node!r}: maxAbsError <= {ROUNDING_FLOOR:g}: every difference is rounding of values that are 0")
        elif problem is None:
            print(f"ok    {node!r}: relError {rel:.3g} <= {limit:g}")
        else:
            failed += 1
            print(f"FAIL  {node!r}: {problem}")
    print(f"{len(SINKS) - failed} of {len(SINKS)} sinks match Convolab's results in {folder}")
    if failed:
        # The commonest cause is no bug: the run's graph was not this one.
        print("This script computes the graph as it was exported: a run given --set, an --each input"
              " or a graph edited since gives other results; export the graph that ran, or check a run"
              " of this one.", file=sys.stderr)
    return 1 if failed else 0


def describe(value):
    if isinstance(value, Signal):
        return f"signal of {len(value.data)} samples from index {value.start}"
    if isinstance(value, Spectrum):
        return f"spectrum of {len(value.X)} bins"
    if isinstance(value, Image):
        channels, height, width = value.data.shape
        return f"image {width}x{height}" + (f" with {channels} channels" if channels > 1 else "")
    if isinstance(value, Spectrum2D):
        return f"2-D spectrum {value.X.shape[1]}x{value.X.shape[0]}"
    return ", ".join(f"{name} = {number:.6g}" for name, number in value.items())


def main(argv=None):
    parser = argparse.ArgumentParser(description=f"{TITLE or 'A Convolab graph'}: every sink, computed with numpy and scipy.")
    parser.add_argument("--check", metavar="DIR", help="compare with the results of 'convolab run GRAPH --out DIR'")
    parser.add_argument("--tolerance", type=float, help="the relError allowed for every sink (default: per sink, see SINKS)")
    parser.add_argument("--folder", metavar="DIR", help="read relative file paths in params from DIR (default: this script's folder)")
    args = parser.parse_args(argv)
    if args.folder is not None:
        global FOLDER
        FOLDER = Path(args.folder)
    try:
        sinks = run_graph()
    except FileNotFoundError as error:
        # A file param's file is not where the script looked (in_folder): one line, no traceback.
        print(error, file=sys.stderr)
        return 2
    if args.check is not None:
        return check(sinks, Path(args.check), args.tolerance)
    for node, value in sinks.items():
        print(f"{node!r}: {describe(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())`;
