"""Tests of the conformance classifier on Prism 5.16.0 logs as Prism writes them.

Run with: python3 -m unittest discover -s tests/corpus
"""

from __future__ import annotations

import json
import tempfile
import unittest
from pathlib import Path

import conformance
import run

# Recorded from `prism mock -d` on a small spec: a valid call, a query parameter missing with no 400
# declared (Prism's own 422), a body breaking minLength where the spec declares a 400 (served with the
# violation), an operation with only a 404, and a response Prism generated against its own schema.
LOG = """\
[6:52:55 PM] › [CLI] …  awaiting  Starting Prism…
[6:52:55 PM] › [CLI] ℹ  info      GET        http://127.0.0.1:4872/pets/761?q=1918-06-20
[6:52:55 PM] › [CLI] ℹ  info      POST       http://127.0.0.1:4872/pets/614
[6:52:55 PM] › [CLI] ℹ  info      GET        http://127.0.0.1:4872/nores
[6:52:55 PM] › [CLI] ℹ  info      GET        http://127.0.0.1:4872/reports/1/items
[6:52:55 PM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:4872
[6:52:59 PM] › [HTTP SERVER] get /pets/1 ℹ  info      Request received
[6:53:00 PM] ›     [NEGOTIATOR] ℹ  info      Request contains an accept header: */*
[6:53:00 PM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[6:53:00 PM] ›     [NEGOTIATOR] ✔  success   Found a compatible content for */*
[6:53:00 PM] › [HTTP SERVER] get /pets/1 ℹ  info      Request received
[6:53:00 PM] ›     [NEGOTIATOR] ℹ  info      Request contains an accept header: */*
[6:53:00 PM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
[6:53:00 PM] ›     [VALIDATOR] ✖  error     Request query must have required property 'q'
[6:53:00 PM] › [HTTP SERVER] get /pets/1 ✖  error     Request terminated with error: https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY: Invalid request
[6:53:00 PM] › [HTTP SERVER] post /pets/1 ℹ  info      Request received
[6:53:00 PM] ›     [NEGOTIATOR] ℹ  info      Request contains an accept header: */*
[6:53:00 PM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
[6:53:00 PM] ›     [VALIDATOR] ✖  error     Request body property name must NOT have fewer than 3 characters
[6:53:00 PM] ›     [NEGOTIATOR] ✔  success   Found response 400. I'll try with it.
[6:53:00 PM] ›     [NEGOTIATOR] ℹ  info      > Responding with "400"
[6:53:00 PM] ›     [VALIDATOR] ✖  error     Violation: request.body.name Request body property name must NOT have fewer than 3 characters
[6:53:00 PM] › [HTTP SERVER] get /nores ℹ  info      Request received
[6:53:00 PM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[6:53:00 PM] ›     [NEGOTIATOR] ✔  success   Responding with the requested status code 404
[6:53:00 PM] › [HTTP SERVER] get /reports/7/items ℹ  info      Request received
[6:53:00 PM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[6:53:00 PM] ›     [VALIDATOR] ✖  error     Violation: response.body.count Response body property count must be integer
"""

PROBLEM_422 = {
    "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY", "title": "Invalid request", "status": 422,
    "validation": [{"location": ["query"], "severity": "Error", "code": "required", "message": "Request query must have required property 'q'"}],
}


def line(operation, method, path, status, outcome, detail=None, body=None):
    problem = body.get("type") if isinstance(body, dict) else None
    return {
        "operation": operation, "method": method, "path": path, "status": status, "outcome": outcome,
        "detail": detail, "problem_type": problem, "body": json.dumps(body) if body is not None else None,
    }


class PrismLogTest(unittest.TestCase):
    def test_reads_operations_requests_and_violations(self):
        parsed = conformance.parse_prism_log(LOG)
        self.assertEqual(parsed.operations, [("GET", "/pets/761"), ("POST", "/pets/614"), ("GET", "/nores"), ("GET", "/reports/1/items")])
        self.assertEqual([(r.method, r.path, r.rejected) for r in parsed.requests], [
            ("GET", "/pets/1", False), ("GET", "/pets/1", True), ("POST", "/pets/1", True), ("GET", "/nores", False),
            ("GET", "/reports/7/items", False),
        ])
        self.assertEqual(parsed.requests[1].reasons, ["Request query must have required property 'q'"])
        self.assertTrue(parsed.requests[1].terminated.startswith("https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY"))
        self.assertEqual(parsed.requests[2].reasons, ["Request body property name must NOT have fewer than 3 characters"])
        self.assertEqual(parsed.requests[4].response_violations, ["response.body.count Response body property count must be integer"])

    def test_reads_a_fatal_start(self):
        text = "[6:55:17 PM] › [CLI] …  awaiting  Starting Prism…\n[6:55:17 PM] › [CLI] ✖  fatal     No operations found in the current file.\n"
        self.assertEqual(conformance.prism_fatal(text), "No operations found in the current file.")
        self.assertIsNone(conformance.prism_fatal(LOG))

    def test_templates_match_the_paths_prism_logs(self):
        self.assertTrue(conformance.matches("/pets/{id}", "get", "GET", "/pets/1"))
        self.assertTrue(conformance.matches("/files/{name}.{ext}", "GET", "GET", "/files/a.txt"))
        self.assertFalse(conformance.matches("/pets/{id}", "GET", "POST", "/pets/1"))
        self.assertFalse(conformance.matches("/pets/{id}", "GET", "GET", "/pets/1/toys"))


class ClassifyTest(unittest.TestCase):
    def evaluate(self, lines):
        program = {"lines": lines, "timed_out": False, "exit_code": 0, "stderr_tail": []}
        return conformance.evaluate(program, conformance.parse_prism_log(LOG))

    def test_each_outcome_gets_its_verdict(self):
        records = self.evaluate([
            line("getPet", "GET", "/pets/{id}", 200, "decoded"),
            line("getPetAgain", "GET", "/pets/{id}", 422, "error_status", "status 422", PROBLEM_422),
            line("postPet", "POST", "/pets/{id}", 400, "error_status", "status 400", {"msg": "x"}),
            line("noRes", "GET", "/nores", 404, "error_status", "status 404"),
            line("items", "GET", "/reports/{id}/items", 200, "not_decoded", "invalid type: string, expected i64 at line 1 column 12"),
        ])
        verdicts = [(r["verdict"], r["cause"]) for r in records]
        self.assertEqual(verdicts[0], ("pass", None))
        self.assertEqual(verdicts[1], ("fail", "request rejected: Request query must have required property '…'"))
        self.assertEqual(verdicts[2], ("fail", "request rejected: Request body property … must NOT have fewer than N characters"))
        self.assertEqual(verdicts[3], ("limitation", "prism limitation: no 2xx response to serve (served 404)"))
        self.assertEqual(verdicts[4][0], "limitation")
        self.assertTrue(verdicts[4][1].startswith("prism limitation: its response breaks the spec"))
        self.assertEqual(len(records), 5)  # every operation Prism loaded was reported

    def test_a_decode_failure_on_a_valid_response_fails(self):
        log = LOG.replace("[6:53:00 PM] ›     [VALIDATOR] ✖  error     Violation: response.body.count Response body property count must be integer\n", "")
        program = {"lines": [line("items", "GET", "/reports/{id}/items", 200, "not_decoded", "missing field `id` at line 1 column 2")],
                   "timed_out": False, "exit_code": 0, "stderr_tail": []}
        records = conformance.evaluate(program, conformance.parse_prism_log(log))
        self.assertEqual((records[0]["verdict"], records[0]["cause"]), ("fail", "not decoded: missing field `…` at line N column N"))
        missing = [r for r in records if r["operation"] is None]
        self.assertEqual({(r["method"], r["path"], r["verdict"]) for r in missing},
                         {("GET", "/pets/761", "fail"), ("POST", "/pets/614", "fail"), ("GET", "/nores", "fail")})

    def test_a_refusal_only_for_properties_the_spec_never_declares_is_the_specs_fault(self):
        log = ("warning: api.json at #/components/schemas/Search/required: `required` lists `location_ids`, "
               "`limits`, which `properties` does not declare: the type has no field for them, so values built from the type lack them\n")
        undeclared = conformance.undeclared_required(log)
        self.assertEqual(undeclared, {"location_ids", "limits"})
        def record(reasons):
            return {"verdict": "fail", "cause": "request rejected: x", "prism": {"request": reasons, "response": []}}
        only_undeclared = record(["Request body must have required property 'location_ids'", "Request body must have required property 'limits'"])
        also_declared = record(["Request body must have required property 'location_ids'", "Request body must have required property 'name'"])
        other_reason = record(["Request body must NOT have additional properties; found 'x'"])
        records = conformance.spec_faults([only_undeclared, also_declared, other_reason], undeclared)
        self.assertEqual((records[0]["verdict"], records[0]["cause"]), ("limitation", conformance.SPEC_FAULT_UNDECLARED))
        self.assertEqual([r["verdict"] for r in records[1:]], ["fail", "fail"])
        self.assertEqual(conformance.spec_faults([record(["Request body must have required property 'limits'"])], set())[0]["verdict"], "fail")

    def test_an_object_part_of_a_multipart_body_refused_as_text_is_prisms_limitation(self):
        document = {"paths": {"/maps": {"post": {"requestBody": {"content": {"multipart/form-data": {}}}},
                                        "put": {"requestBody": {"$ref": "#/components/requestBodies/Map"}}},
                              "/json": {"post": {"requestBody": {"content": {"application/json": {}}}}}},
                    "components": {"requestBodies": {"Map": {"content": {"multipart/form-data": {}}}}}}
        def record(method, path, reason):
            return {"verdict": "fail", "cause": "x", "method": method, "path": path, "prism": {"request": [reason], "response": []}}
        records = conformance.multipart_structured_parts([
            record("POST", "/maps", "Request body property json must be object"),
            record("PUT", "/maps", "Request body property tags must be array"),
            record("POST", "/json", "Request body property json must be object"),
            record("POST", "/maps", "Request body property size must be integer"),
        ], document)
        self.assertEqual([r["verdict"] for r in records], ["limitation", "limitation", "fail", "fail"])
        self.assertEqual(records[0]["cause"], conformance.PRISM_MULTIPART_TEXT)

    def test_a_redirect_the_client_follows_off_the_mock_is_prisms_limitation(self):
        log = ("[5:57:28 PM] › [HTTP SERVER] get /archive ℹ  info      Request received\n"
               "[5:57:28 PM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response\n"
               "[5:57:28 PM] ›     [NEGOTIATOR] ℹ  info      > Responding with \"302\"\n")
        request = conformance.parse_prism_log(log).requests[0]
        self.assertEqual((request.status, request.responded), (302, True))
        verdict, cause, _ = conformance.classify(line("archive", "GET", "/archive", None, "transport", "error sending request"), request)
        self.assertEqual(verdict, "limitation")
        self.assertIn("made-up Location", cause)
        request.status = 200
        self.assertEqual(conformance.classify(line("archive", "GET", "/archive", None, "transport", "error sending request"), request)[0], "fail")

    def test_a_generated_body_over_the_clients_limit_is_prisms_limitation(self):
        detail = "the 200 OK response body is longer than the limit of 33554432 bytes"
        verdict, cause, _ = conformance.classify(line("segments", "GET", "/segments", None, "transport", detail), None)
        self.assertEqual((verdict, cause), ("limitation", "prism limitation: it generated a body over the client's size limit"))

    def test_prism_problems_are_limitations_and_skips_failures(self):
        too_complex = {"type": "https://stoplight.io/prism/errors#SCHEMA_TOO_COMPLEX", "title": "Schema too complex", "status": 500}
        verdict, cause, _ = conformance.classify(line("x", "GET", "/x", 500, "error_status", None, too_complex), None)
        self.assertEqual((verdict, cause), ("limitation", "prism limitation: SCHEMA_TOO_COMPLEX (Schema too complex)"))
        verdict, cause, _ = conformance.classify(line("y", "GET", "/y", None, "skipped", "a required cycle"), None)
        self.assertEqual((verdict, cause), ("fail", "skipped: a required cycle"))
        unauthorized = {"type": "https://stoplight.io/prism/errors#UNAUTHORIZED", "title": "Invalid security scheme used", "status": 401}
        verdict, cause, _ = conformance.classify(line("z", "GET", "/z", 401, "error_status", None, unauthorized), None)
        self.assertEqual(verdict, "fail")
        self.assertTrue(cause.startswith("request rejected: security requirements not met"))

    def test_unroutable_fragments_and_hung_responses_are_limitations(self):
        no_path = {"type": "https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR", "title": "Route not resolved, no path matched", "status": 404}
        verdict, cause, _ = conformance.classify(line("CreateContainer", "POST", "/#X-Amz-Target=MediaStore.CreateContainer", 404, "error_status", None, no_path), None)
        self.assertEqual(verdict, "limitation")
        self.assertIn("fragment", cause)
        verdict, cause, _ = conformance.classify(line("Other", "POST", "/containers", 404, "error_status", None, no_path), None)
        self.assertEqual(verdict, "fail")
        self.assertTrue(cause.startswith("request rejected: no path matched"))
        hung = conformance.PrismRequest("POST", "/segments")  # received, validated, never answered
        verdict, cause, _ = conformance.classify(line("List", "POST", "/segments", None, "transport", "the request timed out"), hung)
        self.assertEqual((verdict, cause), ("limitation", "prism limitation: no response to an accepted request (the request timed out)"))
        hung.responded = True
        verdict, _, _ = conformance.classify(line("List", "POST", "/segments", None, "transport", "connection reset"), hung)
        self.assertEqual(verdict, "fail")

    def test_reads_uri_templates_in_the_startup_list(self):
        text = "[7:35:11 PM] › [CLI] ℹ  info      GET        http://127.0.0.1:1/fabricLocations/local/ipPools{?api-version,$filter*}\n"
        text += "[7:35:11 PM] › [CLI] ℹ  info      POST       http://127.0.0.1:1/#X-Amz-Target=MediaStore.CreateContainer\n"
        self.assertEqual(conformance.parse_prism_log(text).operations, [("GET", "/fabricLocations/local/ipPools"), ("POST", "/")])

    def test_tally_counts_limitations_apart(self):
        records = self.evaluate([
            line("getPet", "GET", "/pets/{id}", 200, "decoded"),
            line("getPetAgain", "GET", "/pets/{id}", 422, "error_status", "status 422", PROBLEM_422),
            line("postPet", "POST", "/pets/{id}", 400, "error_status", "status 400", {"msg": "x"}),
            line("noRes", "GET", "/nores", 404, "error_status", "status 404"),
            line("items", "GET", "/reports/{id}/items", 200, "decoded"),
        ])
        counted = conformance.tally(records)
        self.assertEqual(counted, {"operations": 5, "called": 5, "limitations": 1, "accepted": 2, "rejected": 2,
                                   "decoded": 2, "passed": 2, "failed": 2})


class SpecListTest(unittest.TestCase):
    def test_reads_paths_beside_the_file_and_in_the_package(self):
        with tempfile.TemporaryDirectory() as temp:
            root = Path(temp)
            (root / "local.yaml").write_text("openapi: 3.0.3\n")
            package = root / "package"
            (package / "api" / "example.com").mkdir(parents=True)
            (package / "api" / "example.com" / "pets.json").write_text('{"openapi": "3.1.0"}')
            listing = root / "list.txt"
            listing.write_text("# a comment\n\nlocal.yaml\napi/example.com/pets.json\nlocal.yaml\n")
            specs = run.read_spec_list(listing, lambda: package)
            self.assertEqual([(spec.rel, spec.api) for spec in specs], [("local.yaml", "local"), ("api/example.com/pets.json", "example.com/pets")])
            listing.write_text("missing.json\n")
            with self.assertRaisesRegex(run.RunnerError, r"list.txt:1: no spec file"):
                run.read_spec_list(listing, lambda: package)

    def test_renames_the_program_binary(self):
        with tempfile.TemporaryDirectory() as temp:
            manifest = Path(temp) / "Cargo.toml"
            manifest.write_text('[package]\nname = "x-conformance"\n\n[[bin]]\nname = "conformance"\npath = "src/main.rs"\n')
            self.assertTrue(run.rename_program_binary(manifest, "corpus-x-conformance"))
            self.assertIn('[[bin]]\nname = "corpus-x-conformance"\npath = "src/main.rs"', manifest.read_text())
            self.assertIn('[package]\nname = "x-conformance"', manifest.read_text())



class PrismSpecTest(unittest.TestCase):
    def test_yaml_specs_reach_prism_as_json_with_string_keys(self):
        try:
            import yaml  # noqa: F401  (the copy needs PyYAML; without it Prism gets the YAML itself)
        except ImportError:
            self.skipTest("PyYAML is not installed")
        with tempfile.TemporaryDirectory() as directory:
            spec = Path(directory) / "api.yaml"
            spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: 1}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n")
            copy = conformance.json_copy_for_prism(spec, Path(directory) / "api.json")
            self.assertEqual(copy.suffix, ".json")
            document = json.loads(copy.read_text())
            self.assertEqual(document["paths"]["/a"]["get"]["responses"], {"200": {"description": "ok"}})
            self.assertEqual(document["info"]["version"], 1)

    def test_json_specs_are_given_as_they_are(self):
        spec = Path("api.json")
        self.assertEqual(conformance.json_copy_for_prism(spec, Path("unused.json")), spec)


class PrismRestartTest(unittest.TestCase):
    """`run_spec` with Prism and the program replaced: Prism exits while serving the second of four
    operations, so the run restarts it and resumes with the third."""

    def setUp(self):
        self.saved = {name: getattr(conformance, name) for name in ("start_prism", "run_program", "stop", "parse_prism_log")}
        self.runs = []
        operations = [("GET", "/a"), ("GET", "/b"), ("GET", "/c"), ("GET", "/d")]
        requests = [conformance.PrismRequest("GET", path, responded=True) for _, path in operations]
        self.processes = []

        class Process:
            def __init__(self, exits):
                self.exits = exits

            def poll(self):
                return 1 if self.exits else None

        def start_prism(binary, spec, log_path, seed, startup):
            log_path.write_text("")
            process = Process(exits=not self.processes)  # the first Prism dies under the program
            self.processes.append(process)
            return process, 4000 + len(self.processes), None

        def run_program(executable, base_url, timeout, log_path, skip=0):
            self.runs.append(skip)
            lines = [line(f"op{path[1:]}", method, path, 200, "decoded") for method, path in operations[skip:]]
            if skip == 0:  # /b killed Prism; everything after it found nothing listening
                for broken in lines[1:]:
                    broken.update(status=None, outcome="transport", detail="connection refused")
            return {"exit_code": 0, "timed_out": False, "seconds": 0.1, "lines": lines, "other_stdout_lines": 0, "stderr_tail": []}

        conformance.start_prism = start_prism
        conformance.run_program = run_program
        conformance.stop = lambda process: None
        conformance.parse_prism_log = lambda text: conformance.PrismLog(operations=list(operations), requests=list(requests))

    def tearDown(self):
        for name, value in self.saved.items():
            setattr(conformance, name, value)

    def test_the_run_resumes_after_the_operation_prism_exited_under(self):
        spec = type("Spec", (), {"slug": "s", "path": Path("s.json")})()
        with tempfile.TemporaryDirectory() as directory:
            outcome = conformance.run_spec(spec, Path("program"), Path("prism"), Path(directory), 10, "1", 5)
        self.assertEqual(self.runs, [0, 2])
        verdicts = [(r["path"], r["verdict"], r["cause"]) for r in outcome["operations"]]
        self.assertEqual(verdicts, [
            ("/a", "pass", None), ("/b", "limitation", conformance.PRISM_EXITED), ("/c", "pass", None), ("/d", "pass", None),
        ])
        self.assertEqual((outcome["prism"]["status"], outcome["prism"]["restarts"]), ("restarted", 1))


if __name__ == "__main__":
    unittest.main()
