"""Real Celery workers: a job survives its worker being killed (SIGKILL) mid-job, on the
embedded SQLite queue and on Redis, and `essay-feedback serve` runs a worker of its own.

No test measures speed: the waits below only bound how long a broken build can hang.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from service_apps import ready_app
from test_rate_limits import free_port, redis_uri  # noqa: F401 - a throwaway redis-server, as a fixture

ROOT = Path(__file__).resolve().parents[2]
PERSUADE = ROOT.parent / "shared" / "datasets" / "persuade_texts" / "sample_300.jsonl"
ESSAY_SAMPLES = sorted((ROOT / "essay_samples").glob("*.txt"))
CLI = [sys.executable, "-m", "service.cli"]


def class_set(count: int) -> list[dict]:
    """Real student essays when the shared datasets are here, else the project's samples, repeated."""
    if PERSUADE.exists():
        texts = [json.loads(line)["text"] for line in PERSUADE.read_text(encoding="utf-8").splitlines()[:count]]
    else:
        texts = [path.read_text(encoding="utf-8") for path in ESSAY_SAMPLES]
    return [{"id": f"student-{n}", "text": texts[n % len(texts)]} for n in range(count)]


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    # A session of its own, so that the kill reaches the worker and its pool processes at once,
    # as when a machine dies.
    return subprocess.Popen(
        [*CLI, "worker", "--concurrency", "1"], cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(condition, what: str, limit: float = 300):
    deadline = time.monotonic() + limit
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.2)


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


@pytest.fixture(params=["sqlite", "redis"])
def queue_env(request, tmp_path):
    """Environment and app settings for one queue: the embedded SQLite default, or Redis."""
    settings = {
        "ESSAY_FEEDBACK_DATA_DIR": str(tmp_path / "data"),
        "ESSAY_FEEDBACK_JOB_CHUNK_ESSAYS": "3",
        # A killed worker's chunk goes back to the queue a few seconds after its death.
        "ESSAY_FEEDBACK_JOB_LEASE": "4s",
    }
    if request.param == "redis":
        settings["ESSAY_FEEDBACK_BROKER_URL"] = request.getfixturevalue("redis_uri")
    return settings


def app_config(settings: dict) -> dict:
    config = {
        # The test polls faster than a client's budget allows.
        "RATE_LIMIT_ENABLED": False,
        "DATA_DIR": settings["ESSAY_FEEDBACK_DATA_DIR"],
        "JOB_CHUNK_ESSAYS": int(settings["ESSAY_FEEDBACK_JOB_CHUNK_ESSAYS"]),
        "JOB_LEASE": 4.0,
    }
    if "ESSAY_FEEDBACK_BROKER_URL" in settings:
        config["BROKER_URL"] = settings["ESSAY_FEEDBACK_BROKER_URL"]
    return config


def test_a_job_survives_its_worker_being_killed_and_every_result_arrives_once(analyzer, queue_env, tmp_path):
    client = ready_app(analyzer, **app_config(queue_env)).test_client()
    env = {**os.environ, **queue_env}
    essays = class_set(45)
    log = tmp_path / "worker.log"

    worker = start_worker(env, log)
    try:
        job = client.post("/v1/jobs", json={"essays": essays}).json
        status = lambda: client.get(job["links"]["self"]).json  # noqa: E731
        # Kill it once some essays are analysed and many are not.
        progress = wait_for(lambda: (s := status())["counts"]["done"] >= 3 and s, "the first results")
        assert progress["status"] == "running"
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        at_kill = status()
        assert at_kill["status"] == "running", "the job ended before the kill: give it more essays"
        assert at_kill["counts"]["done"] < len(essays)
        assert progress["counts"]["done"] <= at_kill["counts"]["done"]

        worker = start_worker(env, log)
        ended = wait_for(lambda: (s := status())["status"] != "running" and s, "the job to end after the restart")
    finally:
        stop(worker)

    assert ended["status"] == "succeeded"
    assert ended["counts"] == {"total": 45, "done": 45, "failed": 0}
    results = []
    url = job["links"]["results"] + "?limit=20"
    while url:
        page = client.get(url).json
        results += page["results"]
        url = page["next"]
    assert [result["index"] for result in results] == list(range(45))
    assert [result["id"] for result in results] == [essay["id"] for essay in essays]
    assert all(result["feedback"]["stats"]["words"] > 0 for result in results)
    # And in the store itself: one row per essay, no essay text left behind.
    database = Path(queue_env["ESSAY_FEEDBACK_DATA_DIR"]) / "jobs.sqlite3"
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT COUNT(*), COUNT(DISTINCT \"index\") FROM ef_job_results WHERE job_id = ?", (job["id"],)).fetchone()
        texts = connection.execute("SELECT COUNT(*) FROM ef_job_essays WHERE job_id = ?", (job["id"],)).fetchone()
    assert rows == (45, 45)
    assert texts == (0,)
    assert "Generic_Name" not in log.read_text(encoding="utf-8") and "Stalin" not in log.read_text(encoding="utf-8")


@pytest.mark.slow
def test_serve_runs_a_job_worker_on_the_embedded_queue(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ESSAY_FEEDBACK_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1",
           "ESSAY_FEEDBACK_RATE_LIMIT_ENABLED": "false",
           "ESSAY_FEEDBACK_DATA_DIR": str(tmp_path / "data"), "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    env.pop("ESSAY_FEEDBACK_BROKER_URL", None)
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen([*CLI, "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def get(path):
        with urllib.request.urlopen(url + path, timeout=30) as response:
            return json.load(response)

    try:
        def ready():
            assert server.poll() is None, "serve exited"
            try:
                return urllib.request.urlopen(url + "/readyz", timeout=2).status == 200
            except OSError:
                return False

        wait_for(ready, "the service to be ready")
        body = json.dumps({"essays": class_set(4)}).encode("utf-8")
        request = urllib.request.Request(url + "/v1/jobs", data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 202
            job = json.load(response)
        ended = wait_for(lambda: (s := get(job["links"]["self"]))["status"] != "queued" and s["status"] != "running" and s,
                         "the embedded worker to run the job")
        assert ended["counts"] == {"total": 4, "done": 4, "failed": 0}
        assert [result["index"] for result in get(job["links"]["results"])["results"]] == [0, 1, 2, 3]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=90)
    log.seek(0)
    lines = [line for line in log.read().splitlines() if line.strip()]
    # One JSON object per line, the worker's too; no essay text.
    assert all(json.loads(line) for line in lines)
    assert any(json.loads(line)["logger"].startswith("celery") for line in lines)
    assert "Generic_Name" not in "\n".join(lines)
