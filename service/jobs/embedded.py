"""The Celery worker `essay-feedback serve` runs beside the web workers on the embedded queue.

With the SQLite defaults a single machine has everything: no broker to install. Once
ESSAY_FEEDBACK_BROKER_URL names a shared broker, workers are run on their own
(`essay-feedback worker`, compose's `worker` service) and serve starts none.
"""

from __future__ import annotations

import logging
import subprocess
import sys

from service.config import Settings, default_data_dir

log = logging.getLogger(__name__)


def wants_embedded_worker(settings: Settings) -> bool:
    return settings.embedded_worker and not settings.broker_url


def start_embedded_worker(settings: Settings) -> subprocess.Popen | None:
    if not wants_embedded_worker(settings):
        return None
    command = [
        sys.executable, "-m", "service.cli", "worker", "--json-output",
        "--concurrency", str(settings.worker_concurrency or 1),
    ]
    process = subprocess.Popen(command)
    log.info("embedded job worker started", extra={"pid": process.pid, "data_dir": settings.data_dir or default_data_dir()})
    return process


def stop_embedded_worker(process: subprocess.Popen | None, timeout: float) -> None:
    """Warm shutdown: the chunk in hand is finished (or, past `timeout`, re-queued later)."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
