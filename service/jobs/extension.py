"""The Flask extension of the jobs: the store and the queue, as the web processes use them.

Nothing is opened at import or in `init_app`: each process (gunicorn forks after loading the
app) opens its own database connections and broker connection on first use. With
`JOBS_EAGER` (tests) tasks run in the request, with the app's own analyzer.
"""

from __future__ import annotations

import logging
import os

from flask import Flask, current_app

from service.jobs.queue import JobsConfig, create_celery
from service.jobs.store import JobStore
from service.jobs.tasks import PROCESS_CHUNK, WorkerRuntime

log = logging.getLogger(__name__)
EXTENSION_KEY = "jobs"


class JobsState:
    def __init__(self, config: JobsConfig, eager: bool = False, analyzer_source=None, reference_source=None):
        self.config = config
        self.eager = eager
        self._analyzer_source = analyzer_source
        self._reference_source = reference_source
        self._celery = None
        self._pid = None

    @property
    def celery(self):
        if self._celery is None or self._pid != os.getpid():
            runtime = _AppRuntime(self.config, self._analyzer_source, self._reference_source)
            self._celery = create_celery(self.config, runtime)
            self._celery.conf.task_always_eager = self.eager
            self._pid = os.getpid()
        return self._celery

    @property
    def runtime(self) -> WorkerRuntime:
        return self.celery.jobs_runtime

    @property
    def store(self) -> JobStore:
        return self.runtime.store

    def start(self, job_id: str, chunks: list[tuple[int, int]]) -> None:
        """Queue a new job's chunks. If the broker is down, the job stays queued: a worker
        re-queues waiting chunks when it starts."""
        try:
            for first, _last in chunks:
                self.runtime.enqueue(PROCESS_CHUNK, job_id, first)
        except Exception:  # noqa: BLE001 - the job is stored; a worker recovers it
            if self.eager:
                raise
            log.exception("job stored but not queued", extra={"job_id": job_id})


class _AppRuntime(WorkerRuntime):
    """In eager mode the tasks run in the web process: use the app's analyzer and references."""

    def __init__(self, config, analyzer_source, reference_source):
        super().__init__(config)
        self._analyzer_source = analyzer_source
        self._reference_source = reference_source

    @property
    def analyzer(self):
        if self._analyzer_source is not None:
            return self._analyzer_source()
        return super().analyzer

    def reference(self, reference_id):
        if self._reference_source is not None:
            return self._reference_source(reference_id)
        return super().reference(reference_id)


def init_app(app: Flask) -> None:
    from service.analyzer_extension import analyzer_state

    eager = bool(app.config.get("JOBS_EAGER"))

    def app_analyzer():
        with app.app_context():
            return analyzer_state().analyzer

    def app_reference(reference_id):
        with app.app_context():
            state = analyzer_state()
            if reference_id is None:
                return state.reference(None)
            found = state.current_references().get(reference_id)
            if found is None:
                raise LookupError(reference_id)
            return found

    app.extensions[EXTENSION_KEY] = JobsState(
        JobsConfig.from_mapping(app.config),
        eager=eager,
        analyzer_source=app_analyzer if eager else None,
        reference_source=app_reference if eager else None,
    )


def jobs_state() -> JobsState:
    return current_app.extensions[EXTENSION_KEY]
