"""An LMS retries a synchronous POST whose answer it lost: with the same Idempotency-Key it
gets the first answer back, not a second analysis; a key reused for another essay is refused."""

import io

import pytest

from service_apps import ESSAY, ready_app

OTHER = "Stalin broke with Lenin. The Terror of 1937 had no Leninist precedent (Figes 1996)."


@pytest.fixture
def app(analyzer, tmp_path):
    return ready_app(analyzer, DATA_DIR=str(tmp_path), API_KEYS=("key-a", "key-b"))


def post(client, path, key, api_key="key-a", **kwargs):
    return client.post(path, headers={"Idempotency-Key": key, "X-API-Key": api_key}, **kwargs)


def test_a_repeated_feedback_request_gets_the_first_answer(app):
    client = app.test_client()
    first = post(client, "/v1/feedback", "try-1", json={"text": ESSAY})
    again = post(client, "/v1/feedback", "try-1", json={"text": ESSAY})

    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers


def test_the_same_key_with_another_essay_is_a_422_problem(app):
    client = app.test_client()
    post(client, "/v1/feedback", "try-1", json={"text": ESSAY})
    refused = post(client, "/v1/feedback", "try-1", json={"text": OTHER})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert "Idempotency-Key" in refused.json["errors"]


def test_keys_belong_to_their_api_key(app):
    client = app.test_client()
    post(client, "/v1/feedback", "try-1", json={"text": ESSAY})
    other_client = post(client, "/v1/feedback", "try-1", api_key="key-b", json={"text": OTHER})
    assert other_client.status_code == 200 and "Idempotent-Replayed" not in other_client.headers


def test_an_error_is_not_kept_so_the_corrected_retry_is_analysed(app):
    client = app.test_client()
    assert post(client, "/v1/feedback", "try-1", json={"text": " "}).status_code == 422
    retried = post(client, "/v1/feedback", "try-1", json={"text": ESSAY})
    assert retried.status_code == 200 and "Idempotent-Replayed" not in retried.headers


def test_a_batch_is_replayed_too(app):
    client = app.test_client()
    body = {"essays": [{"id": "a", "text": ESSAY}, {"id": "b", "text": OTHER}]}
    first = post(client, "/v1/feedback/batch", "batch-1", json=body)
    again = post(client, "/v1/feedback/batch", "batch-1", json=body)
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_data() == first.get_data()


def test_an_uploaded_file_sent_again_is_recognised_whatever_its_boundary(app):
    client = app.test_client()
    first = post(client, "/v1/feedback", "file-1", data={"file": (io.BytesIO(ESSAY.encode()), "anna.txt")},
                 content_type="multipart/form-data")
    again = post(client, "/v1/feedback", "file-1", data={"file": (io.BytesIO(ESSAY.encode()), "anna.txt")},
                 content_type="multipart/form-data")
    other = post(client, "/v1/feedback", "file-1", data={"file": (io.BytesIO(OTHER.encode()), "anna.txt")},
                 content_type="multipart/form-data")
    assert first.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert other.status_code == 422


def test_a_malformed_key_is_a_400_problem(app):
    response = post(app.test_client(), "/v1/feedback", "x" * 300, json={"text": ESSAY})
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
