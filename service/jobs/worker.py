"""Running a Celery worker of the jobs: `essay-feedback worker`, and the one `serve` starts.

The pipeline and the default reference are loaded in the worker's main process before the
pool forks, so every pool process shares them and none loads them again.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import sys
import threading

from celery import bootsteps, signals

from service.jobs.queue import QUEUE_NAME, JobsConfig, create_celery
from service.jobs.tasks import WorkerRuntime

log = logging.getLogger(__name__)


class JobsUpkeep(bootsteps.StartStopStep):
    """At start, re-queue the chunks of unfinished jobs; then, now and then, the chunks whose
    worker's lease ran out, and purge the jobs past their retention."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_ref = None

    def start(self, worker):
        runtime: WorkerRuntime = worker.app.jobs_runtime
        _safely(lambda: runtime.recover(include_unclaimed=True))
        interval = max(1.0, min(runtime.config.lease_seconds / 2, 60.0))
        self.timer_ref = worker.timer.call_repeatedly(interval, _safely, (runtime.recover,), priority=10)

    def stop(self, worker):
        if self.timer_ref is not None:
            self.timer_ref.cancel()


def _safely(function) -> None:
    try:
        function()
    except Exception:  # noqa: BLE001 - a database hiccup must not stop the worker; next round retries
        log.exception("job upkeep failed")


def json_logging(loglevel: str):
    """Celery's logs as the web service's: one JSON object per line on stdout."""

    def configure(**_kwargs):
        from service.request_logging import JsonFormatter, StdoutHandler

        handler = StdoutHandler()
        handler.setFormatter(JsonFormatter())
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(loglevel.upper())

    return configure


def output_as_json() -> None:
    """Turn what Celery and its pool processes print (the shutdown notice, warnings) into JSON
    log lines, so that the service's output stays one JSON object a line (as gunicorn's does)."""
    from service.request_logging import JsonFormatter

    original = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    read_end, write_end = os.pipe()
    os.dup2(write_end, 1)
    os.dup2(write_end, 2)
    os.close(write_end)
    formatter = JsonFormatter()

    def forward():
        with os.fdopen(read_end, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                text = line.rstrip("\n")
                if not text.strip():
                    continue
                if not text.startswith("{"):
                    record = logging.LogRecord("service.jobs.worker", logging.WARNING, __file__, 0, text.strip(), None, None)
                    text = formatter.format(record)
                original.write(text + "\n")

    forwarder = threading.Thread(target=forward, name="output-as-json", daemon=True)
    forwarder.start()

    def flush():
        sys.stdout.flush()
        os.close(1)
        os.close(2)
        forwarder.join(timeout=2)

    atexit.register(flush)


def run_worker(
    config: JobsConfig, concurrency: int, loglevel: str = "info", hostname: str | None = None, json_output: bool = False
) -> None:
    """Load the pipeline, then run a Celery worker with `concurrency` processes until stopped."""
    runtime = WorkerRuntime(config)
    runtime.analyzer
    runtime.reference(None)
    celery = create_celery(config, runtime)
    celery.steps["worker"].add(JobsUpkeep)
    # Frozen objects are never visited by the collector, so forked pool processes do not
    # copy the loaded pipeline's memory page by page as their collections touch it.
    gc.freeze()
    # Connected, this signal replaces Celery's own logging set-up (kept alive by the reference).
    configure = json_logging(loglevel)
    signals.setup_logging.connect(configure, weak=False)
    logging.captureWarnings(True)
    if json_output:
        output_as_json()
    argv = [
        "--quiet",
        "worker",
        f"--concurrency={concurrency or os.cpu_count() or 1}",
        "--pool=prefork",
        f"--loglevel={loglevel.upper()}",
        f"--queues={QUEUE_NAME}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    if hostname:
        argv.append(f"--hostname={hostname}")
    celery.worker_main(argv)
