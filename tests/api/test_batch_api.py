"""An LMS posts a class set to POST /v1/feedback/batch and reads one result per essay, in order."""

import json

import pytest

PROBLEM = "application/problem+json"
NDJSON = "application/x-ndjson"
ESSAYS = [
    {"id": "anna", "text": "Stalinism was a logical continuation of Leninism.\nLenin banned factions in 1921 (Service, p. 45)."},
    {"id": "ben", "text": "Stalin broke with Lenin.\nThe Terror of 1937 had no Leninist precedent (Figes 1996)."},
    {"id": "cleo", "text": "Lenin and Stalin both ruled by terror.\nThe Cheka was founded in 1917."},
]


def post_batch(client, body, **kwargs):
    return client.post("/v1/feedback/batch", json=body, **kwargs)


def assert_problem(response, status):
    assert response.status_code == status, response.data
    assert response.mimetype == PROBLEM
    assert response.json["status"] == status and response.json["detail"]
    return response.json


def test_results_come_back_in_request_order_with_each_essays_own_feedback(client):
    response = post_batch(client, {"essays": ESSAYS})
    assert response.status_code == 200
    results = response.json["results"]
    assert [result["id"] for result in results] == ["anna", "ben", "cleo"]
    assert [result["index"] for result in results] == [0, 1, 2]
    for essay, result in zip(ESSAYS, results):
        single = client.post("/v1/feedback", json={"text": essay["text"]}).json
        assert result["feedback"] == single
        assert "error" not in result


def test_one_bad_essay_never_fails_the_batch(app):
    app.config["MAX_TEXT_CHARS"] = 120
    essays = [
        ESSAYS[0],
        {"id": "empty", "text": "   "},
        {"id": "number", "text": 42},
        "just a string",
        {"id": "long", "text": "Lenin ruled. " * 20},
        {"id": "extra", "text": "Lenin ruled.", "grade": "A"},
        ESSAYS[1],
    ]
    results = post_batch(app.test_client(), {"essays": essays}).json["results"]
    assert [result["id"] for result in results] == ["anna", "empty", "number", "essays[3]", "long", "extra", "ben"]
    assert "feedback" in results[0] and "feedback" in results[6]
    statuses = [result["error"]["status"] for result in results[1:6]]
    assert statuses == [422, 422, 422, 413, 422]
    assert "text" in results[1]["error"]["errors"]
    assert "text" in results[2]["error"]["errors"]
    assert "_schema" in results[3]["error"]["errors"]
    assert "260" in results[4]["error"]["detail"]
    assert "grade" in results[5]["error"]["errors"]
    assert results[1]["error"]["instance"] == "/v1/feedback/batch#/essays/1"
    for result in results[1:6]:
        assert "feedback" not in result
        assert result["error"]["type"] and result["error"]["title"]


def test_ids_are_generated_when_absent(client):
    results = post_batch(client, {"essays": [{"text": ESSAYS[0]["text"]}, {"text": ESSAYS[1]["text"], "id": "x"}]}).json["results"]
    assert [result["id"] for result in results] == ["essays[0]", "x"]


def test_an_essay_the_pipeline_fails_on_is_a_500_item(app, monkeypatch):
    from service.analysis.analyzer import EssayAnalyzer

    real_analyze = EssayAnalyzer.analyze

    def analyze_many(self, texts, batch_size=16, reference=None):
        texts = list(texts)
        if any("BOOM" in text for text in texts):
            raise RuntimeError("pipeline bug")
        yield from (real_analyze(self, text, reference) for text in texts)

    def analyze(self, text, reference=None):
        if "BOOM" in text:
            raise RuntimeError("pipeline bug")
        return real_analyze(self, text, reference)

    monkeypatch.setattr(EssayAnalyzer, "analyze_many", analyze_many)
    monkeypatch.setattr(EssayAnalyzer, "analyze", analyze)
    essays = [ESSAYS[0], {"id": "bad", "text": "BOOM goes the essay."}, ESSAYS[1]]
    response = post_batch(app.test_client(), {"essays": essays})
    assert response.status_code == 200
    results = response.json["results"]
    assert "feedback" in results[0] and "feedback" in results[2]
    assert results[1]["error"]["status"] == 500
    assert "pipeline bug" not in results[1]["error"]["detail"]


def test_ndjson_streams_one_result_per_line(client):
    json_results = post_batch(client, {"essays": ESSAYS}).json["results"]
    response = post_batch(client, {"essays": [*ESSAYS, {"id": "empty", "text": ""}]}, headers={"Accept": NDJSON})
    assert response.status_code == 200
    assert response.mimetype == NDJSON
    body = response.get_data(as_text=True)
    assert body.endswith("\n")
    lines = body.split("\n")[:-1]
    assert len(lines) == 4
    results = [json.loads(line) for line in lines]
    assert results[:3] == json_results
    assert results[3]["id"] == "empty" and results[3]["error"]["status"] == 422


def test_ndjson_response_is_streamed_not_buffered(client):
    response = post_batch(client, {"essays": ESSAYS}, headers={"Accept": NDJSON}, buffered=False)
    assert response.is_streamed
    first = next(iter(response.response))
    assert json.loads(first)["id"] == "anna"
    response.close()


@pytest.mark.parametrize("accept", [None, "application/json", "*/*", "text/html"])
def test_json_unless_ndjson_is_asked_for(client, accept):
    headers = {"Accept": accept} if accept else {}
    response = post_batch(client, {"essays": ESSAYS[:1]}, headers=headers)
    assert response.mimetype == "application/json"
    assert len(response.json["results"]) == 1


def test_too_many_essays_is_413(app):
    app.config["MAX_BATCH_ESSAYS"] = 2
    body = assert_problem(post_batch(app.test_client(), {"essays": ESSAYS}), 413)
    assert "3" in body["detail"] and "2" in body["detail"]


def test_default_batch_limit_is_200_essays(client):
    assert client.application.config["MAX_BATCH_ESSAYS"] == 200
    assert_problem(post_batch(client, {"essays": [{"text": "Lenin."}] * 201}), 413)


def test_batch_body_over_the_size_limit_is_413(app):
    app.config["MAX_BATCH_BYTES"] = 500
    assert_problem(post_batch(app.test_client(), {"essays": ESSAYS * 3}), 413)


def test_a_batch_may_be_larger_than_a_single_essay_body(app):
    app.config["MAX_CONTENT_LENGTH"] = 100
    assert post_batch(app.test_client(), {"essays": ESSAYS}).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "essays"),
        ({"essays": []}, "essays"),
        ({"essays": "no"}, "essays"),
        ({"essays": ESSAYS, "reference": 7}, "reference"),
        ({"essays": ESSAYS, "colour": "red"}, "colour"),
    ],
)
def test_invalid_batches_are_422(client, body, field):
    assert field in assert_problem(post_batch(client, body), 422)["errors"]


def test_a_known_reference_is_compared_with_every_essay(client):
    response = post_batch(client, {"essays": ESSAYS[:2], "reference": "lenin_stalin_continuity"})
    assert response.status_code == 200
    for result in response.json["results"]:
        assert result["feedback"]["comparison"]["reference"]["id"] == "lenin_stalin_continuity"
        assert result["feedback"]["scores"]["overall"] is not None


def test_an_unknown_reference_is_404_like_a_single_essay(client):
    body = assert_problem(post_batch(client, {"essays": ESSAYS, "reference": "no_such_essay"}), 404)
    assert "no_such_essay" in body["detail"]


def test_invalid_json_is_400(client):
    response = client.post("/v1/feedback/batch", data=b'{"essays": [', content_type="application/json")
    assert_problem(response, 400)


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", None])
def test_anything_but_json_is_415(client, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    assert_problem(client.post("/v1/feedback/batch", data=b"essays", **kwargs), 415)


def test_openapi_documents_both_answers(client):
    operation = client.get("/openapi.json").json["paths"]["/v1/feedback/batch"]["post"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", NDJSON}
    assert "413" in operation["responses"]
