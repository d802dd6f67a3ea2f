"""Running a Celery worker of the jobs: `essay-feedback worker`, and the one `serve` starts.

The pipeline and the default reference are loaded in the worker's main process before the
pool forks, so every pool process shares them and none loads them again.
"""

from __future__ import annotations

import gc
import logging
import os

from celery import bootsteps

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


def run_worker(config: JobsConfig, concurrency: int, loglevel: str = "info", hostname: str | None = None) -> None:
    """Load the pipeline, then run a Celery worker with `concurrency` processes until stopped."""
    runtime = WorkerRuntime(config)
    runtime.analyzer
    runtime.reference(None)
    celery = create_celery(config, runtime)
    celery.steps["worker"].add(JobsUpkeep)
    # Frozen objects are never visited by the collector, so forked pool processes do not
    # copy the loaded pipeline's memory page by page as their collections touch it.
    gc.freeze()
    argv = [
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
