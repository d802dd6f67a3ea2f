"""The LTI tool's state in the jobs database, on SQLite and PostgreSQL: single-use nonces,
expiring launch data, submissions by resource link, grades due for a retry."""

import time

from service.lti.store import DELIVERED, PENDING, WAITING, LtiStore

LAUNCH = {"issuer": "https://lms.example", "client_id": "c", "deployment_id": "d", "context_id": "course",
          "resource_link_id": "link-1", "user_id": "student-7", "user_name": "Boris", "ags": {"lineitem": "https://lms.example/li/1"}}


def test_a_nonce_is_taken_once(store):
    lti = LtiStore(store.engine)
    lti.set_value("lti1p3-session-nonce-abc", True, 60)
    assert lti.take_value("lti1p3-session-nonce-abc") is True
    assert lti.take_value("lti1p3-session-nonce-abc") is False
    assert lti.get_value("lti1p3-session-nonce-abc") is None


def test_launch_data_expires(store):
    lti = LtiStore(store.engine)
    lti.set_value("launch", {"sub": "student-7"}, 60)
    assert lti.get_value("launch") == {"sub": "student-7"}
    assert lti.get_value("launch", now=time.time() + 61) is None
    assert lti.take_value("launch", now=time.time() + 61) is False
    lti.set_value("launch", {"sub": "student-8"}, 60)
    assert lti.get_value("launch") == {"sub": "student-8"}


def test_submissions_are_listed_by_link_and_student_and_retried_when_due(store):
    lti = LtiStore(store.engine)
    first = lti.add_submission("job_1", LAUNCH, text="An essay.", reference="r", retention=3600)
    second = lti.add_submission("job_2", {**LAUNCH, "user_id": "student-8"}, text="Another.", reference="r", retention=3600)
    lti.add_submission("job_3", {**LAUNCH, "resource_link_id": "link-2"}, text="Elsewhere.", reference="r", retention=3600)
    place = ("https://lms.example", "d", "course", "link-1")
    assert {s.id for s in lti.submissions_at(place)} == {first.id, second.id}
    assert [s.id for s in lti.submissions_at(place, "student-7")] == [first.id]
    assert first.passback_state == WAITING and first.ags == {"lineitem": "https://lms.example/li/1"}

    now = time.time()
    lti.record_passback(first.id, {"at_unix": now, "status": 503}, PENDING, now + 30)
    lti.record_passback(second.id, {"at_unix": now, "status": 200}, DELIVERED, None)
    assert lti.passbacks_due(now) == []
    assert lti.passbacks_due(now + 31) == ["job_1"]
    assert lti.submission_for_job("job_1").passback_attempts == [{"at_unix": now, "status": 503}]

    lti.purge_expired(now + 3601)
    assert lti.submissions_at(place) == []
