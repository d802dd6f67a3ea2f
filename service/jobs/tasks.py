"""The jobs' Celery tasks, and the per-process state they run with.

A worker process loads the spaCy pipeline once (`WorkerRuntime.analyzer`) and analyses a
chunk of essays per task through `nlp.pipe` (the analyzer's `analyze_many`).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import asdict

from schemas import FeedbackSchema
from service.analysis import EssayAnalyzer
from service.analysis.references import Reference, find_reference
from service.grading.essay_stream import AnalysisFailure, analyze_each
from service.jobs import callbacks
from service.jobs.documents import iso, job_document
from service.jobs.store import ERROR, FEEDBACK, JobStore

log = logging.getLogger(__name__)

PROCESS_CHUNK = "essay_feedback.process_chunk"
DELIVER_CALLBACK = "essay_feedback.deliver_callback"
LTI_PASSBACK = "essay_feedback.lti_passback"
# What the owner of a job submitted from an LMS starts with (service/lti/views.py): its score
# goes back to the LMS when it ends.
LTI_OWNER_PREFIX = "lti:"
# A chunk whose worker died this many times (out of memory on one essay, say) is not tried again.
MAX_CHUNK_ATTEMPTS = 3
ANALYSIS_FAILED_TYPE = "/problems/analysis-failed"


def essay_problem(job_id: str, index: int, status: int, detail: str, problem_type: str | None = None) -> dict:
    titles = {404: "Not Found", 413: "Request Entity Too Large", 422: "Unprocessable Entity", 500: "Internal Server Error"}
    return {
        "type": problem_type or ANALYSIS_FAILED_TYPE,
        "title": titles.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": f"/v1/jobs/{job_id}/results#/{index}",
    }


class WorkerRuntime:
    """What one process needs to run the tasks: the store, the analyzer, the references."""

    def __init__(self, config, analyzer: EssayAnalyzer | None = None, store: JobStore | None = None):
        self.config = config
        self.celery = None
        self._analyzer = analyzer
        self._store = store
        self._store_pid = os.getpid() if store is not None else None
        self._references: dict[str, Reference | None] = {}
        self._lock = threading.Lock()

    # --- per-process resources ----------------------------------------------------------------

    @property
    def store(self) -> JobStore:
        # A connection pool must not cross a fork: a forked pool process opens its own.
        if self._store is None or self._store_pid != os.getpid():
            self._store = JobStore(self.config.database_url)
            self._store_pid = os.getpid()
        return self._store

    @property
    def analyzer(self) -> EssayAnalyzer:
        with self._lock:
            if self._analyzer is None:
                # A job has no client waiting on a connection: each essay takes the time it needs.
                self._analyzer = EssayAnalyzer.from_settings(self.config.settings, timed=False)
            return self._analyzer

    def reference(self, reference_id: str | None) -> Reference | None:
        """The reference essay (analysed once per process); LookupError when it is gone."""
        wanted = reference_id or self.config.default_reference
        if wanted not in self._references:
            self._references[wanted] = find_reference(self.config.references_dir, wanted, self.analyzer) if wanted else None
        reference = self._references[wanted]
        if reference is None and reference_id:
            raise LookupError(reference_id)
        return reference

    def enqueue(self, name: str, *args, countdown: float | None = None) -> None:
        self.celery.tasks[name].apply_async(args, countdown=countdown)

    # --- the work -------------------------------------------------------------------------------

    def process_chunk(self, job_id: str, first: int) -> None:
        """Analyse the essays of one chunk that have no result yet, and store their results."""
        from service.jobs.queue import worker_name

        store = self.store
        claim = store.claim_chunk(job_id, first, worker_name(), self.config.lease_seconds)
        if claim is None:
            return
        if claim.attempts > MAX_CHUNK_ATTEMPTS:
            detail = (f"Not analysed: the worker analysing this essay stopped {MAX_CHUNK_ATTEMPTS} times. "
                      "Check the essay, or send it alone.")
            rows = [(index, essay_id, ERROR, essay_problem(job_id, index, 500, detail)) for index, essay_id, _, _ in claim.essays]
            self._save(job_id, first, rows)
            return
        try:
            reference = self.reference(claim.job.reference)
        except LookupError:
            problem = essay_problem(job_id, 0, 404, f"The reference essay {claim.job.reference!r} no longer exists.")
            problem.pop("instance")
            if store.fail_job(job_id, problem):
                self.announce(job_id)
            return
        analyzer = self.analyzer
        texts = [text for _, _, text, _ in claim.essays]
        rows = []
        schema = FeedbackSchema()
        with analyzer.memory_zone():
            analyses = analyze_each(analyzer, texts, batch_size=max(len(texts), 1), reference=reference)
            for (index, essay_id, _text, source), analysis in zip(claim.essays, analyses):
                if isinstance(analysis, AnalysisFailure):
                    rows.append((index, essay_id, ERROR, essay_problem(job_id, index, analysis.status, analysis.error)))
                    continue
                document = schema.dump({**asdict(analysis), "source": source} if source else analysis)
                rows.append((index, essay_id, FEEDBACK, document))
        log.info("job chunk analysed", extra={"job_id": job_id, "first": first, "essays": len(rows)})
        self._save(job_id, first, rows)

    def _save(self, job_id: str, first: int, rows: list) -> None:
        if self.store.store_results(job_id, first, rows):
            log.info("job ended", extra={"job_id": job_id})
            self.announce(job_id)

    def announce(self, job_id: str) -> None:
        job = self.store.get_job(job_id)
        if job is not None and job.callback_state == "pending":
            self.enqueue(DELIVER_CALLBACK, job_id)
        if self.config.settings.lti_config and job is not None and job.owner.startswith(LTI_OWNER_PREFIX):
            # An essay submitted from an LMS: its score goes back to the LMS (service/lti).
            self.enqueue(LTI_PASSBACK, job_id)

    def lti_passback(self, job_id: str) -> None:
        from service.lti.grades import pass_back

        pass_back(self, job_id)

    def deliver_callback(self, job_id: str, now: float | None = None) -> None:
        """One attempt to POST the ended job to its callback URL; schedules the next on failure."""
        now = time.time() if now is None else now
        store = self.store
        job = store.get_job(job_id)
        if job is None or job.callback_state != "pending" or not job.ended:
            return
        if job.callback_next_at is not None and job.callback_next_at > now + 1:
            return  # not due: a duplicate of the message that will run at the time
        first_at = job.callback_attempts[0]["at_unix"] if job.callback_attempts else now
        attempt: dict = {"at": iso(now), "at_unix": now, "status": None, "error": None}
        refused = callbacks.url_problem(job.callback_url, self.config.webhook_allow_private)
        status = None
        if refused:
            attempt["error"] = refused
        elif not self.config.webhook_secret:
            attempt["error"] = "The service has no ESSAY_FEEDBACK_WEBHOOK_SECRET to sign callbacks with."
        else:
            body = json.dumps(job_document(job), separators=(",", ":")).encode("utf-8")
            try:
                status = callbacks.post_signed(job.callback_url, body, self.config.webhook_secret, int(now))
                attempt["status"] = status
            except (OSError, ValueError) as error:
                attempt["error"] = f"{type(error).__name__}: {error}"
        if status is not None and 200 <= status < 300:
            store.record_callback_attempt(job_id, attempt, "delivered", None)
            return
        retryable = not refused and self.config.webhook_secret and (status is None or status >= 500)
        failed_attempts = len(job.callback_attempts) + 1
        next_at = now + callbacks.retry_delay(failed_attempts)
        if not retryable:
            store.record_callback_attempt(job_id, attempt, "refused", None)
        elif next_at - first_at > self.config.webhook_retry_for:
            store.record_callback_attempt(job_id, attempt, "failed", None)
        else:
            store.record_callback_attempt(job_id, attempt, "pending", next_at)
            self.enqueue(DELIVER_CALLBACK, job_id, countdown=next_at - now)

    def recover(self, *, include_unclaimed: bool = False) -> int:
        """Re-queue work a dead worker left, and purge expired jobs; returns the chunks re-queued."""
        store = self.store
        stalled = store.stalled_chunks(include_unclaimed=include_unclaimed)
        for job_id, first in stalled:
            self.enqueue(PROCESS_CHUNK, job_id, first)
        # A callback whose message was lost with its worker (a minute late: not one merely waiting).
        for job_id in store.callbacks_due(time.time() - 60):
            self.enqueue(DELIVER_CALLBACK, job_id)
        if self.config.settings.lti_config:
            from service.lti.grades import recover_passbacks

            recover_passbacks(self)
        purged = store.purge_expired()
        if stalled or purged:
            log.info("jobs recovered", extra={"chunks_requeued": len(stalled), "jobs_purged": purged})
        return len(stalled)


def register_tasks(celery) -> None:
    runtime = celery.jobs_runtime

    @celery.task(name=PROCESS_CHUNK, shared=False, acks_late=True, reject_on_worker_lost=True)
    def process_chunk(job_id: str, first: int) -> None:
        runtime.process_chunk(job_id, first)

    @celery.task(name=DELIVER_CALLBACK, shared=False, acks_late=True, reject_on_worker_lost=True)
    def deliver_callback(job_id: str) -> None:
        runtime.deliver_callback(job_id)

    @celery.task(name=LTI_PASSBACK, shared=False, acks_late=True, reject_on_worker_lost=True)
    def lti_passback(job_id: str) -> None:
        runtime.lti_passback(job_id)
