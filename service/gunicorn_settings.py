"""gunicorn settings, read from the environment (see service/config.py and docs/configuration.md).

`essay-feedback serve` passes this module to gunicorn; the repository's gunicorn.conf.py
re-exports it so that a plain `gunicorn 'service:create_app()'` picks it up too.
"""

import glob
import os
import shutil
import tempfile

from service.config import Settings
from service.jobs.embedded import start_embedded_worker, stop_embedded_worker
from service.memory_release import release_free_memory

_settings = Settings.from_env()

bind = _settings.bind
workers = _settings.workers
timeout = _settings.timeout
graceful_timeout = _settings.graceful_timeout
keepalive = 5
# Load the spaCy pipeline once in the master; forked workers share its memory.
preload_app = True
# Recycle workers now and then so that slow growth (allocator fragmentation) cannot
# accumulate; the jitter keeps them from all restarting at once.
max_requests = _settings.max_requests
max_requests_jitter = _settings.max_requests_jitter
# Heartbeat files on tmpfs: a container's overlay disk can stall and get workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The service writes one JSON line per request (request id, route, status, latency, essay
# length) to stdout: that is the access log, so gunicorn's own would only repeat it.
accesslog = None
errorlog = "-"
loglevel = _settings.log_level
# The access log never carries request bodies; the query string is left out as well.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# gunicorn's messages (worker boots, timeouts) and the service's, all as JSON on stdout.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "service.request_logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "service.request_logging.StdoutHandler", "formatter": "json"}},
    "root": {"level": "WARNING", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
        "service": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
    },
}


_created_metrics_dir = None


def prepare_metrics_dir() -> str:
    """Give prometheus_client a folder for every worker's values, emptied of a previous run's.

    It must be in the environment before the app (and so prometheus_client) is imported,
    which with preload_app happens right after this file is read.
    """
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        base = "/dev/shm" if os.path.isdir("/dev/shm") else None
        directory = tempfile.mkdtemp(prefix="essay-feedback-metrics-", dir=base)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
        global _created_metrics_dir
        _created_metrics_dir = directory
    os.makedirs(directory, exist_ok=True)
    for stale in glob.glob(os.path.join(directory, "*.db")):
        os.remove(stale)
    return directory


metrics_dir = prepare_metrics_dir()


def child_exit(server, worker):
    """A worker is gone: its live gauges must no longer count (counters and histograms stay)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_request(worker, req, environ, resp):
    """The response is sent: give the heap pages its analysis freed back to the system.

    Without this a worker keeps the peak of its largest recent request (glibc holds freed
    memory for reuse); see service/memory_release.py and docs/performance.md (Load).
    """
    release_free_memory()


_job_worker = None


def when_ready(server):
    """On the embedded queue (no ESSAY_FEEDBACK_BROKER_URL), run a Celery worker for the jobs too."""
    global _job_worker
    _job_worker = start_embedded_worker(_settings)


def on_exit(server):
    """Stop the embedded job worker; remove the metrics folder this run made for itself (an
    operator's own folder stays)."""
    stop_embedded_worker(_job_worker, graceful_timeout)
    if _created_metrics_dir:
        shutil.rmtree(_created_metrics_dir, ignore_errors=True)


# gunicorn 27's runtime control socket is not used here, and a non-root container user
# has no writable home for it.
control_socket_disable = True
