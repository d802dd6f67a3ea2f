"""One JSON log line per request, with a request id, and never the essay or the key."""

import json
import logging

import pytest

from service.request_logging import JsonFormatter
from service_apps import ready_app

# Words that occur nowhere in the service's own messages, so finding one means the essay leaked.
SECRET_ESSAY = (
    "Quixotic marmalade zeppelins argued that Stalinism continued Leninism. "
    "In 1921 Lenin banned factions (Service, p. 45)."
)
KEY = "sk-live-very-secret-0123456789"


def request_lines(output: str) -> list[dict]:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "service.access"]


def test_one_json_line_per_request_with_the_operational_fields(analyzer, capsys):
    client = ready_app(analyzer).test_client()
    capsys.readouterr()
    response = client.post("/v1/feedback", data=SECRET_ESSAY.encode(), content_type="text/plain")
    assert response.status_code == 200
    (line,) = request_lines(capsys.readouterr().out)
    assert line["method"] == "POST"
    assert line["path"] == "/v1/feedback"
    assert line["route"] == "/v1/feedback"
    assert line["status"] == 200
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["duration_ms"] > 0
    assert line["essays"] == 1
    assert line["essay_chars"] == len(SECRET_ESSAY)
    assert line["body_bytes"] == len(SECRET_ESSAY.encode())
    assert line["level"] == "info" and line["time"].endswith("+00:00")


def test_the_log_holds_no_essay_text_and_no_key(analyzer, capsys):
    client = ready_app(analyzer, API_KEYS=KEY).test_client()
    capsys.readouterr()
    headers = {"Authorization": f"Bearer {KEY}"}
    client.post("/v1/feedback", json={"text": SECRET_ESSAY}, headers=headers)
    client.post("/v1/feedback?text=" + "Quixotic", data=SECRET_ESSAY, content_type="text/plain", headers=headers)
    client.post("/v1/feedback", json={"text": SECRET_ESSAY}, headers={"X-API-Key": KEY + "-wrong"})
    client.post("/v1/feedback", json={"text": 42, "note": SECRET_ESSAY}, headers=headers)  # a 422
    output = capsys.readouterr()
    everything = output.out + output.err
    assert len(request_lines(output.out)) == 4
    for word in ("Quixotic", "marmalade", "zeppelins", "banned factions"):
        assert word not in everything
    assert KEY not in everything and "very-secret" not in everything
    lines = request_lines(output.out)
    assert lines[0]["api_key_id"].startswith("key:") and lines[2]["api_key_id"] is None
    assert lines[1]["path"] == "/v1/feedback"  # the query string is left out


def test_a_request_id_is_generated_and_returned(analyzer):
    client = ready_app(analyzer).test_client()
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


def test_a_clients_request_id_is_kept(analyzer, capsys):
    client = ready_app(analyzer).test_client()
    response = client.post("/v1/feedback", json={"text": SECRET_ESSAY}, headers={"X-Request-ID": "lms-42.attempt:3"})
    assert response.headers["X-Request-ID"] == "lms-42.attempt:3"
    assert request_lines(capsys.readouterr().out)[-1]["request_id"] == "lms-42.attempt:3"


@pytest.mark.parametrize("sent", ["two words", "x" * 129, "evil\\ninjected", "<script>", "ünïcode"])
def test_a_malformed_request_id_is_replaced(analyzer, sent):
    response = ready_app(analyzer).test_client().get("/healthz", headers={"X-Request-ID": sent})
    returned = response.headers["X-Request-ID"]
    assert returned != sent and len(returned) == 32


def test_errors_carry_request_ids_too(analyzer, capsys):
    client = ready_app(analyzer, API_KEYS=KEY).test_client()
    capsys.readouterr()
    for response in (client.get("/nowhere", headers={"X-API-Key": KEY}), client.post("/v1/feedback", json={})):
        assert response.headers["X-Request-ID"]
    statuses = [line["status"] for line in request_lines(capsys.readouterr().out)]
    assert statuses == [404, 401]


def test_the_formatter_writes_extra_fields_and_exceptions():
    record = logging.LogRecord("service.x", logging.ERROR, __file__, 1, "failed %s", ("here",), None)
    record.request_id = "abc"
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed here"
    assert line["request_id"] == "abc"
    assert line["level"] == "error"
    assert "ValueError: boom" in line["exception"]
