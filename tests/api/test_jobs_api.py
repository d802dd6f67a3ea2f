"""An LMS submits a class set as a job, polls it, pages through the results, retries safely.

Tasks run in the request here (JOBS_EAGER, the app's own analyzer); tests/ops/test_jobs_worker.py
runs real Celery workers.
"""

import codecs
import io
import json

import pytest

from service_apps import ESSAY, ready_app

OTHER_ESSAY = "Stalin broke with Lenin. The Terror of 1937 had no Leninist precedent (Figes 1996)."
PROBLEM = "application/problem+json"


@pytest.fixture
def client(jobs_app):
    return jobs_app.test_client()


def submit(client, essays, **extra):
    headers = extra.pop("headers", {})
    return client.post("/v1/jobs", json={"essays": essays, **extra}, headers=headers)


def assert_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    assert response.json["status"] == status
    return response.json


def test_a_class_set_is_accepted_as_a_job_and_its_results_come_back_in_order(client):
    response = submit(client, [{"id": "anna", "text": ESSAY}, {"id": "ben", "text": ""}, {"text": OTHER_ESSAY}])

    assert response.status_code == 202
    job = response.json
    assert response.headers["Location"] == f"/v1/jobs/{job['id']}"
    assert job["links"] == {"self": f"/v1/jobs/{job['id']}", "results": f"/v1/jobs/{job['id']}/results"}
    assert job["counts"]["total"] == 3
    assert job["expires_at"] > job["created_at"]

    polled = client.get(response.headers["Location"]).json
    assert polled["status"] == "succeeded"
    assert polled["counts"] == {"total": 3, "done": 2, "failed": 1}

    page = client.get(job["links"]["results"]).json
    assert [(result["index"], result["id"]) for result in page["results"]] == [(0, "anna"), (1, "ben"), (2, "essays[2]")]
    anna, ben, third = page["results"]
    thesis = anna["feedback"]["thesis"]
    assert "Stalinism was a logical continuation of Leninism" in thesis["text"]
    assert ESSAY[thesis["start"] : thesis["end"]] == thesis["text"]
    assert ben["error"]["status"] == 422
    assert ben["error"]["errors"] == {"text": ["The essay is empty: send the essay's text."]}
    assert "feedback" in third and "error" not in third
    assert page["next"] is None


def test_results_are_paged_with_a_cursor_and_streamed_as_ndjson(client):
    job = submit(client, [{"id": f"s{n}", "text": ESSAY} for n in range(5)]).json

    seen, url = [], job["links"]["results"] + "?limit=2"
    while url is not None:
        page = client.get(url).json
        assert len(page["results"]) <= 2
        seen += [result["id"] for result in page["results"]]
        url = page["next"]
    assert seen == ["s0", "s1", "s2", "s3", "s4"]

    streamed = client.get(job["links"]["results"], headers={"Accept": "application/x-ndjson"})
    assert streamed.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in streamed.get_data(as_text=True).splitlines()]
    assert [line["index"] for line in lines] == [0, 1, 2, 3, 4]


def test_a_running_job_lists_only_the_results_before_the_first_missing_one(analyzer, tmp_path):
    # No worker: the job waits in the queue, nothing is analysed yet.
    client = ready_app(analyzer, DATA_DIR=str(tmp_path)).test_client()
    job = submit(client, [{"text": ESSAY}, {"text": ""}]).json
    assert job["status"] == "queued"
    assert job["counts"] == {"total": 2, "done": 0, "failed": 1}

    page = client.get(job["links"]["results"]).json
    # The empty essay (index 1) has its error already, but index 0 is still waiting: a client
    # following the cursor must not skip it, so nothing is listed and `next` asks again.
    assert page["results"] == []
    assert page["next"].endswith("cursor=0&limit=100")


def test_a_bad_cursor_is_a_problem(client):
    job = submit(client, [{"text": ESSAY}]).json
    assert_problem(client.get(job["links"]["results"] + "?cursor=abc"), 400)
    assert_problem(client.get(job["links"]["results"] + "?limit=0"), 422)


def test_deleting_a_job_cancels_it_and_deletes_its_results(client):
    job = submit(client, [{"text": ESSAY}]).json

    assert client.delete(job["links"]["self"]).status_code == 204

    after = client.get(job["links"]["self"]).json
    assert after["status"] == "cancelled"
    assert after["counts"] == {"total": 1, "done": 0, "failed": 0}
    assert client.get(job["links"]["results"]).json == {"results": [], "next": None}


def test_an_unknown_job_is_a_404_problem(client):
    assert_problem(client.get("/v1/jobs/job_nope"), 404)
    assert_problem(client.get("/v1/jobs/job_nope/results"), 404)
    assert_problem(client.delete("/v1/jobs/job_nope"), 404)


def test_a_job_past_its_limits_is_a_413_problem(analyzer, tmp_path):
    client = ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, MAX_JOB_ESSAYS=2).test_client()
    problem = assert_problem(submit(client, [{"text": ESSAY}] * 3), 413)
    assert "limit is 2" in problem["detail"]

    small = ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, MAX_JOB_BYTES=1000).test_client()
    assert_problem(submit(small, [{"text": ESSAY * 20}]), 413)


def test_a_job_body_that_is_not_a_job_is_a_problem(client):
    assert_problem(client.post("/v1/jobs", data="{", content_type="application/json"), 400)
    assert_problem(client.post("/v1/jobs", json={"essays": []}), 422)
    assert_problem(client.post("/v1/jobs", json={"essays": "no"}), 422)
    assert_problem(client.post("/v1/jobs", data=ESSAY, content_type="text/plain"), 415)
    assert_problem(submit(client, [{"text": ESSAY}], reference="no_such_reference"), 404)


def test_json_with_a_utf8_byte_order_mark_is_accepted(client):
    body = codecs.BOM_UTF8 + json.dumps({"essays": [{"text": ESSAY}]}).encode("utf-8")
    assert client.post("/v1/jobs", data=body, content_type="application/json").status_code == 202
    single = codecs.BOM_UTF8 + json.dumps({"text": ESSAY}).encode("utf-8")
    assert client.post("/v1/feedback", data=single, content_type="application/json").status_code == 200


def test_several_files_make_one_job_and_an_unreadable_one_gets_its_error(client):
    files = [
        (io.BytesIO(ESSAY.encode("utf-8")), "anna.txt"),
        (io.BytesIO(OTHER_ESSAY.encode("cp1252")), "ben.txt"),
        (io.BytesIO(b"MZ\x90\x00binary"), "virus.exe"),
    ]
    response = client.post("/v1/jobs", data={"files": files}, content_type="multipart/form-data")
    assert response.status_code == 202
    results = client.get(response.json["links"]["results"]).json["results"]

    assert [result["id"] for result in results] == ["anna.txt", "ben.txt", "virus.exe"]
    assert results[0]["feedback"]["source"]["text"] == ESSAY
    assert results[1]["feedback"]["source"]["filename"] == "ben.txt"
    assert results[2]["error"]["status"] == 415


def test_a_form_without_files_is_a_422_problem(client):
    problem = assert_problem(client.post("/v1/jobs", data={"reference": "x"}, content_type="multipart/form-data"), 422)
    assert "files" in problem["errors"]


def test_the_same_idempotency_key_returns_the_same_job(client):
    first = submit(client, [{"text": ESSAY}], headers={"Idempotency-Key": "lms-42"})
    again = submit(client, [{"text": ESSAY}], headers={"Idempotency-Key": "lms-42"})

    assert again.status_code == 202
    assert again.json["id"] == first.json["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert submit(client, [{"text": ESSAY}], headers={"Idempotency-Key": "lms-43"}).json["id"] != first.json["id"]


def test_the_same_idempotency_key_with_another_body_is_a_422_problem(client):
    submit(client, [{"text": ESSAY}], headers={"Idempotency-Key": "lms-42"})
    problem = assert_problem(submit(client, [{"text": OTHER_ESSAY}], headers={"Idempotency-Key": "lms-42"}), 422)
    assert "Idempotency-Key" in problem["errors"]


def test_jobs_and_idempotency_keys_belong_to_one_api_key(analyzer, tmp_path):
    client = ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, API_KEYS=("key-a", "key-b")).test_client()
    as_a = {"X-API-Key": "key-a", "Idempotency-Key": "same"}
    as_b = {"X-API-Key": "key-b", "Idempotency-Key": "same"}

    job_a = submit(client, [{"text": ESSAY}], headers=as_a).json
    job_b = submit(client, [{"text": OTHER_ESSAY}], headers=as_b)

    assert job_b.status_code == 202 and job_b.json["id"] != job_a["id"]
    assert client.get(job_a["links"]["self"], headers=as_a).status_code == 200
    assert_problem(client.get(job_a["links"]["self"], headers=as_b), 404)
    assert_problem(client.delete(job_a["links"]["self"], headers=as_b), 404)
    assert_problem(client.get(job_a["links"]["self"]), 401)


def test_a_callback_into_a_private_network_is_refused(analyzer, tmp_path):
    client = ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, WEBHOOK_SECRET="s3cret").test_client()
    for url in ("http://127.0.0.1:9/hook", "http://10.0.0.7/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/x"):
        problem = assert_problem(submit(client, [{"text": ESSAY}], callback_url=url), 422)
        assert "callback_url" in problem["errors"], url
    assert_problem(submit(client, [{"text": ESSAY}], callback_url="ftp://example.org/x"), 422)


def test_a_callback_needs_a_signing_secret(analyzer, tmp_path):
    client = ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, WEBHOOK_ALLOW_PRIVATE=True).test_client()
    problem = assert_problem(submit(client, [{"text": ESSAY}], callback_url="http://127.0.0.1:9/hook"), 422)
    assert "WEBHOOK_SECRET" in problem["detail"]


def test_the_postman_collection_walks_through_submit_poll_and_results(client):
    from pathlib import Path

    collection = json.loads((Path(__file__).resolve().parents[2] / "docs" / "postman_collection.json").read_text(encoding="utf-8"))
    (flow,) = [folder for folder in collection["item"] if folder["name"].startswith("Jobs flow")]
    submit_item, poll_item, results_item = flow["item"]
    script = "\n".join(submit_item["event"][0]["script"]["exec"])
    assert "pm.collectionVariables.set('jobId', pm.response.json().id)" in script

    # Play the three requests as Postman would, with baseUrl empty.
    request = submit_item["request"]
    submitted = client.post(request["url"]["raw"].replace("{{baseUrl}}", ""), data=request["body"]["raw"].encode("utf-8"),
                            content_type="application/json")
    assert submitted.status_code == 202
    job_id = submitted.json["id"]

    def path_of(item):
        assert item["request"]["url"]["variable"] == [{"key": "job_id", "value": "{{jobId}}"}]
        return item["request"]["url"]["raw"].replace("{{baseUrl}}", "").replace(":job_id", job_id)

    assert client.get(path_of(poll_item)).json["status"] == "succeeded"
    assert [result["id"] for result in client.get(path_of(results_item)).json["results"]] == ["student-17", "student-18"]


def test_the_spec_documents_what_the_endpoints_accept(client):
    spec = client.get("/openapi.json").json
    feedback = spec["paths"]["/v1/feedback"]["post"]
    assert {(p["in"], p["name"]) for p in feedback["parameters"]} >= {("query", "reference"), ("query", "format"),
                                                                     ("header", "Idempotency-Key")}
    upload = spec["components"]["schemas"]["UploadRequest"]
    assert {"file", "text", "reference"} <= set(upload["properties"]) and "file" not in upload.get("required", [])
    jobs = spec["paths"]["/v1/jobs"]["post"]
    assert set(jobs["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "Location" in jobs["responses"]["202"]["headers"]
    assert set(spec["paths"]["/v1/jobs/{job_id}"]) >= {"get", "delete"}
    assert "application/x-ndjson" in spec["paths"]["/v1/jobs/{job_id}/results"]["get"]["responses"]["200"]["content"]


def test_a_text_field_and_a_reference_in_a_form_are_accepted_as_documented(client):
    response = client.post("/v1/feedback", data={"text": ESSAY, "reference": "lenin_stalin_continuity"},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.json
    assert response.json["stats"]["sentences"] == 2


def test_a_chunk_that_took_its_worker_down_three_times_gets_errors_not_a_fourth_try(analyzer, tmp_path):
    from service.jobs.extension import EXTENSION_KEY

    # No worker: the job waits; then three workers in turn take its chunk and die (their leases run out).
    app = ready_app(analyzer, DATA_DIR=str(tmp_path))
    job = submit(app.test_client(), [{"id": "poison", "text": ESSAY}]).json
    runtime = app.extensions[EXTENSION_KEY].runtime
    for attempt in range(3):
        assert runtime.store.claim_chunk(job["id"], 0, f"dead-worker-{attempt}", lease_seconds=1, now=1000.0 + attempt * 10)

    runtime.process_chunk(job["id"], 0)

    (result,) = app.test_client().get(job["links"]["results"]).json["results"]
    assert result["id"] == "poison" and result["error"]["status"] == 500
    assert "stopped 3 times" in result["error"]["detail"]
    assert app.test_client().get(job["links"]["self"]).json["status"] == "succeeded"
