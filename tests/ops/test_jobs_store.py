"""The job store keeps each essay's result once, whoever stores it and however often,
on SQLite (the embedded default) and on PostgreSQL (ESSAY_FEEDBACK_DATABASE_URL): the
`store` fixture (tests/conftest.py) gives each test both."""

import threading
import time

import pytest

from service.jobs.store import CANCELLED, FEEDBACK, IdempotencyConflict, NewEssay


def new_job(store, count=4, chunk_size=2, **options):
    essays = [NewEssay(f"s{n}", text=f"Essay number {n}.") for n in range(count)]
    return store.create_job("key:abc", essays, reference=None, callback_url=None, retention_seconds=3600,
                            chunk_size=chunk_size, **options)


def feedback_rows(claim):
    return [(index, essay_id, FEEDBACK, {"essay": essay_id}) for index, essay_id, _, _ in claim.essays]


def test_a_chunk_stored_twice_keeps_one_result_per_essay(store):
    job, created, chunks = new_job(store)
    assert created and chunks == [(0, 2), (2, 4)]
    first = store.claim_chunk(job.id, 0, "worker-1", lease_seconds=60)
    assert [index for index, *_ in first.essays] == [0, 1]

    assert store.store_results(job.id, 0, feedback_rows(first)) is False  # half the job is left
    assert store.store_results(job.id, 0, feedback_rows(first)) is False  # a retried task: nothing added
    second = store.claim_chunk(job.id, 2, "worker-1", lease_seconds=60)
    assert store.store_results(job.id, 2, feedback_rows(second)) is True  # this call ended the job
    assert store.store_results(job.id, 2, feedback_rows(second)) is False  # ended once, not twice

    assert [result["id"] for result in store.all_results(job.id)] == ["s0", "s1", "s2", "s3"]
    ended = store.get_job(job.id)
    assert ended.status == "succeeded" and (ended.done, ended.failed) == (4, 0)


def test_concurrent_workers_storing_the_same_chunk_end_the_job_once(store):
    job, _, _ = new_job(store, count=2, chunk_size=2)
    claim = store.claim_chunk(job.id, 0, "worker-1", lease_seconds=60)
    ended = []

    def store_it():
        ended.append(store.store_results(job.id, 0, feedback_rows(claim)))

    threads = [threading.Thread(target=store_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ended) == [False] * 5 + [True]
    assert [result["index"] for result in store.all_results(job.id)] == [0, 1]


def test_a_leased_chunk_is_not_taken_twice_until_its_lease_runs_out(store):
    job, _, _ = new_job(store)
    now = time.time()
    assert store.claim_chunk(job.id, 0, "worker-1", lease_seconds=30, now=now).attempts == 1
    assert store.claim_chunk(job.id, 0, "worker-2", lease_seconds=30, now=now + 10) is None
    assert store.stalled_chunks(now=now + 10) == []
    assert store.stalled_chunks(now=now + 31) == [(job.id, 0)]
    assert store.stalled_chunks(now=now + 10, include_unclaimed=True) == [(job.id, 2)]
    retaken = store.claim_chunk(job.id, 0, "worker-2", lease_seconds=30, now=now + 31)
    assert retaken.attempts == 2 and len(retaken.essays) == 2


def test_an_idempotency_key_returns_the_job_or_refuses_another_body(store):
    job, created, _ = new_job(store, idempotency_key="k1", request_digest="d1")
    again, created_again, chunks = new_job(store, idempotency_key="k1", request_digest="d1")
    assert created and not created_again and again.id == job.id and chunks == []
    with pytest.raises(IdempotencyConflict):
        new_job(store, idempotency_key="k1", request_digest="other")


def test_cancelling_deletes_essays_and_results_and_stops_the_work(store):
    job, _, _ = new_job(store)
    claim = store.claim_chunk(job.id, 0, "worker-1", lease_seconds=60)
    store.store_results(job.id, 0, feedback_rows(claim))
    assert store.cancel_job(job.id, owner="key:other") is None
    assert store.cancel_job(job.id, owner="key:abc").status == CANCELLED
    assert list(store.all_results(job.id)) == []
    assert store.claim_chunk(job.id, 2, "worker-1", lease_seconds=60) is None
    assert store.stalled_chunks(now=time.time() + 10**6, include_unclaimed=True) == []


def test_expired_jobs_are_purged(store):
    job, _, _ = new_job(store)
    assert store.purge_expired(now=time.time() + 3599) == 0
    assert store.purge_expired(now=time.time() + 3601) == 1
    assert store.get_job(job.id) is None


def test_workers_storing_the_last_chunks_at_once_still_end_the_job(store):
    # Each stores the last results of its own chunk: one of them must see the job complete.
    for _ in range(5):
        job, _, chunks = new_job(store, count=8, chunk_size=1)
        claims = [store.claim_chunk(job.id, first, f"worker-{first}", lease_seconds=60) for first, _ in chunks]
        ended = []
        threads = [threading.Thread(target=lambda c=claim: ended.append(store.store_results(job.id, c.first, feedback_rows(c))))
                   for claim in claims]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert ended.count(True) == 1
        assert store.get_job(job.id).status == "succeeded"
