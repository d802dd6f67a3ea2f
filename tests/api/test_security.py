"""API keys: off by default; when set, every route needs one except the operational routes."""

import base64

import pytest

from service.api_keys import key_id, matches_any
from service_apps import ESSAY, ready_app

PROBLEM = "application/problem+json"
KEYS = "first-key-0123456789,second-key-abcdefghij"
OPEN_ROUTES = ["/healthz", "/readyz", "/metrics", "/docs", "/openapi.json", "/docs/assets/swagger-ui.css"]


@pytest.fixture
def keyed(analyzer):
    return ready_app(analyzer, API_KEYS=KEYS).test_client()


def assert_unauthorized(response):
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.json["status"] == 401
    assert response.json["type"] == "/problems/unauthorized"
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="essay-feedback"')
    return response.json


def test_without_keys_the_api_is_open(analyzer):
    response = ready_app(analyzer).test_client().post("/v1/feedback", json={"text": ESSAY})
    assert response.status_code == 200


def test_keys_from_the_environment(monkeypatch, analyzer):
    monkeypatch.setenv("ESSAY_FEEDBACK_API_KEYS", " k-one , k-two ,")
    client = ready_app(analyzer).test_client()
    assert client.post("/v1/feedback", json={"text": ESSAY}).status_code == 401
    assert client.post("/v1/feedback", json={"text": ESSAY}, headers={"X-API-Key": "k-two"}).status_code == 200


def test_a_missing_key_is_401_problem(keyed):
    body = assert_unauthorized(keyed.post("/v1/feedback", json={"text": ESSAY}))
    assert "X-API-Key" in body["detail"] and "Bearer" in body["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": "first-key-012345678"},  # one character short
        {"X-API-Key": "FIRST-KEY-0123456789"},
        {"Authorization": "Bearer first-key-0123456789x"},
        {"Authorization": "Basic Zmlyc3Qta2V5LTAxMjM0NTY3ODk="},
    ],
)
def test_a_wrong_key_is_401(keyed, headers):
    response = keyed.post("/v1/feedback", json={"text": ESSAY}, headers=headers)
    assert_unauthorized(response)


def test_a_presented_but_wrong_key_says_invalid_token(keyed):
    response = keyed.post("/v1/feedback", json={"text": ESSAY}, headers={"X-API-Key": "nope"})
    assert_unauthorized(response)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer first-key-0123456789"},
        {"Authorization": "bearer second-key-abcdefghij"},
        {"X-API-Key": "second-key-abcdefghij"},
    ],
)
def test_a_valid_key_gets_through(keyed, headers):
    response = keyed.post("/v1/feedback", json={"text": ESSAY}, headers=headers)
    assert response.status_code == 200
    assert response.json["thesis"] is not None


def test_the_key_check_comes_before_routing_under_v1(keyed):
    # Without a key nobody learns which /v1 routes exist.
    assert_unauthorized(keyed.get("/v1/no-such-thing"))
    assert keyed.get("/v1/no-such-thing", headers={"X-API-Key": "first-key-0123456789"}).status_code == 404


@pytest.mark.parametrize("path", OPEN_ROUTES)
def test_operational_routes_stay_open(keyed, path):
    response = keyed.get(path)
    assert response.status_code != 401
    if path != "/readyz":  # 503 here: this app never loaded its references
        assert response.status_code == 200


def test_a_new_v1_blueprint_is_protected_without_extra_work(analyzer):
    from flask import Blueprint

    app = ready_app(analyzer, API_KEYS=KEYS)
    extra = Blueprint("extra", __name__, url_prefix="/v1")
    extra.add_url_rule("/extra", "extra", lambda: {"ok": True})
    app.register_blueprint(extra)
    client = app.test_client()
    assert_unauthorized(client.get("/v1/extra"))
    assert client.get("/v1/extra", headers={"X-API-Key": "second-key-abcdefghij"}).json == {"ok": True}


def test_a_page_outside_v1_is_closed_too_and_browsers_are_asked_for_basic(analyzer):
    # Like the teacher's HTML page: any blueprint added to the app is covered.
    from flask import Blueprint

    app = ready_app(analyzer, API_KEYS=KEYS)
    page = Blueprint("page", __name__)
    page.add_url_rule("/page", "page", lambda: "<p>form</p>")
    app.register_blueprint(page)
    client = app.test_client()
    response = client.get("/page")
    assert response.status_code == 401 and response.mimetype == PROBLEM
    assert response.json["type"] == "/problems/unauthorized"
    assert response.headers["WWW-Authenticate"].startswith('Basic realm="essay-feedback"')
    assert "Bearer" in response.headers["WWW-Authenticate"]
    assert client.get("/no-such-page").status_code == 401
    good = base64.b64encode(b"teacher:first-key-0123456789").decode()
    assert client.get("/page", headers={"Authorization": f"Basic {good}"}).data == b"<p>form</p>"
    wrong = base64.b64encode(b"first-key-0123456789:wrong").decode()
    assert client.get("/page", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
    assert client.get("/page", headers={"Authorization": "Basic !!notbase64"}).status_code == 401


def test_keys_are_compared_against_all_keys():
    keys = (b"alpha", b"beta")
    assert matches_any("beta", keys)
    assert matches_any("alpha", keys)
    assert not matches_any("gamma", keys)
    assert not matches_any("alph", keys)
    assert not matches_any("", keys)


def test_key_id_names_a_key_without_revealing_it():
    name = key_id("first-key-0123456789")
    assert name.startswith("key:") and len(name) == 16
    assert "first" not in name and name == key_id("first-key-0123456789")
    assert name != key_id("second-key-abcdefghij")


def test_cors_is_off_by_default(analyzer):
    response = ready_app(analyzer).test_client().post(
        "/v1/feedback", json={"text": ESSAY}, headers={"Origin": "https://lms.example.org"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allows_configured_origins_and_preflights_without_a_key(analyzer):
    client = ready_app(analyzer, API_KEYS=KEYS, CORS_ORIGINS="https://lms.example.org").test_client()
    preflight = client.options(
        "/v1/feedback",
        headers={
            "Origin": "https://lms.example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://lms.example.org"
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()
    response = client.post(
        "/v1/feedback",
        json={"text": ESSAY},
        headers={"Origin": "https://lms.example.org", "X-API-Key": "first-key-0123456789"},
    )
    assert response.headers["Access-Control-Allow-Origin"] == "https://lms.example.org"
    assert "X-Request-ID" in response.headers["Access-Control-Expose-Headers"]
    other = client.post("/v1/feedback", json={"text": ESSAY}, headers={"Origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in other.headers
