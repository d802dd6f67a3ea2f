"""When a job ends, the LMS is told: a signed POST to its callback URL, retried with backoff.

The receiver is a real HTTP server on loopback, so these apps set WEBHOOK_ALLOW_PRIVATE.
"""

import hashlib
import hmac
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from service.jobs.callbacks import retry_delay, url_problem
from service.jobs.extension import EXTENSION_KEY
from service_apps import ESSAY, ready_app

SECRET = "whsec-test-0123456789"
API_DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


class Receiver:
    """Records each POST; answers with the next status of `statuses` (200 once they run out)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/essay-feedback"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture
def jobs_app(analyzer, tmp_path):
    return ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, WEBHOOK_SECRET=SECRET, WEBHOOK_ALLOW_PRIVATE=True)


def submit(app, receiver) -> dict:
    response = app.test_client().post("/v1/jobs", json={"essays": [{"id": "anna", "text": ESSAY}], "callback_url": receiver.url})
    assert response.status_code == 202, response.json
    return response.json


def verify(secret: str, header: str, body: bytes) -> bool:
    """What a receiver does (the recipe of docs/api.md, written out independently)."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


def test_an_ended_job_is_posted_to_its_callback_url_signed(jobs_app, receiver):
    job = submit(jobs_app, receiver)

    assert len(receiver.requests) == 1
    sent = receiver.requests[0]
    body = json.loads(sent["body"])
    assert body["id"] == job["id"] and body["status"] == "succeeded"
    assert body["counts"] == {"total": 1, "done": 1, "failed": 0}
    header = sent["headers"]["X-Essay-Feedback-Signature"]
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", header)
    assert verify(SECRET, header, sent["body"])
    assert not verify("another-secret", header, sent["body"])
    assert not verify(SECRET, header, sent["body"].replace(b"succeeded", b"failed"))

    callback = jobs_app.test_client().get(job["links"]["self"]).json["callback"]
    assert callback["state"] == "delivered"
    assert [attempt["status"] for attempt in callback["attempts"]] == [200]


def test_a_failing_receiver_is_retried_with_backoff_and_the_attempts_show_on_the_job(jobs_app, receiver):
    receiver.statuses = [503, 502]
    job = submit(jobs_app, receiver)
    client = jobs_app.test_client()
    runtime = jobs_app.extensions[EXTENSION_KEY].runtime

    first = client.get(job["links"]["self"]).json["callback"]
    assert first["state"] == "pending"
    assert [attempt["status"] for attempt in first["attempts"]] == [503]
    assert first["next_attempt_at"] is not None

    # The retry is queued with a countdown; run it when it is due (30 s later, then 60 s).
    stored = runtime.store.get_job(job["id"])
    runtime.deliver_callback(job["id"], now=stored.callback_next_at - 10)
    assert len(receiver.requests) == 1, "a retry that is not due yet must not be sent"
    runtime.deliver_callback(job["id"], now=stored.callback_next_at)
    second = runtime.store.get_job(job["id"])
    assert second.callback_next_at - second.callback_attempts[-1]["at_unix"] == pytest.approx(60)
    runtime.deliver_callback(job["id"], now=second.callback_next_at)

    callback = client.get(job["links"]["self"]).json["callback"]
    assert [attempt["status"] for attempt in callback["attempts"]] == [503, 502, 200]
    assert callback["state"] == "delivered" and callback["next_attempt_at"] is None
    assert len(receiver.requests) == 3


def test_retries_stop_after_the_retry_period(analyzer, tmp_path, receiver):
    app = ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, WEBHOOK_SECRET=SECRET,
                    WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_RETRY_FOR=100.0)
    receiver.statuses = [500] * 10
    job = submit(app, receiver)
    runtime = app.extensions[EXTENSION_KEY].runtime
    while (stored := runtime.store.get_job(job["id"])).callback_state == "pending":
        runtime.deliver_callback(job["id"], now=stored.callback_next_at)
    # 30 s, then 60 s: the third delay (120 s) would end past the 100 s allowed.
    assert stored.callback_state == "failed"
    assert len(stored.callback_attempts) == 3


def test_a_receiver_that_answers_4xx_is_not_retried(jobs_app, receiver):
    receiver.statuses = [410]
    job = submit(jobs_app, receiver)
    callback = jobs_app.test_client().get(job["links"]["self"]).json["callback"]
    assert callback["state"] == "refused"
    assert [attempt["status"] for attempt in callback["attempts"]] == [410]


def test_a_receiver_that_does_not_answer_is_retried(analyzer, tmp_path):
    app = ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, WEBHOOK_SECRET=SECRET, WEBHOOK_ALLOW_PRIVATE=True)
    # Nothing listens on the port of a server that was just closed.
    closed = Receiver()
    closed.server.shutdown()
    closed.server.server_close()
    job = submit(app, closed)
    callback = app.test_client().get(job["links"]["self"]).json["callback"]
    assert callback["state"] == "pending"
    assert callback["attempts"][0]["status"] is None and "Error" in callback["attempts"][0]["error"]


def test_backoff_doubles_from_30_seconds_up_to_an_hour():
    assert [retry_delay(n) for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/x", "http://localhost/x", "http://10.1.2.3/x", "http://192.168.0.10/x", "http://172.16.0.1/x",
     "http://169.254.169.254/latest/meta-data/", "http://[::1]/x", "http://[fe80::1]/x", "http://[::ffff:127.0.0.1]/x",
     "http://0.0.0.0/x", "http://100.64.0.1/x"],
)
def test_addresses_inside_private_networks_are_refused(url):
    assert "private, loopback or link-local" in url_problem(url, allow_private=False)
    assert url_problem(url, allow_private=True) is None


def test_public_addresses_are_allowed_and_odd_urls_refused():
    assert url_problem("https://93.184.216.34/hooks", allow_private=False) is None
    assert url_problem("ftp://93.184.216.34/x", allow_private=False)
    assert url_problem("https://user:pw@93.184.216.34/x", allow_private=False)
    assert url_problem("http:///nohost", allow_private=False)


def test_the_readme_snippet_verifies_a_signature(jobs_app, receiver):
    submit(jobs_app, receiver)
    sent = receiver.requests[0]
    snippet = re.search(r"```python\n(# Verify an essay-feedback callback.*?)```", API_DOCS.read_text(encoding="utf-8"), re.S)
    assert snippet, "the signature snippet of docs/api.md is missing"
    namespace: dict = {}
    exec(snippet.group(1), namespace)  # noqa: S102 - the docs' own example
    header = sent["headers"]["X-Essay-Feedback-Signature"]
    timestamp = int(header.split(",")[0][2:])
    assert namespace["verify"](sent["body"], header, SECRET, now=timestamp + 10) is True
    assert namespace["verify"](sent["body"] + b" ", header, SECRET, now=timestamp + 10) is False
    # Older than five minutes: a replay.
    assert namespace["verify"](sent["body"], header, SECRET, now=timestamp + 301) is False


def test_a_callback_whose_message_was_lost_is_sent_by_the_upkeep(analyzer, tmp_path, receiver, monkeypatch):
    app = ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, WEBHOOK_SECRET=SECRET, WEBHOOK_ALLOW_PRIVATE=True)
    runtime = app.extensions[EXTENSION_KEY].runtime
    receiver.statuses = [503]
    job = submit(app, receiver)
    stored = runtime.store.get_job(job["id"])
    # The retry's message is gone with its worker: a worker's upkeep finds the callback due.
    assert runtime.store.callbacks_due(now=stored.callback_next_at - 1) == []
    assert runtime.store.callbacks_due(now=stored.callback_next_at + 61) == [job["id"]]
    monkeypatch.setattr("time.time", lambda: stored.callback_next_at + 61)
    runtime.recover()
    assert runtime.store.get_job(job["id"]).callback_state == "delivered"
    assert len(receiver.requests) == 2
