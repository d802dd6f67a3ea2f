#!/usr/bin/env python3
"""Build docs/postman_collection.json (Postman Collection v2.1) from the live OpenAPI spec.

    .venv/bin/python scripts/build_postman.py          # rewrite the collection
    .venv/bin/python scripts/build_postman.py --check  # exit 1 if it is stale

One request per operation and request content type, grouped in folders by tag. A request
whose body accepts text/plain carries the reference essay, so a teacher who imports the
collection analyses it in one click. `{{baseUrl}}` and `{{apiKey}}` are collection
variables; the key goes in `X-API-Key` on every route the spec marks as secured.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COLLECTION_PATH = ROOT / "docs" / "postman_collection.json"
POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
METHOD_ORDER = ["get", "post", "put", "patch", "delete"]


def live_spec() -> dict:
    """The spec exactly as /openapi.json serves it, from an app that loads no pipeline."""
    from service import create_app

    app = create_app({"LOAD_PIPELINE": False, "TESTING": True, "LOG_LEVEL": "warning"})
    response = app.test_client().get("/openapi.json")
    if response.status_code != 200:
        raise SystemExit(f"/openapi.json answered {response.status_code}")
    return response.get_json()


def reference_essay() -> tuple[str, str]:
    from service.config import Settings

    settings = Settings()
    path = Path(settings.references_dir) / f"{settings.default_reference}.txt"
    with path.open(encoding="utf-8", newline="") as handle:
        return settings.default_reference, handle.read()


def resolve(spec: dict, node):
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = spec["components"]["schemas"][name]
    return node


def media_example(spec: dict, media: dict):
    if "example" in media:
        return media["example"]
    for example in (media.get("examples") or {}).values():
        if "value" in example:
            return example["value"]
    return resolve(spec, media.get("schema", {})).get("example")


def url(path: str, operation: dict) -> dict:
    segments = []
    variables = []
    for segment in path.strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            name = segment[1:-1]
            segments.append(":" + name)
            variables.append({"key": name, "value": str(parameter_example(operation, name, "path") or "")})
        else:
            segments.append(segment)
    query = [
        {
            "key": parameter["name"],
            "value": str(parameter_example(operation, parameter["name"], "query") or ""),
            "description": parameter.get("description", ""),
            "disabled": not parameter.get("required", False),
        }
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "query"
    ]
    raw = "{{baseUrl}}/" + "/".join(segments)
    enabled = [item for item in query if not item["disabled"]]
    if enabled:
        raw += "?" + "&".join(f"{item['key']}={item['value']}" for item in enabled)
    built = {"raw": raw, "host": ["{{baseUrl}}"], "path": segments}
    if query:
        built["query"] = query
    if variables:
        built["variable"] = variables
    return built


def parameter_example(operation: dict, name: str, location: str):
    for parameter in operation.get("parameters", []):
        if parameter.get("name") == name and parameter.get("in") == location:
            schema = parameter.get("schema", {})
            return parameter.get("example", schema.get("example", schema.get("default")))
    return None


def body(spec: dict, content_type: str, media: dict, essay: str) -> tuple[dict, str]:
    """The Postman body for one media type, and a label for the request's name."""
    if content_type.startswith("text/plain"):
        return {"mode": "raw", "raw": essay}, "reference essay as text/plain"
    if content_type == "multipart/form-data":
        schema = resolve(spec, media.get("schema", {}))
        fields = []
        for name, prop in (schema.get("properties") or {}).items():
            prop = resolve(spec, prop)
            if prop.get("format") == "binary" or (prop.get("items") or {}).get("format") == "binary":
                fields.append({"key": name, "type": "file", "src": [], "description": prop.get("description", "")})
            else:
                fields.append({"key": name, "type": "text", "value": str(prop.get("example", ""))})
        return {"mode": "formdata", "formdata": fields}, "multipart upload"
    example = media_example(spec, media)
    if content_type.endswith("json") and not isinstance(example, str):
        raw = json.dumps(example if example is not None else {}, indent=2, ensure_ascii=False)
        options = {"raw": {"language": "json"}}
        return {"mode": "raw", "raw": raw, "options": options}, content_type
    return {"mode": "raw", "raw": example if isinstance(example, str) else ""}, content_type


def success_type(operation: dict) -> str:
    """The content type of the operation's first documented 2xx response."""
    for status, response in sorted(operation.get("responses", {}).items()):
        if status.startswith("2") and response.get("content"):
            return next(iter(response["content"]))
    return "application/json"


def requests_for(spec: dict, path: str, method: str, operation: dict, essay: str) -> list[dict]:
    name = operation.get("summary") or f"{method.upper()} {path}"
    base = {
        "method": method.upper(),
        "header": [{"key": "Accept", "value": success_type(operation)}],
        "url": url(path, operation),
        "description": operation.get("description") or name,
    }
    if not operation.get("security"):
        base["auth"] = {"type": "noauth"}
    content = (operation.get("requestBody") or {}).get("content") or {}
    if not content:
        return [{"name": name, "request": base}]
    items = []
    # Plain text first: it is the one-click request a teacher looks for.
    ordered = sorted(content.items(), key=lambda item: not item[0].startswith("text/plain"))
    for content_type, media in ordered:
        request = json.loads(json.dumps(base))
        request["body"], label = body(spec, content_type, media, essay)
        if request["body"]["mode"] != "formdata":
            header_type = content_type + ("; charset=utf-8" if content_type.startswith("text/") else "")
            request["header"].append({"key": "Content-Type", "value": header_type})
        items.append({"name": f"{name} ({label})", "request": request})
    return items


JOB_ID_VARIABLE = "jobId"


def jobs_flow(essay: str) -> dict:
    """Submit a job, poll it, fetch its results: the LMS integration in three clicks.

    The first request's test script keeps the job's id in the `jobId` collection variable
    (created by the script), which the other two put in their `:job_id`.
    """
    job_url = "{{baseUrl}}/v1/jobs/:job_id"
    job_id = [{"key": "job_id", "value": "{{%s}}" % JOB_ID_VARIABLE}]
    submit_body = {"essays": [{"id": "student-17", "text": essay}, {"id": "student-18", "text": "Stalin broke with Lenin."}]}
    return {
        "name": "Jobs flow: submit, poll, results",
        "description": "Send these in order. *Submit* keeps the new job's id in the `jobId` variable; "
        "*Poll* until `status` is `succeeded`; *Results* lists them in request order (follow `next`).",
        "item": [
            {
                "name": "1. Submit a job",
                "event": [
                    {
                        "listen": "test",
                        "script": {
                            "type": "text/javascript",
                            "exec": [
                                "pm.test('202 Accepted', () => pm.response.to.have.status(202));",
                                f"pm.collectionVariables.set('{JOB_ID_VARIABLE}', pm.response.json().id);",
                            ],
                        },
                    }
                ],
                "request": {
                    "method": "POST",
                    "header": [
                        {"key": "Content-Type", "value": "application/json"},
                        {"key": "Idempotency-Key", "value": "{{$guid}}"},
                    ],
                    "url": {"raw": "{{baseUrl}}/v1/jobs", "host": ["{{baseUrl}}"], "path": ["v1", "jobs"]},
                    "body": {"mode": "raw", "raw": json.dumps(submit_body, indent=2, ensure_ascii=False),
                             "options": {"raw": {"language": "json"}}},
                },
            },
            {
                "name": "2. Poll the job",
                "request": {
                    "method": "GET",
                    "header": [{"key": "Accept", "value": "application/json"}],
                    "url": {"raw": job_url, "host": ["{{baseUrl}}"], "path": ["v1", "jobs", ":job_id"], "variable": job_id},
                },
            },
            {
                "name": "3. Fetch its results",
                "request": {
                    "method": "GET",
                    "header": [{"key": "Accept", "value": "application/json"}],
                    "url": {"raw": job_url + "/results", "host": ["{{baseUrl}}"],
                            "path": ["v1", "jobs", ":job_id", "results"], "variable": job_id},
                },
            },
        ],
    }


def build_collection(spec: dict, essay: str) -> dict:
    folders: dict[str, dict] = {
        tag["name"]: {"name": tag["name"], "description": tag.get("description", ""), "item": []}
        for tag in spec.get("tags", [])
    }
    for path, operations in spec["paths"].items():
        for method in sorted(operations, key=lambda m: METHOD_ORDER.index(m) if m in METHOD_ORDER else 99):
            if method not in METHOD_ORDER:
                continue
            operation = operations[method]
            tag = (operation.get("tags") or ["other"])[0]
            folder = folders.setdefault(tag, {"name": tag, "description": "", "item": []})
            folder["item"].extend(requests_for(spec, path, method, operation, essay))
    # Folders with the essay endpoints first: they are why people import the collection.
    ordered = sorted(folders.values(), key=lambda folder: not any("body" in item["request"] for item in folder["item"]))
    return {
        "info": {
            "name": spec["info"]["title"],
            "description": spec["info"].get("description", ""),
            "schema": POSTMAN_SCHEMA,
        },
        "auth": {
            "type": "apikey",
            "apikey": [
                {"key": "key", "value": "X-API-Key", "type": "string"},
                {"key": "value", "value": "{{apiKey}}", "type": "string"},
                {"key": "in", "value": "header", "type": "string"},
            ],
        },
        "variable": [
            {"key": "baseUrl", "value": DEFAULT_BASE_URL, "type": "string"},
            {"key": "apiKey", "value": "", "type": "string", "description": "Only needed when the server sets ESSAY_FEEDBACK_API_KEYS."},
        ],
        "item": [*(folder for folder in ordered if folder["item"]), jobs_flow(essay)],
    }


def render() -> str:
    _, essay = reference_essay()
    return json.dumps(build_collection(live_spec(), essay), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the Postman collection from the OpenAPI spec.")
    parser.add_argument("--check", action="store_true", help="only report whether the collection is stale")
    args = parser.parse_args()
    text = render()
    current = COLLECTION_PATH.read_text(encoding="utf-8") if COLLECTION_PATH.exists() else None
    if args.check:
        if current != text:
            print(f"{COLLECTION_PATH.relative_to(ROOT)} is stale: run scripts/build_postman.py", file=sys.stderr)
            return 1
        print(f"{COLLECTION_PATH.relative_to(ROOT)} is up to date")
        return 0
    COLLECTION_PATH.parent.mkdir(parents=True, exist_ok=True)
    COLLECTION_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {COLLECTION_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
