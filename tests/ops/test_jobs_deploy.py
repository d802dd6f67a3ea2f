"""Deploying jobs: compose runs the API, scalable workers and Redis, sharing one queue and store.

Docker is not needed: the files are read and checked (tests/ops/test_deploy.py lints them).
"""

from pathlib import Path


from service.config import Settings
from service.jobs.embedded import wants_embedded_worker

ROOT = Path(__file__).resolve().parents[2]


def test_compose_has_api_worker_and_redis(compose):
    assert {"api", "worker", "redis"} <= set(compose["services"])


def test_the_worker_runs_the_worker_command_and_can_be_scaled(compose):
    worker = compose["services"]["worker"]
    assert worker["command"][:2] == ["essay-feedback", "worker"]
    # `--scale worker=N` needs replicas without a fixed name or host port.
    assert "container_name" not in worker and "ports" not in worker
    assert worker["deploy"]["resources"]["limits"]["memory"]
    assert worker["depends_on"]["redis"]["condition"] == "service_healthy"


def test_api_and_workers_share_the_queue_and_the_job_store(compose):
    api, worker = compose["services"]["api"]["environment"], compose["services"]["worker"]["environment"]
    for name in ("ESSAY_FEEDBACK_BROKER_URL", "ESSAY_FEEDBACK_DATA_DIR", "ESSAY_FEEDBACK_DATABASE_URL", "ESSAY_FEEDBACK_RETENTION"):
        assert api[name] == worker[name], name
    assert api["ESSAY_FEEDBACK_BROKER_URL"].startswith("redis://redis:")
    data_volume = f"jobs:{api['ESSAY_FEEDBACK_DATA_DIR']}"
    assert data_volume in compose["services"]["api"]["volumes"]
    assert data_volume in compose["services"]["worker"]["volumes"]
    # With a broker set, the API container runs no worker of its own.
    assert api["ESSAY_FEEDBACK_BROKER_URL"]


def test_every_jobs_variable_compose_sets_is_documented(compose):
    table = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in compose["services"]["worker"]["environment"]:
        assert f"`{name}`" in table, name


def test_the_image_has_a_writable_data_folder_for_the_embedded_queue():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "ESSAY_FEEDBACK_DATA_DIR=/data" in dockerfile
    assert "chown 10001:10001 /data" in dockerfile


def test_serve_runs_a_worker_only_on_the_embedded_queue(monkeypatch):
    monkeypatch.delenv("ESSAY_FEEDBACK_BROKER_URL", raising=False)
    monkeypatch.delenv("ESSAY_FEEDBACK_EMBEDDED_WORKER", raising=False)
    assert wants_embedded_worker(Settings.from_env())
    monkeypatch.setenv("ESSAY_FEEDBACK_EMBEDDED_WORKER", "false")
    assert not wants_embedded_worker(Settings.from_env())
    monkeypatch.delenv("ESSAY_FEEDBACK_EMBEDDED_WORKER")
    monkeypatch.setenv("ESSAY_FEEDBACK_BROKER_URL", "redis://queue:6379/0")
    assert not wants_embedded_worker(Settings.from_env())
