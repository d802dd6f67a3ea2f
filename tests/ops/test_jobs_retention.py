"""Essays and results are kept for ESSAY_FEEDBACK_RETENTION, then deleted; no essay text is logged."""

import logging
import time

import pytest

from service.config import Settings, parse_duration
from service.jobs.extension import EXTENSION_KEY
from service_apps import ESSAY, ready_app


@pytest.fixture
def jobs_app(analyzer, tmp_path):
    return ready_app(analyzer, DATA_DIR=str(tmp_path), JOBS_EAGER=True, RETENTION=3600.0)


def test_a_job_past_its_retention_is_gone_and_purged_with_its_results(jobs_app):
    client = jobs_app.test_client()
    job = client.post("/v1/jobs", json={"essays": [{"text": ESSAY}]}).json
    store = jobs_app.extensions[EXTENSION_KEY].store
    assert client.get(job["links"]["results"]).json["results"]

    later = time.time() + 3601
    assert store.get_job(job["id"], now=later) is None  # answers 404 from then on
    assert store.purge_expired(now=time.time()) == 0  # within its retention: kept
    assert store.purge_expired(now=later) == 1
    assert client.get(job["links"]["self"]).status_code == 404
    with store.engine.connect() as connection:
        for table in ("ef_jobs", "ef_job_essays", "ef_job_results", "ef_job_chunks"):
            assert connection.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar() == 0, table


def test_an_essays_text_is_deleted_once_its_result_is_stored(analyzer, tmp_path):
    # Without a worker the text waits in the store; the eager app analyses it at once.
    waiting = ready_app(analyzer, DATA_DIR=str(tmp_path / "a"))
    waiting.test_client().post("/v1/jobs", json={"essays": [{"text": ESSAY}]})
    done = ready_app(analyzer, DATA_DIR=str(tmp_path / "b"), JOBS_EAGER=True)
    done.test_client().post("/v1/jobs", json={"essays": [{"text": ESSAY}]})

    def stored_texts(app):
        with app.extensions[EXTENSION_KEY].store.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT COUNT(*) FROM ef_job_essays").scalar()

    assert stored_texts(waiting) == 1
    assert stored_texts(done) == 0


def test_no_essay_text_is_logged_while_a_job_runs(jobs_app, caplog):
    secret_sentence = "Zinoviev's orange bicycle proves the thesis beyond doubt."
    with caplog.at_level(logging.DEBUG):
        response = jobs_app.test_client().post(
            "/v1/jobs", json={"essays": [{"id": "x", "text": f"{ESSAY} {secret_sentence}"}, {"text": ""}]}
        )
    assert response.status_code == 202
    assert any("job" in record.getMessage() for record in caplog.records)
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "orange bicycle" not in logged and "Stalinism" not in logged


@pytest.mark.parametrize("raw, seconds", [("7d", 604800), ("12h", 43200), ("30m", 1800), ("90s", 90), ("3600", 3600)])
def test_retention_is_written_as_a_duration(raw, seconds):
    assert parse_duration(raw) == seconds


def test_retention_defaults_to_seven_days_and_refuses_nonsense(monkeypatch):
    monkeypatch.delenv("ESSAY_FEEDBACK_RETENTION", raising=False)
    assert Settings.from_env().retention == 7 * 86400
    monkeypatch.setenv("ESSAY_FEEDBACK_RETENTION", "a week")
    with pytest.raises(ValueError, match="ESSAY_FEEDBACK_RETENTION"):
        Settings.from_env()
    monkeypatch.setenv("ESSAY_FEEDBACK_RETENTION", "0")
    with pytest.raises(ValueError):
        Settings.from_env()
