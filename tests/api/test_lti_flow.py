"""A teacher adds the tool to a course, a student submits an essay, the grade reaches the LMS.

The LMS is lti1p3platform (tests/lti_platform.py), served over HTTP on loopback: the tool
fetches its JWKS, gets an access token from it with a signed client assertion, reads the
line item and posts the score. Jobs run in the request (JOBS_EAGER), on SQLite and on
PostgreSQL (the `store` fixture of tests/conftest.py).
"""

import logging
import re
import time

import requests

from lti_browser import Browser, hidden_launch, lms, lti_app  # noqa: F401 - lms is a fixture
from service.jobs.extension import jobs_state
from service.lti import grades
from service.lti.store import lti_store

REFERENCE = "lenin_stalin_continuity"
ESSAY = (
    "Was Stalinism a logical continuation of Leninism? Stalinism was a logical continuation of Leninism, "
    "because Stalin built on the one-party state Lenin made.\n"
    "In 1921 Lenin banned factions inside the party (Service, p. 45). Stalin later used that ban against "
    "Trotsky and the Left Opposition (Service, p. 60).\n"
    "Some historians argue that the Terror of 1937 had no Leninist precedent (Figes 1996). Yet the Cheka "
    "already used terror in 1918 (Pipes, p. 790).\n"
    "So Stalin continued what Lenin began."
)


def add_assignment(teacher: Browser, points: str = "50") -> dict:
    """Deep linking: the teacher picks the reference essay; the LMS makes the link and its column."""
    picker = teacher.launch("teacher-1", "deep-link")
    assert picker.status_code == 200
    assert f'value="{REFERENCE}"' in picker.get_data(as_text=True)
    answer = teacher.post("/lti/deep-link", data={"launch": hidden_launch(picker), "reference": REFERENCE, "points": points})
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    return_url = re.search(r'<form id="return-to-lms" method="post" action="([^"]+)"', page).group(1)
    assert return_url == teacher.lms.url + "/deep-links"
    assert f"form-action {teacher.lms.url}" in answer.headers["Content-Security-Policy"]
    jwt_value = re.search(r'name="JWT" value="([^"]+)"', page).group(1)
    made = requests.post(return_url, data={"JWT": jwt_value}, timeout=10)
    assert made.status_code == 200, made.text
    (link,) = made.json()
    return link


def submit(student: Browser, link_id: str, text: str = ESSAY, user: str = "student-7"):
    page = student.launch(user, link_id)
    assert page.status_code == 200
    return student.post("/lti/submissions", data={"launch": hidden_launch(page), "text": text})


def test_a_teacher_links_an_essay_assignment_and_a_students_grade_reaches_the_gradebook(analyzer, tmp_path, lms, store, caplog):
    app = lti_app(analyzer, tmp_path, lms, DATABASE_URL=store.url)
    teacher, student = Browser(app, lms), Browser(app, lms)

    link = add_assignment(teacher)
    assert link["custom"] == {"reference": REFERENCE}
    lineitem = lms.platform.lineitems[link["lineitem_id"]]
    assert lineitem["scoreMaximum"] == 50

    form = student.launch("student-7", link["id"])
    assert 'action="/lti/submissions"' in form.get_data(as_text=True)
    assert "Stalinism as a logical continuation of Leninism" in form.get_data(as_text=True)
    with caplog.at_level(logging.DEBUG):
        submitted = student.post("/lti/submissions", data={"launch": hidden_launch(form), "text": ESSAY})
    assert submitted.status_code == 303
    report = student.get(submitted.headers["Location"])
    assert report.status_code == 200
    assert "Essay feedback report" in report.get_data(as_text=True)
    assert "frame-ancestors *" in report.headers["Content-Security-Policy"]

    # The score the service gives the same essay on its API, scaled to the column's 50 points.
    expected = app.test_client().post("/v1/feedback", json={"text": ESSAY, "reference": REFERENCE}).json
    (score,) = lms.platform.scores
    assert score["userId"] == "student-7"
    assert score["lineitem"] == link["lineitem_id"]
    assert score["scoreMaximum"] == 50
    assert score["scoreGiven"] == round(expected["scores"]["overall"] / expected["scores"]["max"] * 50, 2)
    assert 0 < score["scoreGiven"] <= 50
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    comment_lines = score["comment"].splitlines()
    assert comment_lines[0] == f"Essay feedback: overall {expected['scores']['overall']:g} of 4."
    messages = {item["message"] for item in expected["feedback"]}
    assert comment_lines[1:] and all(line.removeprefix("- ") in messages for line in comment_lines[1:] if line.startswith("- "))

    # The teacher sees the class's submissions, the report and the grade sent.
    view = teacher.launch("teacher-1", link["id"])
    page = view.get_data(as_text=True)
    assert "Boris Student" in page
    assert 'data-passback="delivered"' in page
    assert f"{score['scoreGiven']:g} / 50" in page
    teacher_report = teacher.get(re.search(r'<a href="(/lti/submissions/[^"]+)">Report</a>', page).group(1).replace("&amp;", "&"))
    assert teacher_report.status_code == 200

    # No log line carries the essay.
    for record in caplog.records:
        assert "Lenin banned factions" not in record.getMessage()
        assert not any("Lenin banned factions" in str(value) for value in record.__dict__.values())


def test_a_gradebook_that_fails_is_retried_and_the_teacher_sees_it(analyzer, tmp_path, lms):
    app = lti_app(analyzer, tmp_path, lms)
    teacher, student = Browser(app, lms), Browser(app, lms)
    link = add_assignment(teacher)
    lms.platform.score_failures = [503]

    assert submit(student, link["id"]).status_code == 303
    assert lms.platform.scores == []
    view = teacher.launch("teacher-1", link["id"]).get_data(as_text=True)
    assert 'data-passback="pending"' in view
    assert "The LMS answered 503" in view

    # The worker's retry, when it is due (30 s later).
    with app.app_context():
        runtime = jobs_state().runtime
        (submission,) = lti_store(runtime.store.engine).submissions_at(
            (lms.url, "deployment-1", "history-101", link["id"]))
        grades.pass_back(runtime, submission.job_id, now=time.time() + 31)
    assert [score["userId"] for score in lms.platform.scores] == ["student-7"]
    view = teacher.launch("teacher-1", link["id"]).get_data(as_text=True)
    assert 'data-passback="delivered"' in view


def test_a_grade_the_lms_refuses_is_not_retried_until_the_teacher_sends_it_again(analyzer, tmp_path, lms):
    app = lti_app(analyzer, tmp_path, lms)
    teacher, student = Browser(app, lms), Browser(app, lms)
    link = add_assignment(teacher)
    lms.platform.score_failures = [403]

    submit(student, link["id"])
    view = teacher.launch("teacher-1", link["id"])
    page = view.get_data(as_text=True)
    assert 'data-passback="failed"' in page
    assert "The LMS answered 403" in page
    assert lms.platform.scores == []

    retry_url = re.search(r'<form method="post" action="([^"]+/passback)">', page).group(1)
    # A student may not send grades.
    student_page = student.launch("student-7", link["id"])
    assert student.post(retry_url, data={"launch": hidden_launch(student_page)}).status_code == 403
    again = teacher.post(retry_url, data={"launch": hidden_launch(view)})
    assert again.status_code == 303
    assert [score["userId"] for score in lms.platform.scores] == ["student-7"]
    assert 'data-passback="delivered"' in teacher.get(again.headers["Location"]).get_data(as_text=True)


def test_students_see_their_own_submissions_only(analyzer, tmp_path, lms):
    app = lti_app(analyzer, tmp_path, lms)
    link = add_assignment(Browser(app, lms))
    boris = Browser(app, lms)
    submitted = submit(boris, link["id"])
    own_report = submitted.headers["Location"]

    clara = Browser(app, lms)
    page = clara.launch("student-8", link["id"])
    assert "Your submissions" not in page.get_data(as_text=True)
    submission_path = own_report.split("?")[0]
    other = clara.get(f"{submission_path}?launch={hidden_launch(page)}")
    assert other.status_code == 404
    assert other.mimetype == "application/problem+json"
    # Boris's launch id is of no use in Clara's browser.
    assert clara.get(own_report).status_code == 401


def test_an_empty_essay_is_a_422_problem_and_nothing_is_submitted(analyzer, tmp_path, lms):
    app = lti_app(analyzer, tmp_path, lms)
    link = add_assignment(Browser(app, lms))
    answer = submit(Browser(app, lms), link["id"], text="   ")
    assert answer.status_code == 422
    assert answer.json["errors"] == {"text": ["The essay is empty: paste the essay or choose a file."]}
    assert lms.platform.scores == []


def test_each_student_has_the_apis_request_budget_of_their_own(analyzer, tmp_path, lms):
    """/lti is open to the LMS's browsers, which a class may share one address behind: the
    submissions are counted per student, against the API's budget."""
    app = lti_app(analyzer, tmp_path, lms, RATE_LIMIT_ENABLED=True, RATE_LIMIT="2 per minute")
    link = add_assignment(Browser(app, lms))
    boris = Browser(app, lms)
    assert [submit(boris, link["id"]).status_code for _ in range(2)] == [303, 303]
    refused = submit(boris, link["id"])
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) >= 1
    # Clara, behind the same school address, still has her budget.
    assert submit(Browser(app, lms), link["id"], user="student-8").status_code == 303
