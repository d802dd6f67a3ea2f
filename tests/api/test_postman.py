"""docs/postman_collection.json: generated from the live spec, never stale, one click to analyse."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "essay_samples" / "references" / "lenin_stalin_continuity.txt"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_postman", ROOT / "scripts" / "build_postman.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def collection():
    return json.loads((ROOT / "docs" / "postman_collection.json").read_text(encoding="utf-8"))


def all_requests(collection):
    for folder in collection["item"]:
        yield from folder["item"]


def test_the_collection_is_up_to_date_with_the_spec(builder):
    assert (ROOT / "docs" / "postman_collection.json").read_text(encoding="utf-8") == builder.render(), (
        "docs/postman_collection.json is stale: run `.venv/bin/python scripts/build_postman.py` and commit it"
    )


def test_it_is_a_postman_v2_1_collection(collection):
    assert collection["info"]["schema"] == "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    assert collection["info"]["name"] == "essay-feedback"
    assert {variable["key"] for variable in collection["variable"]} == {"baseUrl", "apiKey"}
    for item in all_requests(collection):
        request = item["request"]
        assert request["url"]["raw"].startswith("{{baseUrl}}/")
        assert request["method"] in {"GET", "POST", "PUT", "PATCH", "DELETE"}


def test_the_first_request_sends_the_reference_essay_as_plain_text(collection):
    first = collection["item"][0]["item"][0]
    request = first["request"]
    assert request["method"] == "POST" and request["url"]["raw"] == "{{baseUrl}}/v1/feedback"
    headers = {header["key"]: header["value"] for header in request["header"]}
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        assert request["body"] == {"mode": "raw", "raw": handle.read()}


def test_every_operation_of_the_spec_has_a_request(builder, collection):
    spec = builder.live_spec()
    expected = {
        (method.upper(), "{{baseUrl}}" + "/".join(":" + part[1:-1] if part.startswith("{") else part for part in path.split("/")))
        for path, item in spec["paths"].items()
        for method in item
        if method in builder.METHOD_ORDER
    }
    found = {(item["request"]["method"], item["request"]["url"]["raw"].split("?")[0]) for item in all_requests(collection)}
    assert found == expected


def test_the_key_is_sent_only_where_the_spec_asks_for_one(builder, collection):
    spec = builder.live_spec()
    assert collection["auth"]["type"] == "apikey"
    for item in all_requests(collection):
        request = item["request"]
        path = "/" + "/".join("{" + part[1:] + "}" if part.startswith(":") else part for part in request["url"]["path"])
        secured = bool(spec["paths"][path][request["method"].lower()].get("security"))
        assert (request.get("auth") == {"type": "noauth"}) is not secured, item["name"]
    assert any(request["request"].get("auth") is None for request in all_requests(collection))


def test_path_query_and_multipart_operations_are_translated(builder):
    spec = {
        "info": {"title": "t"},
        "components": {"schemas": {}},
        "paths": {
            "/v1/references/{reference_id}": {
                "get": {
                    "summary": "Get one reference",
                    "tags": ["references"],
                    "security": [{"bearerKey": []}],
                    "parameters": [
                        {"name": "reference_id", "in": "path", "required": True, "schema": {"type": "string", "example": "lenin"}},
                        {"name": "format", "in": "query", "schema": {"type": "string", "default": "json"}},
                    ],
                    "responses": {"200": {"description": "OK", "content": {"application/json": {}}}},
                }
            },
            "/v1/uploads": {
                "post": {
                    "summary": "Upload essays",
                    "tags": ["batch"],
                    "security": [{"bearerKey": []}],
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                                }
                            },
                            "application/x-ndjson": {"example": '{"text": "a"}\n'},
                        }
                    },
                    "responses": {"200": {"description": "OK"}},
                }
            },
        },
    }
    collection = builder.build_collection(spec, "ESSAY")
    requests = {item["name"]: item["request"] for folder in collection["item"] for item in folder["item"]}
    reference = requests["Get one reference"]["url"]
    assert reference["path"] == ["v1", "references", ":reference_id"]
    assert reference["variable"] == [{"key": "reference_id", "value": "lenin"}]
    assert reference["query"][0]["key"] == "format" and reference["query"][0]["disabled"] is True
    upload = requests["Upload essays (multipart upload)"]
    assert upload["body"]["formdata"][0]["type"] == "file"
    assert requests["Upload essays (application/x-ndjson)"]["body"]["raw"] == '{"text": "a"}\n'
