"""The job as its clients see it: on GET, in the 202 of POST, and as a callback's body."""

from __future__ import annotations

from datetime import datetime, timezone

from service.jobs.store import Job


def iso(timestamp: float | None) -> str | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def job_document(job: Job, root: str = "") -> dict:
    """`root` is the path the service is mounted under (SCRIPT_NAME), "" at the top."""
    base = f"{root}/v1/jobs/{job.id}"
    callback = None
    if job.callback_url:
        callback = {
            "url": job.callback_url,
            "state": job.callback_state or "cancelled",
            "attempts": [
                {key: attempt.get(key) for key in ("at", "status", "error")} for attempt in job.callback_attempts
            ],
            "next_attempt_at": iso(job.callback_next_at),
        }
    return {
        "id": job.id,
        "status": job.status,
        "counts": {"total": job.total, "done": job.done, "failed": job.failed},
        "reference": job.reference,
        "created_at": iso(job.created_at),
        "started_at": iso(job.started_at),
        "finished_at": iso(job.finished_at),
        "expires_at": iso(job.expires_at),
        "callback": callback,
        "links": {"self": base, "results": f"{base}/results"},
    }
