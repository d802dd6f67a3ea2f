"""Rate limits: a budget per API key (or client address) over every /v1 route, 429 past it."""

import os
import shutil
import socket
import subprocess
import time

import pytest

from service_apps import ESSAY, ready_app

PROBLEM = "application/problem+json"


def post(client, **headers):
    return client.post("/v1/feedback", json={"text": ESSAY}, headers=headers)


def assert_rate_limited(response, window_seconds):
    assert response.status_code == 429
    assert response.mimetype == PROBLEM
    body = response.json
    assert body["status"] == 429 and body["type"] == "/problems/rate-limited"
    assert "Retry-After" in body["detail"]
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= window_seconds
    assert response.headers["X-RateLimit-Limit"] == "3"
    assert response.headers["X-RateLimit-Remaining"] == "0"


@pytest.fixture
def limited(analyzer):
    return ready_app(analyzer, RATE_LIMIT="3 per minute").test_client()


def test_the_fourth_request_in_a_minute_is_429(limited):
    remaining = [post(limited).headers["X-RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    assert_rate_limited(post(limited), 60)


def test_successful_answers_carry_no_retry_after(limited):
    response = post(limited)
    assert response.status_code == 200
    assert "Retry-After" not in response.headers


def test_a_503_keeps_its_own_retry_after():
    client = ready_app(RATE_LIMIT="3 per minute", LOAD_PIPELINE=False).test_client()  # pipeline never loaded
    response = post(client)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"


def test_the_budget_is_shared_by_every_route_new_ones_included(analyzer):
    from flask import Blueprint

    app = ready_app(analyzer, RATE_LIMIT="3 per minute")
    extra = Blueprint("extra", __name__, url_prefix="/v1")
    extra.add_url_rule("/extra", "extra", lambda: {"ok": True})
    page = Blueprint("page", __name__)
    page.add_url_rule("/page", "page", lambda: "<p>form</p>")
    app.register_blueprint(extra)
    app.register_blueprint(page)
    client = app.test_client()
    assert client.get("/v1/extra").status_code == 200
    assert post(client).status_code == 200
    assert client.get("/page").status_code == 200
    assert_rate_limited(post(client), 60)
    assert client.get("/v1/extra").status_code == 429
    assert client.get("/page").status_code == 429


def test_each_client_address_has_its_own_budget(limited):
    for _ in range(3):
        post(limited)
    assert post(limited).status_code == 429
    other = limited.post("/v1/feedback", json={"text": ESSAY}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 200


def test_each_api_key_has_its_own_budget(analyzer):
    client = ready_app(analyzer, RATE_LIMIT="3 per minute", API_KEYS="key-one,key-two").test_client()
    for _ in range(3):
        assert post(client, **{"X-API-Key": "key-one"}).status_code == 200
    assert_rate_limited(post(client, **{"X-API-Key": "key-one"}), 60)
    # Same address, other key: its own budget.
    assert post(client, **{"X-API-Key": "key-two"}).status_code == 200


def test_operational_routes_are_not_limited(limited):
    for path in ["/healthz", "/metrics", "/openapi.json"] * 3:
        assert limited.get(path).status_code == 200
    assert post(limited).status_code == 200


def test_limits_can_be_switched_off(analyzer):
    client = ready_app(analyzer, RATE_LIMIT="1 per minute", RATE_LIMIT_ENABLED=False).test_client()
    assert [post(client).status_code for _ in range(3)] == [200, 200, 200]


def test_trusted_proxy_address_is_used_only_when_configured(analyzer):
    direct = ready_app(analyzer, RATE_LIMIT="1 per minute").test_client()
    assert direct.post("/v1/feedback", json={"text": ESSAY}, headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 200
    # Without trusted proxies a forged header does not buy a new budget.
    assert direct.post("/v1/feedback", json={"text": ESSAY}, headers={"X-Forwarded-For": "2.2.2.2"}).status_code == 429
    proxied = ready_app(analyzer, RATE_LIMIT="1 per minute", TRUSTED_PROXIES=1).test_client()
    assert proxied.post("/v1/feedback", json={"text": ESSAY}, headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 200
    assert proxied.post("/v1/feedback", json={"text": ESSAY}, headers={"X-Forwarded-For": "2.2.2.2"}).status_code == 200


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_uri(tmp_path):
    """A throwaway redis-server on a loopback port (.ci/run installs the Debian package)."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: .ci/run installs it from Debian's redis-server package")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_workers_share_counts_through_redis(analyzer, redis_uri):
    # Two apps stand for two gunicorn workers (or two hosts) behind one address.
    first = ready_app(analyzer, RATE_LIMIT="3 per minute", RATE_LIMIT_STORAGE_URI=redis_uri).test_client()
    second = ready_app(analyzer, RATE_LIMIT="3 per minute", RATE_LIMIT_STORAGE_URI=redis_uri).test_client()
    assert post(first).status_code == 200
    assert post(second).status_code == 200
    assert post(first).status_code == 200
    assert_rate_limited(post(second), 60)
    assert_rate_limited(post(first), 60)


def test_an_unreachable_redis_does_not_take_the_api_down(analyzer):
    client = ready_app(analyzer, RATE_LIMIT="2 per minute", RATE_LIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0").test_client()
    assert [post(client).status_code for _ in range(2)] == [200, 200]
    # It falls back to counting in memory, so the limit still holds.
    assert post(client).status_code == 429


def test_in_memory_counts_are_per_app(analyzer):
    first = ready_app(analyzer, RATE_LIMIT="3 per minute").test_client()
    second = ready_app(analyzer, RATE_LIMIT="3 per minute").test_client()
    for _ in range(3):
        post(first)
    assert post(first).status_code == 429
    assert post(second).status_code == 200


def assert_too_large(response):
    assert response.status_code == 413
    assert response.mimetype == PROBLEM
    assert response.json["type"] == "/problems/too-large"
    assert response.json["status"] == 413
    assert response.headers["X-Request-ID"]
    return response.json


def test_a_body_over_the_configured_size_is_413(analyzer):
    client = ready_app(analyzer, MAX_CONTENT_LENGTH=2_000).test_client()
    assert_too_large(client.post("/v1/feedback", data="Lenin. " * 400, content_type="text/plain"))
    assert_too_large(client.post("/v1/feedback", json={"text": "Lenin. " * 400}))
    assert client.post("/v1/feedback", data="Lenin. " * 100, content_type="text/plain").status_code == 200


def test_the_body_limit_comes_from_the_environment(monkeypatch, analyzer):
    monkeypatch.setenv("ESSAY_FEEDBACK_MAX_CONTENT_LENGTH", "1500")
    client = ready_app(analyzer).test_client()
    assert_too_large(client.post("/v1/feedback", data="x" * 1501, content_type="text/plain"))


def test_a_text_over_the_limit_is_413_with_both_sizes(analyzer):
    client = ready_app(analyzer, MAX_TEXT_CHARS=120).test_client()
    body = assert_too_large(client.post("/v1/feedback", json={"text": "Lenin ruled. " * 20}))
    assert "260" in body["detail"] and "120" in body["detail"]


def test_with_keys_on_the_key_is_checked_before_the_size(analyzer):
    client = ready_app(analyzer, MAX_CONTENT_LENGTH=1_000, API_KEYS="k-123").test_client()
    assert client.post("/v1/feedback", data="x" * 5_000, content_type="text/plain").status_code == 401
    assert_too_large(client.post("/v1/feedback", data="x" * 5_000, content_type="text/plain", headers={"X-API-Key": "k-123"}))
