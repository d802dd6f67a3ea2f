"""Every bad request gets its status as application/problem+json, never a 500."""

import pytest

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body = response.json
    assert body["status"] == status
    assert body["type"] and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize(
    ("data", "content_type", "status", "field"),
    [
        (b'{"text": ""}', "application/json", 422, "text"),
        (b'{"text": "   \\n\\t "}', "application/json", 422, "text"),
        (b'{"text": 42}', "application/json", 422, "text"),
        (b'{"text": ["a"]}', "application/json", 422, "text"),
        (b'{"text": null}', "application/json", 422, "text"),
        (b"{}", "application/json", 422, "text"),
        (b'{"text": "ok", "colour": "red"}', "application/json", 422, "colour"),
        (b"[1, 2]", "application/json", 422, "_schema"),
        (b"null", "application/json", 422, "_schema"),
        (b" \n ", "text/plain", 422, "text"),
        (b"", "text/plain", 422, "text"),
    ],
)
def test_invalid_essays_are_422_with_field_errors(client, data, content_type, status, field):
    body = assert_problem(client.post("/v1/feedback", data=data, content_type=content_type), status)
    assert field in body["errors"]
    assert all(isinstance(message, str) for message in body["errors"][field])


def test_invalid_json_is_400(client):
    body = assert_problem(client.post("/v1/feedback", data=b'{"text": "unterminated', content_type="application/json"), 400)
    assert "JSON" in body["detail"]


def test_undecodable_text_is_400(client):
    body = assert_problem(client.post("/v1/feedback", data=b"Lenin \xff\xfe", content_type="text/plain"), 400)
    assert "utf-8" in body["detail"].lower()


def test_unknown_charset_is_400(client):
    assert_problem(client.post("/v1/feedback", data=b"Lenin", content_type="text/plain; charset=klingon"), 400)


def test_declared_charset_is_honoured(client):
    text = "Lenin’s café (Service)."
    response = client.post("/v1/feedback", data=text.encode("utf-16"), content_type="text/plain; charset=utf-16")
    assert response.status_code == 200
    assert response.json["sentences"][0]["text"] == text


@pytest.mark.parametrize("content_type", ["application/xml", "multipart/mixed; boundary=x", "image/png", None])
def test_unsupported_content_type_is_415(client, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    body = assert_problem(client.post("/v1/feedback", data=b"<essay/>", **kwargs), 415)
    assert "text/plain" in body["detail"]


def test_text_over_the_limit_is_413(app):
    app.config["MAX_TEXT_CHARS"] = 50
    client = app.test_client()
    body = assert_problem(client.post("/v1/feedback", json={"text": "word " * 11}), 413)
    assert "55" in body["detail"] and "50" in body["detail"]
    assert client.post("/v1/feedback", json={"text": "word " * 10}).status_code == 200


def test_default_text_limit_is_100000_characters(client):
    assert_problem(client.post("/v1/feedback", data="a" * 100_001, content_type="text/plain"), 413)


def test_body_over_max_content_length_is_413(app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    assert_problem(app.test_client().post("/v1/feedback", data="a" * 2000, content_type="text/plain"), 413)


def test_unknown_route_is_404(client):
    assert_problem(client.get("/v1/no-such-thing"), 404)


def test_wrong_method_is_405_with_allow(client):
    response = client.get("/v1/feedback")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_an_unexpected_failure_is_a_500_problem_without_internals(app, monkeypatch):
    from service.analysis import analyzer as analyzer_module

    def explode(self, text):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(analyzer_module.EssayAnalyzer, "analyze", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production, not as in TESTING
    body = assert_problem(app.test_client().post("/v1/feedback", json={"text": "Lenin."}), 500)
    assert "secret" not in body["detail"]
