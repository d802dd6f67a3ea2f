"""The API description: a valid OpenAPI 3 document, every operation documented with examples."""

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from service_apps import ready_app

EXAMPLES = json.loads((Path(__file__).resolve().parents[2] / "service" / "data" / "api_examples.json").read_text())
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def spec():
    return ready_app(LOAD_PIPELINE=False).test_client().get("/openapi.json").get_json()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def check_example(spec, schema, example):
    """Validate an example against its schema, with the spec's components for $refs."""
    wrapped = {**schema, "components": spec["components"]}
    OAS30Validator(wrapped).validate(example)


def test_example_checking_can_fail(spec):
    with pytest.raises(Exception, match="required"):
        check_example(spec, {"$ref": "#/components/schemas/Feedback"}, {"api_version": "1"})


def test_the_spec_is_valid_openapi_3(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_every_route_of_the_app_is_in_the_spec():
    app = ready_app(LOAD_PIPELINE=False)
    documented = set(app.test_client().get("/openapi.json").get_json()["paths"])
    undocumented = {"/openapi.json", "/docs", "/docs/assets/<path:filename>", "/static/<path:filename>"}
    for rule in app.url_map.iter_rules():
        # /lti: the LMS's browser protocol (pylti1p3 parses it), not an API; docs/lti.md describes it.
        if rule.rule in undocumented or rule.rule.startswith("/lti/"):
            continue
        assert re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule) in documented, rule.rule


def test_every_operation_has_a_summary_and_described_responses(spec):
    for path, method, operation in operations(spec):
        assert operation.get("summary"), (method, path)
        for status, response in operation["responses"].items():
            assert response.get("description"), (method, path, status)


def test_every_closed_operation_documents_keys_limits_and_ids(spec):
    assert set(spec["components"]["securitySchemes"]) == {"bearerKey", "headerKey", "basicKey"}
    for path, method, operation in operations(spec):
        names = [parameter["name"] for parameter in operation["parameters"]]
        assert "X-Request-ID" in names, (method, path)
        if path in {"/healthz", "/readyz", "/metrics"}:
            assert "security" not in operation, path
            continue
        assert operation["security"] == [{"bearerKey": []}, {"headerKey": []}, {"basicKey": []}]
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]
        assert "Retry-After" in operation["responses"]["429"]["headers"]
        if method in {"post", "put", "patch"}:
            assert "413" in operation["responses"]


def test_every_error_is_documented_as_problem_json_with_an_example(spec):
    for path, method, operation in operations(spec):
        for status, response in operation["responses"].items():
            if status != "default" and int(status) < 400:
                continue
            content = response["content"]
            assert list(content) == ["application/problem+json"], (method, path, status)
            media = content["application/problem+json"]
            assert media["example"]["status"] == (500 if status == "default" else int(status))
            check_example(spec, media["schema"], media["example"])


def test_every_request_and_success_body_has_an_example_that_fits_its_schema(spec):
    for path, method, operation in operations(spec):
        bodies = [("request", operation.get("requestBody", {}).get("content", {}))]
        bodies += [(status, response.get("content", {})) for status, response in operation["responses"].items() if status.startswith("2")]
        for where, content in bodies:
            for content_type, media in content.items():
                if not (content_type.endswith("json") or content_type == "text/plain"):
                    continue  # HTML pages and file uploads: an example would say nothing
                schema = media.get("schema", {})
                example = media.get("example", resolve(spec, schema).get("example"))
                assert example is not None, f"{method.upper()} {path} {where} {content_type}: add an example"
                if content_type.endswith("json"):
                    check_example(spec, schema, example)


def test_the_feedback_example_is_true_to_its_essay():
    # Checked by hand once; this keeps it honest if either is edited.
    essay = EXAMPLES["essay"]
    document = EXAMPLES["schemas"]["Feedback"]
    assert EXAMPLES["schemas"]["FeedbackRequest"]["text"] == essay
    for item in document["sentences"] + document["citations"] + [document["thesis"]]:
        assert essay[item["start"] : item["end"]] == item["text"]
    assert document["stats"]["sentences"] == len(document["sentences"]) == 3
    assert document["citations"][0]["text"] == "(Service, p. 45)"


def swagger_ui_urls(html):
    """The asset URLs of the Swagger UI page, and the spec URL it loads."""
    (spec_url,) = re.findall(r'url: "([^"]+)"', html)
    return re.findall(r"(?:src|href)=\"([^\"]+)\"", html), spec_url


def test_swagger_ui_is_served_from_the_package_without_any_cdn():
    client = ready_app(LOAD_PIPELINE=False).test_client()
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assets, spec_url = swagger_ui_urls(html)
    assert spec_url == "/openapi.json"
    assert not re.search(r"(src|href)=\"https?://", html)
    assert len(assets) == 3
    for asset in assets:
        response = client.get(urljoin("/docs", asset))
        assert response.status_code == 200, asset
        assert len(response.data) > 1000


@pytest.mark.parametrize(
    ("config", "request_options"),
    [
        # A WSGI server or a proxy that sets SCRIPT_NAME itself (gunicorn reads it from the environment).
        ({}, {"environ_overrides": {"SCRIPT_NAME": "/essays"}}),
        # A proxy that strips the prefix and says so in X-Forwarded-Prefix (trusted via ProxyFix).
        ({"TRUSTED_PROXIES": 1}, {"headers": {"X-Forwarded-Prefix": "/essays"}}),
    ],
)
def test_swagger_ui_works_behind_a_path_prefix(config, request_options):
    client = ready_app(LOAD_PIPELINE=False, **config).test_client()
    page = client.get("/docs", **request_options)
    assert page.status_code == 200
    assets, spec_url = swagger_ui_urls(page.get_data(as_text=True))
    # What the browser requests, relative to the page it loaded: https://host/essays/docs.
    assert spec_url == "/essays/openapi.json"
    resolved = [urljoin("/essays/docs", asset) for asset in assets]
    assert resolved and all(url.startswith("/essays/docs/assets/") for url in resolved)
    # The proxy strips the prefix again before passing each request on.
    for url in [*resolved, spec_url]:
        response = client.get(url.removeprefix("/essays"), **request_options)
        assert response.status_code == 200, url
        assert len(response.data) > 1000
    # "Try it out" sends each request to the spec's first server + the operation's path.
    spec = client.get(spec_url.removeprefix("/essays"), **request_options).get_json()
    assert spec["servers"] == [{"url": "/essays"}]
    try_it_out = spec["servers"][0]["url"] + "/healthz"
    assert try_it_out == "/essays/healthz"
    assert client.get(try_it_out.removeprefix("/essays"), **request_options).status_code == 200


@pytest.mark.parametrize(
    ("config", "request_options"),
    [
        ({}, {}),
        # Without TRUSTED_PROXIES anyone could send the header: it is ignored.
        ({}, {"headers": {"X-Forwarded-Prefix": "/essays"}}),
        ({"TRUSTED_PROXIES": 1}, {}),
    ],
)
def test_without_a_path_prefix_try_it_out_targets_the_root(config, request_options):
    spec = ready_app(LOAD_PIPELINE=False, **config).test_client().get("/openapi.json", **request_options).get_json()
    assert spec["servers"] == [{"url": "/"}]
    validate(spec)
