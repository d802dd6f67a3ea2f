"""The Celery app of the jobs, and what its tasks need in each worker process.

The embedded default needs no server: the broker is kombu's SQLAlchemy transport on a
SQLite file and jobs, essays and results live in another, both under
ESSAY_FEEDBACK_DATA_DIR. ESSAY_FEEDBACK_BROKER_URL (e.g. `redis://...`) and
ESSAY_FEEDBACK_DATABASE_URL (e.g. `postgresql+psycopg://...`) move them out, so that any
number of machines can run `essay-feedback worker`.

Nothing is lost: tasks are acknowledged after they ran (`task_acks_late`) and given back
when their worker process dies (`task_reject_on_worker_lost`). A broker may still lose the
messages a killed worker had fetched (kombu's SQL transport never hands them back), so
the job store keeps its own account: a worker leases a chunk of essays while it analyses
them, and workers re-queue chunks whose lease ran out, and at start-up every chunk still
waiting. A chunk analysed twice still stores each essay's result once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from celery import Celery
from kombu.transport.sqlalchemy import Transport as SqlTransport

from service.config import Settings, default_data_dir
from service.jobs.store import default_database_url

QUEUE_NAME = "essay-feedback"


@dataclass(frozen=True)
class JobsConfig:
    """The settings the jobs read, from Flask's config or `Settings.flask_config()`."""

    database_url: str
    broker_url: str
    chunk_essays: int
    lease_seconds: float
    retention: float
    webhook_secret: str
    webhook_allow_private: bool
    webhook_retry_for: float
    references_dir: str
    default_reference: str
    max_text_chars: int
    # What the analyzer is built from (EssayAnalyzer.from_settings).
    settings: Settings

    @classmethod
    def from_mapping(cls, config: Mapping) -> "JobsConfig":
        """From Flask-style keys; a key left out takes the default of `Settings`, defined there once."""
        settings = Settings.from_mapping(config)
        config = settings.flask_config()
        data_dir = str(config["DATA_DIR"] or "") or default_data_dir()
        return cls(
            database_url=config["DATABASE_URL"] or default_database_url(data_dir),
            broker_url=config["BROKER_URL"] or embedded_broker_url(data_dir),
            chunk_essays=max(1, int(config["JOB_CHUNK_ESSAYS"])),
            lease_seconds=float(config["JOB_LEASE"]),
            retention=float(config["RETENTION"]),
            webhook_secret=str(config["WEBHOOK_SECRET"] or ""),
            webhook_allow_private=bool(config["WEBHOOK_ALLOW_PRIVATE"]),
            webhook_retry_for=float(config["WEBHOOK_RETRY_FOR"]),
            references_dir=config["REFERENCES_DIR"],
            default_reference=config["DEFAULT_REFERENCE"],
            max_text_chars=int(config["MAX_TEXT_CHARS"]),
            settings=settings,
        )

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url.startswith("sqla+sqlite")


def embedded_broker_url(data_dir: str) -> str:
    path = Path(data_dir).resolve() / "broker.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqla+sqlite:///{path}"


class EmbeddedTransport(SqlTransport):
    """kombu's SQL transport, polled every 0.1 s instead of every second: a pool process that
    has acknowledged its chunk takes the next one at once, not up to a second later."""

    polling_interval = 0.1


def create_celery(config: JobsConfig, runtime=None) -> Celery:
    """A Celery app for `config` with the jobs' tasks; `runtime` does their work (a
    WorkerRuntime; one is made on first use otherwise)."""
    from service.jobs.tasks import WorkerRuntime, register_tasks

    broker_url = config.broker_url
    if config.embedded_broker:
        # The plain SQLAlchemy URL, so that kombu takes the transport named below.
        broker_url = broker_url.removeprefix("sqla+")
    celery = Celery("essay_feedback", broker=broker_url, set_as_current=False)
    transport_options: dict = {}
    if config.embedded_broker:
        celery.conf.broker_transport = EmbeddedTransport
        # Web and worker processes share the file: wait for its lock rather than fail.
        transport_options = {"connect_args": {"timeout": 60}}
    elif config.broker_url.startswith(("redis", "rediss")):
        # Longer than the longest callback delay, so that a waiting retry is not delivered twice.
        transport_options = {"visibility_timeout": 7200}
    celery.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_default_queue=QUEUE_NAME,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_send_sent_event=False,
    )
    celery.jobs_config = config
    celery.jobs_runtime = runtime or WorkerRuntime(config)
    celery.jobs_runtime.celery = celery
    register_tasks(celery)
    return celery


def worker_name() -> str:
    return f"{os.uname().nodename}:{os.getpid()}"
