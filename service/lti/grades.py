"""Grade passback: an analysed essay's score and main feedback go to the LMS's gradebook.

When the job of a submission ends, the worker keeps its feedback document with the
submission and posts a Score (LTI Assignment and Grade Services) to the line item of the
launch: the rubric's overall score scaled to the line item's maximum, and a comment with
the main feedback items. pylti1p3 signs the client assertion, fetches the access token and
posts. A failure is retried (30 s, doubling, up to ESSAY_FEEDBACK_WEBHOOK_RETRY_FOR); every
attempt is kept on the submission for the teacher's view, which can send it again.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from functools import lru_cache

import requests
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.service_connector import REQUESTS_USER_AGENT, ServiceConnector

from service.jobs.callbacks import retry_delay
from service.jobs.documents import iso
from service.lti.store import DELIVERED, FAILED, NOT_SENT, PENDING, WAITING, Submission, lti_store

log = logging.getLogger(__name__)

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
TIMEOUT_SECONDS = 10.0
# Feedback items in the comment: the most severe first, at most this many.
COMMENT_ITEMS = 5
SEVERITY_ORDER = ("problem", "warning", "suggestion", "info")


def scaled_score(document: dict, line_item_maximum: float | None) -> tuple[float, float] | None:
    """(scoreGiven, scoreMaximum): the overall rubric score on the line item's scale (the
    rubric's own when the line item's maximum is unknown); None without scores."""
    scores = document.get("scores")
    if not scores or not scores.get("max"):
        return None
    maximum = float(line_item_maximum) if line_item_maximum else float(scores["max"])
    return round(scores["overall"] / scores["max"] * maximum, 2), maximum


def grade_comment(document: dict) -> str:
    """The comment the gradebook shows: the overall score and the main feedback items."""
    lines = []
    scores = document.get("scores")
    if scores:
        lines.append(f"Essay feedback: overall {scores['overall']:g} of {scores['max']}.")
    items = sorted(document.get("feedback") or [], key=lambda item: SEVERITY_ORDER.index(item["severity"])
                   if item["severity"] in SEVERITY_ORDER else len(SEVERITY_ORDER))
    lines.extend(f"- {item['message']}" for item in items[:COMMENT_ITEMS])
    if len(items) > COMMENT_ITEMS:
        lines.append(f"(and {len(items) - COMMENT_ITEMS} more in the full report)")
    return "\n".join(lines)


@lru_cache(maxsize=4)
def _registrations(config_path: str):
    from service.lti.tool import Registrations

    return Registrations(config_path)


def _http() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = REQUESTS_USER_AGENT
    # pylti1p3 sends without a timeout; a platform that hangs must not hold the worker.
    session.request = _with_timeout(session.request)
    return session


def _with_timeout(send):
    def request(method, url, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return send(method, url, **kwargs)

    return request


def grades_service(config_path: str, submission: Submission) -> AssignmentsGradesService:
    registration = _registrations(config_path).find_registration_by_params(submission.issuer, submission.client_id)
    return AssignmentsGradesService(ServiceConnector(registration, _http()), submission.ags)


def pass_back(runtime, job_id: str, now: float | None = None) -> None:
    """One attempt to send the grade of the submission analysed by `job_id` (if it is one)."""
    now = time.time() if now is None else now
    store = lti_store(runtime.store.engine)
    submission = store.submission_for_job(job_id)
    if submission is None or submission.passback_state not in (WAITING, PENDING):
        return
    if submission.passback_next_at is not None and submission.passback_next_at > now + 1:
        return  # not due: a duplicate of the message that will run at the time
    job = runtime.store.get_job(job_id)
    if job is None or not job.ended:
        return
    if submission.document is None:
        result = next(iter(runtime.store.all_results(job_id)), None)
        document = (result or {}).get("feedback")
        if document is None:
            problem = (result or {}).get("error") or {}
            store.record_passback(submission.id, _attempt(now, error=f"Not analysed: {problem.get('detail', 'no result')}"),
                                  NOT_SENT, None)
            return
        store.save_report(submission.id, document, None, None)
        submission = store.submission(submission.id)
    _send(runtime, store, submission, now)


def _send(runtime, store, submission: Submission, now: float) -> None:
    ags_claim = submission.ags or {}
    if SCORE_SCOPE not in (ags_claim.get("scope") or []) or not ags_claim.get("lineitem"):
        store.record_passback(submission.id, _attempt(now, error="The LMS gave this link no gradebook column to post to."),
                              NOT_SENT, None)
        return
    status = None
    try:
        service = grades_service(runtime.config.settings.lti_config, submission)
        maximum = service.get_lineitem().get_score_maximum() if service.can_read_lineitem() else None
        score = scaled_score(submission.document, maximum)
        if score is None:
            store.record_passback(submission.id, _attempt(now, error="The analysis gave no score."), NOT_SENT, None)
            return
        store.save_report(submission.id, submission.document, *score)
        grade = (
            Grade()
            .set_score_given(score[0])
            .set_score_maximum(score[1])
            .set_user_id(submission.user_id)
            .set_timestamp(datetime.fromtimestamp(now, timezone.utc).isoformat(timespec="milliseconds"))
            .set_activity_progress("Completed")
            .set_grading_progress("FullyGraded")
            .set_comment(grade_comment(submission.document))
        )
        service.put_grade(grade)
    except LtiServiceException as error:
        status = error.response.status_code
        attempt = _attempt(now, status=status, error=f"The LMS answered {status} at {error.response.url}.")
    except (LtiException, requests.RequestException, OSError, ValueError) as error:
        attempt = _attempt(now, error=f"{type(error).__name__}: {error}")
    else:
        store.record_passback(submission.id, _attempt(now, status=200), DELIVERED, None)
        log.info("grade sent", extra={"submission_id": submission.id, "job_id": submission.job_id})
        return
    first_at, tried = this_round(submission.passback_attempts, now)
    next_at = now + retry_delay(tried + 1)
    # 4xx but a timeout or rate limit: the platform refused this grade; retrying will not help.
    refused = status is not None and 400 <= status < 500 and status not in (408, 429)
    log.warning("grade not sent", extra={"submission_id": submission.id, "status": status})
    if refused or next_at - first_at > runtime.config.webhook_retry_for:
        store.record_passback(submission.id, attempt, FAILED, None)
    else:
        store.record_passback(submission.id, attempt, PENDING, next_at)
        from service.jobs.tasks import LTI_PASSBACK

        runtime.enqueue(LTI_PASSBACK, submission.job_id, countdown=next_at - now)


def _attempt(now: float, *, status: int | None = None, error: str | None = None) -> dict:
    return {"at": iso(now), "at_unix": now, "status": status, "error": error}


def this_round(attempts: list[dict], now: float) -> tuple[float, int]:
    """When the current round of attempts began, and how many it has made: the round starts at the
    teacher's last "send again" (a `new_round` entry), else at the first attempt, else now."""
    starts = [index for index, attempt in enumerate(attempts) if attempt.get("new_round")]
    if starts:
        return attempts[starts[-1]]["at_unix"], len(attempts) - starts[-1] - 1
    return (attempts[0]["at_unix"] if attempts else now), len(attempts)


def send_again(runtime, submission: Submission, now: float | None = None) -> None:
    """The teacher's retry: a new round of attempts, starting now."""
    from service.jobs.tasks import LTI_PASSBACK

    now = time.time() if now is None else now
    store = lti_store(runtime.store.engine)
    store.record_passback(submission.id, {**_attempt(now, error="Sent again by the teacher."), "new_round": True}, PENDING, None)
    runtime.enqueue(LTI_PASSBACK, submission.job_id)


def recover_passbacks(runtime) -> None:
    """Re-queue grades whose retry message was lost (a minute late), and purge old submissions."""
    from service.jobs.tasks import LTI_PASSBACK

    store = lti_store(runtime.store.engine)
    for job_id in store.passbacks_due(time.time() - 60):
        runtime.enqueue(LTI_PASSBACK, job_id)
    store.purge_expired()
