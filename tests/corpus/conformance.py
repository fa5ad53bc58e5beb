"""Conformance mode of the corpus runner: every operation of a generated client against Prism.

Stdlib only. `run.py --conformance` generates each spec with the `conformance` setting (the client gets
a `conformance/` package whose binary calls every operation once and prints one JSON line per
operation), builds clients and programs in one cargo invocation, then per spec: starts Prism
(`@stoplight/prism-cli`, pinned) in dynamic mode on a free loopback port, runs the program against it,
stops Prism, and classifies every operation from the program's line and Prism's own log:

  pass               a 2xx whose body decoded into the success type, the request accepted by Prism;
  fail               Prism rejected the request (its validation found a violation: a 422/400 problem,
                     or the spec's own 400/422/401 response served with violations logged), the body did
                     not decode, the call failed, the program skipped it or never reported it;
  prism limitation   what Prism cannot serve: a spec it does not load, an operation with no 2xx response
                     to serve, its own 5xx problems (no response defined, schema too complex, unknown
                     error), a 2xx body it generated that its own validator says breaks the spec, or a
                     multipart object part refused because Prism reads every part as text;
                     and the spec's own faults: a request refused only for properties the spec requires
                     but never gives a schema (the generator warns about each such `required`).

Limitations are counted apart: never as passes, never as failures.
"""

from __future__ import annotations

import collections
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PRISM_PACKAGE = "@stoplight/prism-cli"
PRISM_VERSION = "5.16.0"  # the version tests/tests/prism.rs pins
PRISM_PROBLEM = "https://stoplight.io/prism/errors#"
# Prism's problem types that say the request broke the spec (the request side is at fault).
REJECTING_PROBLEMS = {
    "UNPROCESSABLE_ENTITY": "request rejected",
    "UNAUTHORIZED": "request rejected: security requirements not met",
    "INVALID_CONTENT_TYPE": "request rejected: content type",
    "NOT_ACCEPTABLE": "request rejected: accept header",
    "NO_PATH_MATCHED_ERROR": "request rejected: no path matched",
    "NO_METHOD_MATCHED_ERROR": "request rejected: no method matched",
}
# Everything else Prism generates itself (NO_RESPONSE_RESPONSE_DEFINED, SCHEMA_TOO_COMPLEX, UNKNOWN,
# NO_COMPLEX_OBJECT_TEXT, ...) is Prism failing to serve an operation: a limitation.
HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE")


def log(text: str) -> None:
    print(f"[corpus] {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------
# Prism


def npm_install(prefix: Path, package: str, produces: Path, what: str, *flags: str) -> None:
    """`npm install` of one pinned package under PREFIX, checking that it produced PRODUCES; raises
    RuntimeError saying what failed."""
    command = ["npm", "install", "--no-save", "--no-audit", "--no-fund", *flags, "--prefix", str(prefix), package]
    log(f"installing {what}: {' '.join(command)}")
    try:
        subprocess.run(command, check=True, cwd=prefix, stdout=sys.stderr)
    except (OSError, subprocess.CalledProcessError) as error:
        raise RuntimeError(f"npm install of {package} failed: {error}") from error
    if not produces.exists():
        raise RuntimeError(f"npm install did not produce {produces}")


def install_prism(cache: Path) -> Path:
    """`npm install` of the pinned Prism under CACHE/prism unless already there; returns its binary."""
    directory = cache / "prism"
    binary = directory / "node_modules" / ".bin" / "prism"
    marker = directory / f"installed-{PRISM_VERSION}"
    if marker.is_file() and binary.exists():
        return binary
    directory.mkdir(parents=True, exist_ok=True)
    npm_install(directory, f"{PRISM_PACKAGE}@{PRISM_VERSION}", binary, "Prism")
    marker.write_text("")
    return binary


# Prism servers and programs running now, so that a runner stopped by a signal stops them too.
LIVE: set = set()


def stop_all() -> None:
    for process in list(LIVE):
        stop(process)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Stops a process started in its own session, and its children, by its process group."""
    LIVE.discard(process)
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def start_prism(binary: Path, spec: Path, log_path: Path, seed: str, startup: float):
    """Starts `prism mock -d` on a free port; returns (process, port, None) once it listens, or
    (None, None, why) when it exits or does not listen within `startup` seconds."""
    port = free_port()
    command = [str(binary), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port), "-d", "--seed", seed]
    handle = log_path.open("w")
    process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    LIVE.add(process)
    handle.close()
    deadline = time.monotonic() + startup
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None, None, prism_fatal(log_path.read_text(errors="replace")) or f"Prism exited {process.returncode} before listening"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port, None
        except OSError:
            time.sleep(0.2)
    stop(process)
    return None, None, f"Prism did not listen within {startup:g}s"


# Prism's pretty log: `[6:53:00 PM] › [HTTP SERVER] post /pets/1 ℹ  info      Request received`
LOG_LINE = re.compile(r"^\[[^\]]*\]\s+\S+\s+(?:\[(?P<source>[^\]]+)\]\s*)(?P<rest>.*)$")
LEVEL = re.compile(r"^(?P<head>.*?)\s*\S\s+(?P<level>info|warning|error|success|fatal|awaiting|start|note|debug|trace)\s{2,}(?P<text>.*)$")


def prism_fatal(text: str) -> str | None:
    for line in text.splitlines():
        match = LOG_LINE.match(line)
        if match:
            level = LEVEL.match(match.group("rest"))
            if level and level.group("level") == "fatal":
                return level.group("text").strip()
    return None


@dataclass
class PrismRequest:
    method: str
    path: str
    rejected: bool = False
    reasons: list = field(default_factory=list)  # why the request did not pass Prism's validation
    response_violations: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    terminated: str | None = None  # `Request terminated with error: TYPE: title`
    responded: bool = False  # Prism chose a response (or an error of its own) for it
    status: int | None = None  # the status it responded with, when it said


@dataclass
class PrismLog:
    operations: list  # (METHOD, path) of every operation Prism loaded (its startup list)
    requests: list  # PrismRequest, in arrival order
    fatal: str | None = None


def parse_prism_log(text: str) -> PrismLog:
    """Reads Prism's log. Requests are told apart by `Request received`: the program calls one
    operation at a time, so the lines that follow one belong to it."""
    parsed = PrismLog(operations=[], requests=[])
    current: PrismRequest | None = None
    rejecting = False
    for line in text.splitlines():
        match = LOG_LINE.match(line)
        if not match:
            continue
        source, rest = match.group("source"), match.group("rest")
        level = LEVEL.match(rest)
        if not level:
            continue
        head, kind, message = level.group("head").strip(), level.group("level"), level.group("text").strip()
        if source == "CLI":
            if kind == "info":
                parts = message.split(None, 1)
                if len(parts) == 2 and parts[0] in HTTP_METHODS:
                    # Without examples Prism prints a URI template: `/pools{?api-version,$filter*}`.
                    url = re.sub(r"\{[?&#][^}]*\}", "", parts[1].strip())
                    path = re.sub(r"^https?://[^/]+", "", url).split("?", 1)[0].split("#", 1)[0]
                    parsed.operations.append((parts[0], path or "/"))
            elif kind == "fatal":
                parsed.fatal = message
            continue
        if source == "HTTP SERVER":
            if message == "Request received":
                method, _, path = head.partition(" ")
                current = PrismRequest(method.upper(), path.strip())
                parsed.requests.append(current)
                rejecting = False
            elif message.startswith("Request terminated with error:") and current:
                current.terminated = message.removeprefix("Request terminated with error:").strip()
                current.responded = True
            continue
        if current is not None and source == "NEGOTIATOR" and message.startswith(("Responding with", "> Responding with")):
            current.responded = True
            status = re.match(r'> Responding with "(\d{3})"', message)
            if status:
                current.status = int(status.group(1))
        if current is None or source != "VALIDATOR":
            continue
        if message == "Request did not pass the validation rules":
            current.rejected, rejecting = True, True
        elif message.startswith("Violation: "):
            rejecting = False
            location, _, text = message.removeprefix("Violation: ").partition(" ")
            if location.startswith("response") and kind == "error":
                current.response_violations.append(f"{location} {text}")
            elif location.startswith("request") and kind == "warning":
                current.warnings.append(f"{location} {text}")
        elif rejecting and kind == "error":
            current.reasons.append(message)
        elif kind == "warning" and message != "Request did not pass the validation rules":
            current.warnings.append(message)
        elif kind == "success":
            rejecting = False
    return parsed


def template_pattern(template: str) -> re.Pattern:
    """`/pets/{id}` as a regex over the path Prism logs (percent-encoded, no query)."""
    parts = re.split(r"\{[^}/]*\}", template.split("?", 1)[0].split("#", 1)[0])
    return re.compile("^" + "[^/]*".join(re.escape(part) for part in parts) + "/?$")


def matches(template: str, method: str, request_method: str, path: str) -> bool:
    if method.upper() != request_method.upper():
        return False
    return bool(template_pattern(template).match(path))


# ---------------------------------------------------------------------------------------------------
# The program and the classification


def run_program(binary: Path, base_url: str, timeout: float, log_path: Path, skip: int = 0) -> dict:
    command = [str(binary), "--base-url", base_url] + (["--skip", str(skip)] if skip else [])
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
    LIVE.add(process)
    timed_out = False
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        stop(process)
        stdout, stderr = process.communicate()
    LIVE.discard(process)
    seconds = time.monotonic() - started
    out_text, err_text = stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace")
    log_path.write_text(f"$ {' '.join(command)}\n# exit {process.returncode}, {seconds:.2f}s\n--- stdout\n{out_text}--- stderr\n{err_text}")
    lines, junk = [], 0
    for line in out_text.splitlines():
        try:
            value = json.loads(line)
        except ValueError:
            junk += 1
            continue
        if isinstance(value, dict) and "operation" in value:
            lines.append(value)
        else:
            junk += 1
    stderr_lines = [line for line in err_text.splitlines() if line.strip()]
    return {
        "exit_code": process.returncode, "timed_out": timed_out, "seconds": round(seconds, 2),
        "lines": lines, "other_stdout_lines": junk, "stderr_tail": stderr_lines[-5:],
    }


def normalise(text: str) -> str:
    """Details that vary between operations replaced, so that similar causes group."""
    text = re.sub(r"`[^`]*`", "`…`", text)
    text = re.sub(r'"[^"]*"', '"…"', text)
    text = re.sub(r"'[^']*'", "'…'", text)
    text = re.sub(r"\bline \d+ column \d+\b", "line N column N", text)
    text = re.sub(r"(?<![\w.])-?\d+(\.\d+)?(?![\w.])", "N", text)
    text = re.sub(r"\b(property|parameter|header) (?!must\b)[\w.$\[\]-]+", r"\1 …", text)
    return re.sub(r"\s+", " ", text).strip()


def problem_body(line: dict) -> dict | None:
    try:
        value = json.loads(line.get("body") or "")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def prism_problem(line: dict) -> str | None:
    """The Prism problem type (`UNPROCESSABLE_ENTITY`, ...) of the response, if Prism wrote it."""
    problem = line.get("problem_type") or (problem_body(line) or {}).get("type")
    if isinstance(problem, str) and problem.startswith(PRISM_PROBLEM):
        return problem.removeprefix(PRISM_PROBLEM)
    return None


def problem_reasons(line: dict) -> list[str]:
    body = problem_body(line) or {}
    reasons = [item.get("message", "") for item in body.get("validation") or [] if isinstance(item, dict)]
    if not reasons and body.get("detail"):
        reasons = [str(body["detail"])]
    return [reason for reason in reasons if reason]


def classify(line: dict, request: PrismRequest | None) -> tuple[str, str, str]:
    """(verdict, cause class, example detail) of one operation: verdict is pass, fail or limitation."""
    outcome, status = line.get("outcome"), line.get("status")
    detail = line.get("detail") or ""
    if outcome == "skipped":
        return "fail", f"skipped: {normalise(detail) or '?'}", detail
    if outcome == "transport" or status is None:
        if "body is longer than the limit" in detail:
            # Prism generates array bodies of random length; the client refuses bodies over its limit
            # (32 MiB unless configured), as it should with any server.
            return "limitation", "prism limitation: it generated a body over the client's size limit", detail
        if request is not None and request.status is not None and 300 <= request.status < 400:
            # Its `Location` is a value it made up from the header's schema: the client follows it off
            # the mock, where nothing answers.
            return "limitation", f"prism limitation: it answered {request.status} with a made-up Location, which the client followed off the mock", detail
        if request is not None and not request.rejected and not request.responded:
            # Prism took the request, validated it and never answered (generating a response hung).
            return "limitation", f"prism limitation: no response to an accepted request ({normalise(detail) or '?'})", detail
        return "fail", f"transport: {normalise(detail) or '?'}", detail
    problem = prism_problem(line)
    if problem == "NO_PATH_MATCHED_ERROR" and "#" in str(line.get("path") or ""):
        # AWS JSON-protocol specs key operations by a fragment (`/#X-Amz-Target=Service.Action`); no
        # HTTP request carries a fragment (the target goes in the `X-Amz-Target` header), so Prism
        # cannot route any call of these operations.
        return "limitation", "prism limitation: the path has a fragment (`#…`), which no request carries, so Prism cannot route it", detail
    if problem in REJECTING_PROBLEMS:
        reasons = (request.reasons if request and request.reasons else []) or problem_reasons(line)
        head = REJECTING_PROBLEMS[problem]
        first = reasons[0] if reasons else ""
        return "fail", f"{head}: {normalise(first)}" if first else head, "; ".join(reasons) or detail
    if problem is not None:
        body = problem_body(line) or {}
        title = body.get("title") or problem
        return "limitation", f"prism limitation: {problem} ({normalise(str(title))})", str(body.get("detail") or detail)
    if request is not None and request.rejected:
        # The spec's own 400/422 (or 401) response, served because the request broke the spec.
        first = request.reasons[0] if request.reasons else "?"
        return "fail", f"request rejected: {normalise(first)}", "; ".join(request.reasons)
    success = isinstance(status, int) and 200 <= status < 300
    if outcome == "decoded" and success:
        return "pass", "", ""
    if outcome == "not_decoded":
        if success and request is not None and request.response_violations:
            first = request.response_violations[0]
            return "limitation", f"prism limitation: its response breaks the spec ({normalise(first)})", "; ".join(request.response_violations)
        return "fail", f"not decoded: {normalise(detail) or '?'}", detail
    if outcome == "error_status":
        # Prism answered a request it accepted with a non-2xx the spec declares: it serves the lowest
        # 2xx when there is one, so this operation has none to serve.
        return "limitation", f"prism limitation: no 2xx response to serve (served {status})", detail
    return "fail", f"unexpected outcome {outcome!r} with status {status}", detail


def correlate(lines: list[dict], requests: list[PrismRequest]) -> list[PrismRequest | None]:
    """Pairs each program line with the Prism request it made (method and path template), in order."""
    paired: list[PrismRequest | None] = []
    cursor = 0
    for line in lines:
        found = None
        if line.get("outcome") != "skipped" and line.get("path") and line.get("method"):
            for index in range(cursor, len(requests)):
                request = requests[index]
                if matches(line["path"], line["method"], request.method, request.path):
                    found, cursor = request, index + 1  # the program makes one request per call (no retries)
                    break
        paired.append(found)
    return paired


def evaluate(program: dict, prism_log: PrismLog) -> list[dict]:
    """One record per operation: the program's lines classified, plus Prism's operations it never reported."""
    lines = program["lines"]
    return evaluate_lines(lines, prism_log) + unreported(prism_log.operations, lines, program)


def evaluate_lines(lines: list[dict], prism_log: PrismLog) -> list[dict]:
    """The program's lines classified, each with the Prism request it made."""
    records = []
    for line, request in zip(lines, correlate(lines, prism_log.requests)):
        verdict, cause, example = classify(line, request)
        record = operation_record(line, verdict, cause or None, example or None)
        if request is not None and (request.reasons or request.response_violations):
            record["prism"] = {"request": request.reasons, "response": request.response_violations}
        records.append(record)
    return records


def operation_record(line: dict, verdict: str, cause: str | None, detail: str | None) -> dict:
    return {
        "operation": line.get("operation"), "method": line.get("method"), "path": line.get("path"),
        "status": line.get("status"), "outcome": line.get("outcome"), "verdict": verdict, "cause": cause,
        "detail": detail,
    }


def unreported(operations: list, lines: list[dict], program: dict) -> list[dict]:
    """A failure for each operation Prism loaded that no line of the program reported."""
    reported = [(str(line.get("method", "")).upper(), str(line.get("path", ""))) for line in lines]
    cut_short = program["timed_out"] or program["exit_code"] != 0
    records = []
    for method, path in operations:
        if any(matches(template, m, method, path) for m, template in reported):
            continue
        cause = "program ended before calling it" if cut_short else "not called: the program printed no line for it"
        records.append({
            "operation": None, "method": method, "path": path, "status": None, "outcome": None,
            "verdict": "fail", "cause": cause, "detail": f"{method} {path} ({program_end(program)})" if cut_short else f"{method} {path}",
        })
    return records


def program_end(program: dict) -> str:
    if program["timed_out"]:
        return "timed out"
    tail = program["stderr_tail"][-1] if program["stderr_tail"] else ""
    return f"exit {program['exit_code']}" + (f": {tail[:200]}" if tail else "")


def json_copy_for_prism(spec_path: Path, copy_path: Path) -> Path:
    """The spec as Prism should read it: a YAML spec is written out as JSON, every mapping key a string
    (Prism cannot serve a YAML document whose status keys are unquoted numbers, `200:`). Needs PyYAML; without
    it, or for JSON and unreadable specs, the spec itself."""
    if spec_path.suffix.lower() not in (".yaml", ".yml"):
        return spec_path
    try:
        import yaml  # optional, as in count_operations
    except ImportError:
        return spec_path
    try:
        document = yaml.safe_load(spec_path.read_text())
    except (OSError, ValueError, yaml.YAMLError):
        return spec_path
    copy_path.write_text(json.dumps(string_keys(document), default=str))
    return copy_path


def string_keys(value):
    """A YAML value with every mapping key as JSON writes it (`200` → `"200"`, `true` → `"true"`)."""
    if isinstance(value, dict):
        return {json_key(key): string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [string_keys(item) for item in value]
    return value


def json_key(key) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, (bool, int, float)) or key is None:
        return json.dumps(key)
    return str(key)


# How many times one spec's run restarts Prism after it exits; a spec that kills it more often than this
# has the rest of its operations counted as Prism limitations.
MAX_PRISM_RESTARTS = 20
PRISM_EXITED = "prism limitation: Prism exited while serving this operation"


def run_spec(spec, executable: Path, prism: Path, logs: Path, timeout: float, seed: str, startup: float) -> dict:
    """Prism up, the program against it, Prism down; the classified operations. When Prism exits under
    the program, the operation it was serving is its limitation, and the run resumes after it on a new
    Prism (the program's `--skip`), so one operation Prism cannot serve does not cost the rest."""
    started = time.monotonic()
    prism_spec = json_copy_for_prism(spec.path, logs / f"{spec.slug}.prism-spec.json")
    records, lines_seen, loaded, ports, skip, restarts = [], [], None, [], 0, 0
    program = None
    while True:
        segment = f".{restarts}" if restarts else ""
        prism_log_path = logs / f"{spec.slug}.prism{segment}.log"
        process, port, why = start_prism(prism, prism_spec, prism_log_path, seed, startup)
        if process is None:
            if program is None:
                return {"prism": {"status": "not-started", "reason": why}, "program": None, "operations": [], "seconds": round(time.monotonic() - started, 2)}
            break  # Prism would not start again: what is left is counted as cut short below
        ports.append(port)
        try:
            program = run_program(executable, f"http://127.0.0.1:{port}", timeout, logs / f"{spec.slug}.conformance{segment}.log", skip)
            crashed = process.poll() is not None
        finally:
            stop(process)
        parsed = parse_prism_log(prism_log_path.read_text(errors="replace"))
        loaded = parsed.operations if loaded is None else loaded
        lines = program["lines"]
        # The operation Prism exited under is the first that got no response at all; every later line
        # of this segment only says Prism was gone.
        cut = next((index for index, line in enumerate(lines) if line.get("outcome") == "transport"), None) if crashed else None
        if cut is None:
            records += evaluate_lines(lines, parsed)
            lines_seen += lines
            break
        records += evaluate_lines(lines[:cut], parsed)
        records.append(operation_record(lines[cut], "limitation", PRISM_EXITED, lines[cut].get("detail")))
        lines_seen += lines[: cut + 1]
        skip += cut + 1
        restarts += 1
        if restarts > MAX_PRISM_RESTARTS:
            for line in lines[cut + 1:]:
                records.append(operation_record(line, "limitation", f"prism limitation: Prism exited more than {MAX_PRISM_RESTARTS} times", None))
            lines_seen += lines[cut + 1:]
            break
    records += unreported(loaded or [], lines_seen, program)
    generation_log = logs / f"{spec.slug}.log"
    if generation_log.is_file():
        records = spec_faults(records, undeclared_required(generation_log.read_text(errors="replace")))
    records = multipart_structured_parts(records, read_json(prism_spec))
    program = {key: value for key, value in program.items() if key != "lines"}
    return {
        "prism": {"status": "restarted" if restarts else "ok", "restarts": restarts, "ports": ports, "operations": len(loaded or [])},
        "program": program, "operations": records, "seconds": round(time.monotonic() - started, 2),
    }


# ---------------------------------------------------------------------------------------------------
# The spec's own faults

UNDECLARED_WARNING = re.compile(r"`required` lists (.*?), which `properties` does not declare")
REQUIRED_REASON = re.compile(r"must have required property '([^']*)'")
SPEC_FAULT_UNDECLARED = "spec fault: it requires a property its schema does not declare (the generator warns; no type can carry it)"


def undeclared_required(generation_log: str) -> set[str]:
    """The property names the generator warned are required without a schema."""
    names = set()
    for match in UNDECLARED_WARNING.finditer(generation_log):
        names.update(re.findall(r"`([^`]*)`", match.group(1)))
    return names


def spec_faults(records: list[dict], undeclared: set[str]) -> list[dict]:
    """Failures whose every reason is a required property the spec never gives a schema (so no typed
    client can send it) become the spec's, counted apart with the limitations."""
    for record in records:
        reasons = (record.get("prism") or {}).get("request") or []
        missing = [REQUIRED_REASON.search(reason) for reason in reasons]
        if record["verdict"] == "fail" and reasons and all(found and found.group(1) in undeclared for found in missing):
            record["verdict"], record["cause"] = "limitation", SPEC_FAULT_UNDECLARED
    return records


STRUCTURED_PART = re.compile(r"^Request body property ([^ ]+) must be (object|array)$")
PRISM_MULTIPART_TEXT = ("prism limitation: it reads every multipart part as text, so an object or array part, "
                        "sent as JSON as OpenAPI says, is refused")


def read_json(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def request_media_types(document, method: str, path: str) -> list[str]:
    """The media types of an operation's request body in a JSON spec (a `$ref` to a component followed)."""
    operation = ((document or {}).get("paths") or {}).get(path, {}).get(method.lower()) or {}
    body = operation.get("requestBody") or {}
    reference = body.get("$ref") if isinstance(body, dict) else None
    if isinstance(reference, str) and reference.startswith("#/components/requestBodies/"):
        body = ((document.get("components") or {}).get("requestBodies") or {}).get(reference.rsplit("/", 1)[1]) or {}
    return list((body.get("content") or {}).keys()) if isinstance(body, dict) else []


def multipart_structured_parts(records: list[dict], document) -> list[dict]:
    """Failures of multipart bodies refused only because an object or array part is not one: Prism
    validates the parts as the strings they arrive as, so these are its limitation."""
    for record in records:
        reasons = (record.get("prism") or {}).get("request") or []
        if record["verdict"] != "fail" or not reasons or not all(STRUCTURED_PART.match(reason) for reason in reasons):
            continue
        media = request_media_types(document, record.get("method") or "", record.get("path") or "")
        if media and all(media_type.startswith("multipart/") for media_type in media):
            record["verdict"], record["cause"] = "limitation", PRISM_MULTIPART_TEXT
    return records


# ---------------------------------------------------------------------------------------------------
# Counting operations of specs that never reached Prism

METHOD_KEYS = {method.lower() for method in HTTP_METHODS}


def count_operations(path: Path) -> int | None:
    """Operations under `paths` of a JSON (or, with PyYAML installed, YAML) spec; None if unreadable."""
    try:
        text = path.read_text()
    except (OSError, ValueError):
        return None
    try:
        document = json.loads(text)
    except ValueError:
        try:
            import yaml  # optional: the corpus is JSON, only other --specs files may be YAML
        except ImportError:
            return None
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError:
            return None
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return None
    return sum(1 for item in paths.values() if isinstance(item, dict) for key in item if key in METHOD_KEYS)


# ---------------------------------------------------------------------------------------------------
# Report


def tally(records: list[dict]) -> dict:
    """Operations; called (a response came back); of those Prism can serve (not a limitation): accepted
    (not rejected by Prism's validation) and decoded (accepted and the 2xx body decoded = passed)."""
    counts = collections.Counter(record["verdict"] for record in records)
    served = [record for record in records if record["verdict"] != "limitation" and record["status"] is not None]
    rejected = sum(1 for record in served if (record["cause"] or "").startswith("request rejected"))
    return {
        "operations": len(records), "called": sum(1 for record in records if record["status"] is not None),
        "limitations": counts["limitation"], "accepted": len(served) - rejected, "rejected": rejected,
        "decoded": counts["pass"], "passed": counts["pass"], "failed": counts["fail"],
    }


def report(rows: list[dict], table: bool = True, stream=sys.stdout) -> tuple[int, int, dict]:
    if table:
        width = max([len(row["spec"]) for row in rows] + [4])
        print(f"{'spec':<{width}}  {'openapi':<7}  {'stage':<22}  {'ops':>4}  {'pass':>4}  {'fail':>4}  {'prism':>5}", file=stream)
        for row in rows:
            t = row["tally"]
            print(f"{row['spec']:<{width}}  {row['openapi']:<7}  {row['stage']:<22}  {t['operations']:>4}  {t['passed']:>4}  {t['failed']:>4}  {t['limitations']:>5}", file=stream)
        print(file=stream)
    failures: dict[str, list] = collections.defaultdict(list)
    limits: dict[str, list] = collections.defaultdict(list)
    for row in rows:
        for record in row["operations"]:
            target = failures if record["verdict"] == "fail" else limits if record["verdict"] == "limitation" else None
            if target is not None:
                target[record["cause"]].append((row, record))
    for title, groups in (("Failed operations by cause", failures), ("Prism limitations and spec faults (neither passed nor failed)", limits)):
        if not groups:
            continue
        print(f"{title}:", file=stream)
        for cause, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
            specs = len({row["spec"] for row, _ in members})
            print(f"  {len(members):>5}  {cause[:200]}  ({specs} spec{'s' if specs != 1 else ''})", file=stream)
            for row, record in members[:2]:
                name = record["operation"] or f"{record['method']} {record['path']}"
                detail = f": {record['detail'][:240]}" if record.get("detail") else ""
                print(f"         e.g. {row['api']} {name}{detail}", file=stream)
        print(file=stream)
    total = collections.Counter()
    for row in rows:
        total.update(row["tally"])
    served = total["passed"] + total["failed"]
    rate = f"{100 * total['passed'] / served:.1f}%" if served else "-"
    print(
        f"{len(rows)} specs, {total['operations']} operations: {total['called']} called, {total['limitations']} Prism limitations or spec faults "
        f"(counted apart); of the {served} others {total['accepted']} accepted, {total['decoded']} decoded: {rate} passed",
        file=stream,
    )
    print(f"{total['passed']} passed, {total['failed']} failed", file=stream)
    return total["passed"], total["failed"], dict(total) | {"rate": rate}
