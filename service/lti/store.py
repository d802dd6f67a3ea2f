"""The LTI tool's tables, in the jobs database (SQLite by default, PostgreSQL by URL).

`ef_lti_values` holds what pylti1p3 keeps between the login and the launch and after it:
state, nonces, launch data, the platforms' key sets, each with its expiry. A nonce is taken
out by one DELETE, so that of two launches carrying it only one can succeed.

`ef_lti_submissions` holds each essay a student submitted from an LMS: who (the platform's
user id and name), where (issuer, deployment, course, resource link), the job analysing it,
the feedback document once analysed, and the state of the grade sent back to the LMS.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Column, Float, Index, MetaData, String, Table, Text, delete, insert, select, update
from sqlalchemy.engine import Engine


# Grade passback: the job still running, a send due, sent, given up (retry from the teacher's
# view), or nothing to send (no gradebook column, or the essay could not be analysed).
WAITING, PENDING, DELIVERED, FAILED, NOT_SENT = "waiting", "pending", "delivered", "failed", "not_sent"

metadata = MetaData()

values = Table(
    "ef_lti_values",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("value", Text, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
)

submissions = Table(
    "ef_lti_submissions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("job_id", String(40), nullable=False, unique=True),
    Column("issuer", String(255), nullable=False),
    Column("client_id", String(255), nullable=False),
    Column("deployment_id", String(255), nullable=False),
    Column("context_id", String(255), nullable=False),
    Column("resource_link_id", String(255), nullable=False),
    Column("user_id", String(255), nullable=False),
    Column("user_name", String(500), nullable=False),
    Column("reference", String(200)),
    # The launch's Assignment and Grade Services claim: the line item and the scopes granted.
    Column("ags", Text),
    Column("text", Text, nullable=False),
    Column("document", Text),
    Column("score_given", Float),
    Column("score_maximum", Float),
    Column("passback_state", String(16), nullable=False),
    Column("passback_attempts", Text, nullable=False),
    Column("passback_next_at", Float),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Index("ef_lti_submissions_link", "issuer", "deployment_id", "context_id", "resource_link_id"),
)


@dataclass(frozen=True)
class Submission:
    id: str
    job_id: str
    issuer: str
    client_id: str
    deployment_id: str
    context_id: str
    resource_link_id: str
    user_id: str
    user_name: str
    reference: str | None
    ags: dict | None
    text: str
    document: dict | None
    score_given: float | None
    score_maximum: float | None
    passback_state: str
    passback_attempts: list[dict] = field(default_factory=list)
    passback_next_at: float | None = None
    created_at: float = 0.0
    expires_at: float = 0.0

    @property
    def place(self) -> tuple[str, str, str, str]:
        """The resource link it was submitted to, unique across platforms."""
        return self.issuer, self.deployment_id, self.context_id, self.resource_link_id


class LtiStore:
    """All SQL of the LTI tool, on the jobs store's engine."""

    def __init__(self, engine: Engine):
        self.engine = engine
        metadata.create_all(engine)

    # --- pylti1p3's launch data ---------------------------------------------------------------

    def get_value(self, key: str, now: float | None = None):
        now = time.time() if now is None else now
        with self.engine.connect() as connection:
            raw = connection.execute(select(values.c.value).where(values.c.key == key, values.c.expires_at > now)).scalar()
        return None if raw is None else json.loads(raw)

    def set_value(self, key: str, value, lifetime: float) -> None:
        now = time.time()
        with self.engine.begin() as connection:
            connection.execute(delete(values).where(values.c.key == key))
            connection.execute(insert(values).values(key=key, value=json.dumps(value), expires_at=now + lifetime))

    def take_value(self, key: str, now: float | None = None) -> bool:
        """Delete the key; True for the one caller that found it there, unexpired."""
        now = time.time() if now is None else now
        with self.engine.begin() as connection:
            taken = connection.execute(delete(values).where(values.c.key == key, values.c.expires_at > now))
            return taken.rowcount == 1

    # --- submissions --------------------------------------------------------------------------

    def add_submission(self, job_id: str, launch: dict, *, text: str, reference: str | None, retention: float) -> Submission:
        now = time.time()
        submission_id = "sub_" + secrets.token_hex(12)
        row = {
            "id": submission_id,
            "job_id": job_id,
            "text": text,
            "reference": reference,
            "ags": json.dumps(launch["ags"]) if launch.get("ags") else None,
            "passback_state": WAITING,
            "passback_attempts": "[]",
            "created_at": now,
            "expires_at": now + retention,
            **{name: launch[name] for name in ("issuer", "client_id", "deployment_id", "context_id",
                                               "resource_link_id", "user_id", "user_name")},
        }
        with self.engine.begin() as connection:
            connection.execute(insert(submissions).values(**row))
        return self.submission(submission_id)

    def submission(self, submission_id: str) -> Submission | None:
        return self._one(submissions.c.id == submission_id)

    def submission_for_job(self, job_id: str) -> Submission | None:
        return self._one(submissions.c.job_id == job_id)

    def _one(self, condition) -> Submission | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(submissions).where(condition)).mappings().first()
        return None if row is None else _submission(row)

    def submissions_at(self, place: tuple[str, str, str, str], user_id: str | None = None) -> list[Submission]:
        """A resource link's submissions (one student's, with `user_id`), newest first."""
        issuer, deployment_id, context_id, resource_link_id = place
        query = select(submissions).where(
            submissions.c.issuer == issuer,
            submissions.c.deployment_id == deployment_id,
            submissions.c.context_id == context_id,
            submissions.c.resource_link_id == resource_link_id,
        )
        if user_id is not None:
            query = query.where(submissions.c.user_id == user_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(submissions.c.created_at.desc())).mappings().all()
        return [_submission(row) for row in rows]

    def save_report(self, submission_id: str, document: dict | None, score_given: float | None,
                    score_maximum: float | None) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(submissions).where(submissions.c.id == submission_id).values(
                    document=None if document is None else json.dumps(document),
                    score_given=score_given,
                    score_maximum=score_maximum,
                )
            )

    def record_passback(self, submission_id: str, attempt: dict | None, state: str, next_at: float | None) -> None:
        with self.engine.begin() as connection:
            raw = connection.execute(
                select(submissions.c.passback_attempts).where(submissions.c.id == submission_id).with_for_update()
            ).scalar()
            if raw is None:
                return
            attempts = json.loads(raw) + ([attempt] if attempt else [])
            connection.execute(
                update(submissions).where(submissions.c.id == submission_id).values(
                    passback_attempts=json.dumps(attempts), passback_state=state, passback_next_at=next_at
                )
            )

    def passbacks_due(self, now: float | None = None) -> list[str]:
        """Jobs of submissions whose grade is to be (re)sent and whose next attempt is due."""
        now = time.time() if now is None else now
        with self.engine.connect() as connection:
            return list(
                connection.execute(
                    select(submissions.c.job_id).where(
                        submissions.c.passback_state == PENDING, submissions.c.passback_next_at <= now
                    )
                ).scalars()
            )

    # --- retention ----------------------------------------------------------------------------

    def purge_expired(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self.engine.begin() as connection:
            connection.execute(delete(values).where(values.c.expires_at <= now))
            connection.execute(delete(submissions).where(submissions.c.expires_at <= now))


def _submission(row) -> Submission:
    data = dict(row)
    data["ags"] = json.loads(data["ags"]) if data["ags"] else None
    data["document"] = json.loads(data["document"]) if data["document"] else None
    data["passback_attempts"] = json.loads(data["passback_attempts"] or "[]")
    return Submission(**data)


@lru_cache(maxsize=8)
def lti_store(engine: Engine) -> LtiStore:
    """The store on `engine`, its tables created once per process and engine."""
    return LtiStore(engine)
