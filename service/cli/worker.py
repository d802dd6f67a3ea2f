"""`essay-feedback worker`: a Celery worker that analyses the essays of asynchronous jobs."""

from __future__ import annotations

import click

from service.config import Settings
from service.jobs.queue import JobsConfig
from service.jobs.worker import run_worker


@click.command()
@click.option(
    "--concurrency",
    "-c",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: $ESSAY_FEEDBACK_WORKER_CONCURRENCY, else one per CPU).",
)
@click.option("--loglevel", default=None, help="Log level (default: $ESSAY_FEEDBACK_LOG_LEVEL).")
@click.option("--hostname", default=None, help="Celery node name (default: celery@<host>).")
@click.option("--json-output", is_flag=True, help="Turn everything printed into JSON log lines too (as `serve` does).")
def worker(concurrency: int | None, loglevel: str | None, hostname: str | None, json_output: bool = False) -> None:
    """Analyse the essays of jobs (POST /v1/jobs) from the queue until stopped.

    Broker and job store come from ESSAY_FEEDBACK_BROKER_URL and ESSAY_FEEDBACK_DATABASE_URL
    (default: SQLite files in ESSAY_FEEDBACK_DATA_DIR). Run as many as you like, on any
    machine that reaches both.
    """
    settings = Settings.from_env()
    config = JobsConfig.from_mapping(settings.flask_config())
    run_worker(config, concurrency or settings.worker_concurrency, loglevel or settings.log_level, hostname, json_output)
