"""Jobs, their essays and their results, in SQL (SQLite by default, PostgreSQL by URL).

Every write that workers may repeat is idempotent: a result is stored at most once per
(job, index) by its primary key, so an essay analysed twice (a worker killed after the
insert, before the acknowledgement) still has one result. An essay's text is deleted in
the transaction that stores its result; a job's results go with the job, on DELETE or
when its retention ends.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import (
    Column,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine

QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED = "queued", "running", "succeeded", "failed", "cancelled"
STATUSES = (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED)
OPEN_STATUSES = (QUEUED, RUNNING)
FEEDBACK, ERROR = "feedback", "error"
# Chunk states: waiting for a worker, with a worker (until its lease ends), every essay stored.
PENDING, CLAIMED, DONE = "pending", "claimed", "done"

metadata = MetaData()

jobs = Table(
    "ef_jobs",
    metadata,
    Column("id", String(40), primary_key=True),
    # Whose job: the API key's digest (service.api_keys.key_id), "anonymous" without keys.
    Column("owner", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reference", String(200)),
    Column("total", Integer, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("started_at", Float),
    Column("finished_at", Float),
    Column("expires_at", Float, nullable=False, index=True),
    Column("idempotency_key", String(255)),
    Column("request_digest", String(64)),
    Column("callback_url", Text),
    # pending -> delivered | failed (gave up after a day) | refused (4xx, or a private address)
    Column("callback_state", String(16)),
    Column("callback_attempts", Text),
    Column("callback_next_at", Float),
    UniqueConstraint("owner", "idempotency_key", name="ef_jobs_idempotency"),
)

essays = Table(
    "ef_job_essays",
    metadata,
    Column("job_id", String(40), primary_key=True),
    Column("index", Integer, primary_key=True, autoincrement=False),
    Column("essay_id", String(500), nullable=False),
    Column("text", Text, nullable=False),
    Column("source", Text),
)

results = Table(
    "ef_job_results",
    metadata,
    Column("job_id", String(40), primary_key=True),
    Column("index", Integer, primary_key=True, autoincrement=False),
    Column("essay_id", String(500), nullable=False),
    Column("outcome", String(8), nullable=False),
    Column("body", Text, nullable=False),
)

chunks = Table(
    "ef_job_chunks",
    metadata,
    Column("job_id", String(40), primary_key=True),
    Column("first", Integer, primary_key=True, autoincrement=False),
    Column("last", Integer, nullable=False),
    Column("state", String(8), nullable=False),
    Column("owner", String(200)),
    Column("leased_until", Float),
    Column("attempts", Integer, nullable=False, default=0),
)


# Answers of the synchronous POSTs sent with an Idempotency-Key, replayed to a retry.
responses = Table(
    "ef_idempotent_responses",
    metadata,
    Column("owner", String(64), primary_key=True),
    Column("idempotency_key", String(255), primary_key=True),
    Column("request_digest", String(64), nullable=False),
    Column("status", Integer, nullable=False),
    Column("content_type", String(200), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
)


@dataclass(frozen=True)
class SavedResponse:
    request_digest: str
    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class NewEssay:
    """One essay of a new job: its text to analyse, or the problem that keeps it from analysis."""

    essay_id: str
    text: str | None = None
    source: dict | None = None
    error: dict | None = None


@dataclass(frozen=True)
class Job:
    id: str
    owner: str
    status: str
    reference: str | None
    total: int
    created_at: float
    started_at: float | None
    finished_at: float | None
    expires_at: float
    idempotency_key: str | None
    request_digest: str | None
    callback_url: str | None
    callback_state: str | None
    callback_attempts: list[dict]
    callback_next_at: float | None
    done: int = 0
    failed: int = 0

    @property
    def ended(self) -> bool:
        return self.status not in OPEN_STATUSES


@dataclass(frozen=True)
class Claim:
    """A chunk a worker holds: the essays of it still without a result."""

    job: Job
    first: int
    last: int
    attempts: int
    essays: list[tuple[int, str, str, dict | None]] = field(default_factory=list)


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with another request body."""

    def __init__(self, job: Job):
        super().__init__(job.id)
        self.job = job


def default_database_url(data_dir: str) -> str:
    return f"sqlite:///{Path(data_dir).resolve() / 'jobs.sqlite3'}"


def _sqlite_engine(url: str) -> Engine:
    database = url.split(":///", 1)[1] if ":///" in url else ""
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        # Autocommit at the driver: SQLAlchemy's "begin" below opens every transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Web workers read while Celery workers write: WAL lets readers go on.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # Take the write lock at the start, so that two processes never deadlock upgrading
        # a read lock (SQLite answers that with "database is locked" at once, no waiting).
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _insert_ignoring_duplicates(engine: Engine, table: Table, rows: list[dict]):
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif engine.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - other databases are not supported
        raise RuntimeError(f"unsupported database {engine.dialect.name}")
    return dialect_insert(table).values(rows).on_conflict_do_nothing()


def new_job_id() -> str:
    return "job_" + secrets.token_hex(12)


class JobStore:
    """All SQL of the jobs: one per process, safe to share between threads."""

    def __init__(self, url: str):
        self.url = url
        self.engine = _sqlite_engine(url) if url.startswith("sqlite") else create_engine(url, pool_pre_ping=True)
        metadata.create_all(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    # --- jobs -----------------------------------------------------------------------------

    def create_job(
        self,
        owner: str,
        essays_in: list[NewEssay],
        *,
        reference: str | None,
        callback_url: str | None,
        retention_seconds: float,
        chunk_size: int,
        idempotency_key: str | None = None,
        request_digest: str | None = None,
        now: float | None = None,
    ) -> tuple[Job, bool, list[tuple[int, int]]]:
        """Store a job; returns it, whether it is new, and its chunks that need a worker.

        With an idempotency key already used by `owner`, the stored job is returned (not new)
        when the digest matches, and IdempotencyConflict is raised when it does not.
        """
        now = time.time() if now is None else now
        with self.engine.begin() as connection:
            if idempotency_key is not None:
                existing = connection.execute(
                    select(jobs.c.id).where(jobs.c.owner == owner, jobs.c.idempotency_key == idempotency_key)
                ).scalar()
                if existing is not None:
                    job = self._job(connection, existing)
                    if job.request_digest != request_digest:
                        raise IdempotencyConflict(job)
                    return job, False, []
            job_id = new_job_id()
            connection.execute(
                insert(jobs).values(
                    id=job_id,
                    owner=owner,
                    status=QUEUED,
                    reference=reference,
                    total=len(essays_in),
                    created_at=now,
                    expires_at=now + retention_seconds,
                    idempotency_key=idempotency_key,
                    request_digest=request_digest,
                    callback_url=callback_url,
                    callback_state="pending" if callback_url else None,
                    callback_attempts="[]",
                )
            )
            texts = [
                {"job_id": job_id, "index": index, "essay_id": essay.essay_id, "text": essay.text,
                 "source": json.dumps(essay.source) if essay.source else None}
                for index, essay in enumerate(essays_in)
                if essay.error is None
            ]
            for start in range(0, len(texts), 500):
                connection.execute(insert(essays), texts[start : start + 500])
            refused = [
                {"job_id": job_id, "index": index, "essay_id": essay.essay_id, "outcome": ERROR, "body": json.dumps(essay.error)}
                for index, essay in enumerate(essays_in)
                if essay.error is not None
            ]
            for start in range(0, len(refused), 500):
                connection.execute(insert(results), refused[start : start + 500])
            work = self._chunk_ranges([row["index"] for row in texts], chunk_size)
            if work:
                connection.execute(
                    insert(chunks),
                    [{"job_id": job_id, "first": first, "last": last, "state": PENDING, "attempts": 0} for first, last in work],
                )
            else:
                # Every essay was refused at the door: the job has ended already.
                connection.execute(update(jobs).where(jobs.c.id == job_id).values(status=SUCCEEDED, finished_at=now))
            return self._job(connection, job_id), True, work

    @staticmethod
    def _chunk_ranges(indexes: list[int], size: int) -> list[tuple[int, int]]:
        """[first, last) ranges of at most `size` analysable essays each."""
        ranges = []
        for start in range(0, len(indexes), size):
            part = indexes[start : start + size]
            ranges.append((part[0], part[-1] + 1))
        return ranges

    def get_job(self, job_id: str, owner: str | None = None, now: float | None = None) -> Job | None:
        """The job, or None when it does not exist, belongs to another key, or has expired."""
        now = time.time() if now is None else now
        with self.engine.connect() as connection:
            job = self._job(connection, job_id)
        if job is None or (owner is not None and job.owner != owner) or job.expires_at <= now:
            return None
        return job

    def _job(self, connection, job_id: str) -> Job | None:
        row = connection.execute(select(jobs).where(jobs.c.id == job_id)).mappings().first()
        if row is None:
            return None
        counts = dict(
            connection.execute(
                select(results.c.outcome, func.count()).where(results.c.job_id == job_id).group_by(results.c.outcome)
            ).all()
        )
        values = dict(row)
        values["callback_attempts"] = json.loads(values["callback_attempts"] or "[]")
        return Job(**values, done=counts.get(FEEDBACK, 0), failed=counts.get(ERROR, 0))

    def cancel_job(self, job_id: str, owner: str | None = None) -> Job | None:
        """Cancel the job and delete its essays and results; the job itself stays, `cancelled`."""
        with self.engine.begin() as connection:
            connection.execute(select(jobs.c.id).where(jobs.c.id == job_id).with_for_update())
            job = self._job(connection, job_id)
            if job is None or (owner is not None and job.owner != owner):
                return None
            connection.execute(
                update(jobs).where(jobs.c.id == job_id).values(
                    status=CANCELLED,
                    finished_at=job.finished_at or time.time(),
                    # A job cancelled before it ended is not announced.
                    callback_state=None if job.callback_state == "pending" else job.callback_state,
                )
            )
            for table in (essays, results, chunks):
                connection.execute(delete(table).where(table.c.job_id == job_id))
            return self._job(connection, job_id)

    # --- results --------------------------------------------------------------------------

    def results_page(self, job_id: str, after: int, limit: int) -> list[dict]:
        """Up to `limit` results after index `after`, in index order, stopping at the first
        essay still without a result (so that a cursor never skips one)."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(results.c.index, results.c.essay_id, results.c.outcome, results.c.body)
                .where(results.c.job_id == job_id, results.c.index > after)
                .order_by(results.c.index)
                .limit(limit)
            ).all()
        page = []
        expected = after + 1
        for index, essay_id, outcome, body in rows:
            if index != expected:
                break
            page.append({"index": index, "id": essay_id, outcome: json.loads(body)})
            expected += 1
        return page

    def all_results(self, job_id: str, page_size: int = 200) -> Iterator[dict]:
        after = -1
        while page := self.results_page(job_id, after, page_size):
            yield from page
            after = page[-1]["index"]

    # --- work for the workers ---------------------------------------------------------------

    def claim_chunk(self, job_id: str, first: int, owner: str, lease_seconds: float, now: float | None = None) -> Claim | None:
        """Take a chunk for `owner` until the lease ends; None when there is nothing to do
        (the job ended or is gone, the chunk is done, or another worker holds it)."""
        now = time.time() if now is None else now
        with self.engine.begin() as connection:
            connection.execute(select(jobs.c.id).where(jobs.c.id == job_id).with_for_update())
            job = self._job(connection, job_id)
            if job is None or job.ended:
                return None
            chunk = connection.execute(
                select(chunks).where(chunks.c.job_id == job_id, chunks.c.first == first)
            ).mappings().first()
            if chunk is None or chunk["state"] == DONE:
                return None
            if chunk["state"] == CLAIMED and (chunk["leased_until"] or 0) > now:
                return None
            attempts = chunk["attempts"] + 1
            connection.execute(
                update(chunks)
                .where(chunks.c.job_id == job_id, chunks.c.first == first)
                .values(state=CLAIMED, owner=owner, leased_until=now + lease_seconds, attempts=attempts)
            )
            if job.status == QUEUED:
                connection.execute(update(jobs).where(jobs.c.id == job_id).values(status=RUNNING, started_at=now))
            pending = connection.execute(
                select(essays.c.index, essays.c.essay_id, essays.c.text, essays.c.source)
                .where(essays.c.job_id == job_id, essays.c.index >= first, essays.c.index < chunk["last"])
                .order_by(essays.c.index)
            ).all()
        return Claim(
            job=job,
            first=first,
            last=chunk["last"],
            attempts=attempts,
            essays=[(index, essay_id, text, json.loads(source) if source else None) for index, essay_id, text, source in pending],
        )

    def store_results(self, job_id: str, first: int, rows: Iterable[tuple[int, str, str, dict]], *, chunk_done: bool = True) -> bool:
        """Store results (index, essay id, outcome, body) once each, delete their essays' text,
        and end the job when every essay has a result. True for the call that ended the job."""
        rows = list(rows)
        now = time.time()
        with self.engine.begin() as connection:
            # The job's row lock orders the workers storing results of one job (PostgreSQL;
            # SQLite's BEGIN IMMEDIATE orders every writer), so that exactly one of them sees
            # the last result arrive and ends the job.
            status = connection.execute(select(jobs.c.status).where(jobs.c.id == job_id).with_for_update()).scalar()
            if status not in OPEN_STATUSES:
                # Cancelled (or gone) meanwhile: keep nothing of it.
                return False
            if rows:
                connection.execute(
                    _insert_ignoring_duplicates(
                        self.engine,
                        results,
                        [{"job_id": job_id, "index": i, "essay_id": e, "outcome": o, "body": json.dumps(b)} for i, e, o, b in rows],
                    )
                )
                connection.execute(delete(essays).where(essays.c.job_id == job_id, essays.c.index.in_([row[0] for row in rows])))
            if chunk_done:
                connection.execute(
                    update(chunks).where(chunks.c.job_id == job_id, chunks.c.first == first).values(state=DONE, leased_until=None)
                )
            total = connection.execute(select(jobs.c.total).where(jobs.c.id == job_id)).scalar()
            stored = connection.execute(select(func.count()).select_from(results).where(results.c.job_id == job_id)).scalar()
            if stored < total:
                return False
            ended = connection.execute(
                update(jobs).where(jobs.c.id == job_id, jobs.c.status.in_(OPEN_STATUSES)).values(status=SUCCEEDED, finished_at=now)
            )
            return ended.rowcount == 1

    def fail_job(self, job_id: str, problem: dict) -> bool:
        """End an open job as `failed`: the essays without a result get `problem`. True if it was open."""
        with self.engine.begin() as connection:
            connection.execute(select(jobs.c.id).where(jobs.c.id == job_id).with_for_update())
            pending = connection.execute(
                select(essays.c.index, essays.c.essay_id).where(essays.c.job_id == job_id)
            ).all()
            ended = connection.execute(
                update(jobs).where(jobs.c.id == job_id, jobs.c.status.in_(OPEN_STATUSES)).values(status=FAILED, finished_at=time.time())
            )
            if ended.rowcount != 1:
                return False
            if pending:
                connection.execute(
                    _insert_ignoring_duplicates(
                        self.engine,
                        results,
                        [{"job_id": job_id, "index": i, "essay_id": e, "outcome": ERROR, "body": json.dumps(problem)} for i, e in pending],
                    )
                )
            for table in (essays, chunks):
                connection.execute(delete(table).where(table.c.job_id == job_id))
            return True

    def stalled_chunks(self, now: float | None = None, *, include_unclaimed: bool = False) -> list[tuple[str, int]]:
        """Chunks of open jobs whose worker's lease has ended (it stopped or was killed);
        with `include_unclaimed`, also those no worker has taken (a broker may have lost their
        message with the worker that had fetched it)."""
        now = time.time() if now is None else now
        stalled = and_(chunks.c.state == CLAIMED, chunks.c.leased_until < now)
        condition = or_(stalled, chunks.c.state == PENDING) if include_unclaimed else stalled
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(chunks.c.job_id, chunks.c.first)
                .join(jobs, jobs.c.id == chunks.c.job_id)
                .where(condition, jobs.c.status.in_(OPEN_STATUSES))
                .order_by(jobs.c.created_at, chunks.c.first)
            ).all()
        return [(job_id, first) for job_id, first in rows]

    # --- callbacks ----------------------------------------------------------------------------

    def record_callback_attempt(self, job_id: str, attempt: dict, state: str, next_at: float | None) -> None:
        with self.engine.begin() as connection:
            raw = connection.execute(select(jobs.c.callback_attempts).where(jobs.c.id == job_id).with_for_update()).scalar()
            if raw is None:
                return
            attempts = [*json.loads(raw), attempt]
            connection.execute(
                update(jobs).where(jobs.c.id == job_id).values(
                    callback_attempts=json.dumps(attempts), callback_state=state, callback_next_at=next_at
                )
            )

    def callbacks_due(self, now: float | None = None) -> list[str]:
        """Ended jobs whose callback is still to be (re)sent and whose next attempt is due."""
        now = time.time() if now is None else now
        with self.engine.connect() as connection:
            return list(
                connection.execute(
                    select(jobs.c.id).where(
                        jobs.c.callback_state == "pending",
                        jobs.c.status.in_((SUCCEEDED, FAILED)),
                        # Never tried: due once the job has ended before `now`; else when the retry is due.
                        or_(and_(jobs.c.callback_next_at.is_(None), jobs.c.finished_at <= now), jobs.c.callback_next_at <= now),
                    )
                ).scalars()
            )

    # --- answers of synchronous requests, by Idempotency-Key --------------------------------------

    def saved_response(self, owner: str, key: str, now: float | None = None) -> SavedResponse | None:
        now = time.time() if now is None else now
        with self.engine.connect() as connection:
            row = connection.execute(
                select(responses.c.request_digest, responses.c.status, responses.c.content_type, responses.c.body,
                       responses.c.expires_at)
                .where(responses.c.owner == owner, responses.c.idempotency_key == key)
            ).first()
        if row is None or row.expires_at <= now:
            return None
        return SavedResponse(row.request_digest, row.status, row.content_type, bytes(row.body))

    def save_response(self, owner: str, key: str, saved: SavedResponse, retention_seconds: float) -> None:
        """Keep the first answer to a key; a concurrent duplicate's is dropped."""
        row = {"owner": owner, "idempotency_key": key, "request_digest": saved.request_digest, "status": saved.status,
               "content_type": saved.content_type, "body": saved.body, "expires_at": time.time() + retention_seconds}
        with self.engine.begin() as connection:
            connection.execute(delete(responses).where(
                responses.c.owner == owner, responses.c.idempotency_key == key, responses.c.expires_at <= time.time()))
            connection.execute(_insert_ignoring_duplicates(self.engine, responses, [row]))

    # --- retention ----------------------------------------------------------------------------

    def purge_expired(self, now: float | None = None) -> int:
        """Delete every job past its retention, with its essays and results; returns how many."""
        now = time.time() if now is None else now
        with self.engine.begin() as connection:
            expired = list(connection.execute(select(jobs.c.id).where(jobs.c.expires_at <= now)).scalars())
            for start in range(0, len(expired), 500):
                ids = expired[start : start + 500]
                for table in (essays, results, chunks):
                    connection.execute(delete(table).where(table.c.job_id.in_(ids)))
                connection.execute(delete(jobs).where(jobs.c.id.in_(ids)))
            connection.execute(delete(responses).where(responses.c.expires_at <= now))
        return len(expired)
