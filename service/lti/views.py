"""/lti: the doors an LMS opens. pylti1p3 checks every launch; these views decide what it shows.

- `GET|POST /lti/login`: OIDC third-party login initiation, redirected to the platform.
- `POST /lti/launch`: the signed launch. A deep-linking request (a teacher adding the tool)
  goes to the reference picker; a resource link goes to the assignment: the student's form,
  or for an Instructor the class's submissions.
- `GET /lti/jwks`: the tool's public keys, for the platform.
- The pages after the launch carry its id (`launch`), which works only in the browser that
  launched: its data is kept under that browser's session cookie.

Every refused launch is a 401 problem; nothing here logs an essay's text.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from flask import Blueprint, current_app, jsonify, redirect, url_for
from flask_smorest import abort
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem

from schemas.lti import DeepLinkFormSchema, LaunchQuerySchema, SubmissionFormSchema
from service.api.pages import essay_text, form_parser, html_response
from service.analyzer_extension import analyzer_state, current_analyzer
from service.jobs.extension import jobs_state
from service.jobs.store import NewEssay
from service.jobs.tasks import LTI_OWNER_PREFIX
from service.lti import grades
from service.lti.pages import framed, page, return_to_lms
from service.lti.store import DELIVERED, FAILED, NOT_SENT, PENDING, WAITING, Submission
from service.lti.tool import ToolLaunch, lti_tool
from service.rate_limits import rate_limiter
from service.report import render_report

log = logging.getLogger(__name__)

blp = Blueprint("lti", __name__, url_prefix="/lti")


@blp.before_request
def require_configuration() -> None:
    """Without ESSAY_FEEDBACK_LTI_CONFIG every route is a 404 problem, before any form is read."""
    lti_tool()

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
# Set on the link by the deep-linking answer; the LMS sends it back with every launch of it.
REFERENCE_PARAMETER = "reference"
PASSBACK_LABELS = {
    WAITING: "Waiting for the analysis",
    PENDING: "Not sent yet: retrying",
    DELIVERED: "Sent",
    FAILED: "Not sent",
    NOT_SENT: "Nothing sent",
}


def refuse(error: Exception, detail: str):
    log.warning("lti launch refused", extra={"reason": str(error)[:300]})
    abort(401, message=f"{detail} ({error})")


@blp.route("/jwks", methods=["GET"])
def jwks():
    """Show the tool's public keys (JWKS)"""
    return jsonify(lti_tool().jwks())


@blp.route("/login", methods=["GET", "POST"])
def login():
    """Start the OIDC login the platform initiated: redirect to its authorization endpoint"""
    tool = lti_tool()
    try:
        return tool.login().redirect(url_for("lti.launch", _external=True))
    except (LtiException, OIDCException) as error:
        refuse(error, "The LMS's login request was refused")


@blp.route("/launch", methods=["POST"])
def launch():
    """Check the platform's signed launch and open what it asks for"""
    tool = lti_tool()
    try:
        message = tool.launch()
        message.validate()
    except (LtiException, OIDCException) as error:
        refuse(error, "The launch was refused")
    launch_id = message.get_launch_id()
    if message.is_deep_link_launch():
        return redirect(url_for("lti.pick_reference", launch=launch_id), 303)
    if message.is_resource_launch():
        return redirect(url_for("lti.assignment", launch=launch_id), 303)
    abort(400, message="This tool opens resource links and deep-linking requests only.")


def restored(launch_id: str) -> tuple[ToolLaunch, dict]:
    try:
        message = lti_tool().restored(launch_id)
        return message, message.get_launch_data()
    except LtiException as error:
        refuse(error, "This page belongs to an LMS launch that has ended, or to another browser: "
                      "open the assignment again from the course")


def resource_launch(launch_id: str) -> tuple[ToolLaunch, dict]:
    message, data = restored(launch_id)
    if not message.is_resource_launch():
        abort(400, message="This launch is not a resource link.")
    return message, data


def is_teacher(message: ToolLaunch) -> bool:
    return message.check_teacher_access() or message.check_teaching_assistant_access()


def launch_facts(data: dict) -> dict:
    """Who launched, from where: what a submission keeps of its launch."""
    audience = data.get("aud")
    name = data.get("name") or " ".join(filter(None, (data.get("given_name"), data.get("family_name"))))
    return {
        "issuer": data["iss"],
        "client_id": audience[0] if isinstance(audience, list) else audience,
        "deployment_id": data[CLAIM + "deployment_id"],
        "context_id": (data.get(CLAIM + "context") or {}).get("id", ""),
        "resource_link_id": (data.get(CLAIM + "resource_link") or {}).get("id", ""),
        "user_id": data["sub"],
        "user_name": name or data.get("email") or data["sub"],
        "ags": data.get(AGS_CLAIM),
    }


def place_of(facts: dict) -> tuple[str, str, str, str]:
    return facts["issuer"], facts["deployment_id"], facts["context_id"], facts["resource_link_id"]


def assignment_reference(data: dict) -> str:
    """The reference the link was made with (deep linking), else the service's default."""
    custom = data.get(CLAIM + "custom") or {}
    return custom.get(REFERENCE_PARAMETER) or analyzer_state().default_reference


def reference_title(reference_id: str) -> str:
    found = analyzer_state().current_references().get(reference_id)
    return found.title if found is not None and found.title else reference_id.replace("_", " ")


def link_title(data: dict) -> str:
    return (data.get(CLAIM + "resource_link") or {}).get("title") or "Essay assignment"


@blp.route("/assignment", methods=["GET"])
@form_parser.use_args(LaunchQuerySchema, location="query")
def assignment(query: dict):
    """Show the assignment: the student's form and submissions, or the teacher's class view"""
    message, data = resource_launch(query["launch"])
    facts = launch_facts(data)
    store = lti_tool().store
    reference = assignment_reference(data)
    teacher = is_teacher(message)
    listed = store.submissions_at(place_of(facts), None if teacher else facts["user_id"])
    rows = [submission_row(submission, query["launch"]) for submission in listed]
    common = {"title": link_title(data), "reference_title": reference_title(reference), "launch": query["launch"],
              "submissions": rows}
    if teacher:
        return page("class.html", passback_labels=PASSBACK_LABELS, **common)
    return page("assignment.html", submit_url=url_for("lti.submit"), **common)


def submission_row(submission: Submission, launch_id: str) -> dict:
    if submission.document is not None:
        status = "Report"
    elif submission.passback_state == NOT_SENT:
        status = "Not analysed"
    else:
        status = "Analysing…"
    last = submission.passback_attempts[-1] if submission.passback_attempts else {}
    return {
        "id": submission.id,
        "user_name": submission.user_name,
        "created_at": submission.created_at,
        "status": status,
        "score_given": submission.score_given,
        "score_maximum": submission.score_maximum,
        "passback_state": submission.passback_state,
        "last_error": last.get("error"),
        "attempts": sum(1 for attempt in submission.passback_attempts if not attempt.get("new_round")),
        "can_retry": submission.document is not None and bool((submission.ags or {}).get("lineitem")),
        "url": url_for("lti.submission", submission_id=submission.id, launch=launch_id),
        "retry_url": url_for("lti.send_grade_again", submission_id=submission.id),
    }


@blp.route("/submissions", methods=["POST"])
@form_parser.use_args(SubmissionFormSchema, location="multipart")
def submit(form: dict):
    """Submit a student's essay: analysed as a job, its grade sent back when it is done"""
    _message, data = resource_launch(form["launch"])
    facts = launch_facts(data)
    student = LTI_OWNER_PREFIX + hashlib.sha256(f"{facts['issuer']} {facts['user_id']}".encode("utf-8")).hexdigest()[:16]
    # The API's request budget, counted per student: /lti is open to the LMS's browsers, and a
    # class behind one school address must not share one budget.
    with rate_limiter().limit(current_app.config["RATE_LIMIT"], key_func=lambda: student):
        return _submit(form, data, facts)


def _submit(form: dict, data: dict, facts: dict):
    text = essay_text(form)
    reference = assignment_reference(data)
    current_analyzer()  # 503 while the pipeline loads: the references are not known yet
    if reference not in analyzer_state().current_references():
        abort(404, message=f"This assignment's reference essay {reference!r} no longer exists: ask your teacher.")
    state = jobs_state()
    owner = LTI_OWNER_PREFIX + hashlib.sha256(facts["issuer"].encode("utf-8")).hexdigest()[:12]
    job, _created, chunks = state.store.create_job(
        owner, [NewEssay(facts["user_id"][:500], text=text)], reference=reference, callback_url=None,
        retention_seconds=current_app.config["RETENTION"], chunk_size=1,
    )
    submission = lti_tool().store.add_submission(job.id, facts, text=text, reference=reference,
                                                 retention=current_app.config["LTI_RETENTION"])
    log.info("lti essay submitted", extra={"submission_id": submission.id, "job_id": job.id})
    state.start(job.id, chunks)
    return redirect(url_for("lti.submission", submission_id=submission.id, launch=form["launch"]), 303)


def visible_submission(submission_id: str, message: ToolLaunch, data: dict) -> Submission:
    """The submission, if this launch may see it: its student's, or a teacher of its link."""
    facts = launch_facts(data)
    submission = lti_tool().store.submission(submission_id)
    if submission is None or submission.place != place_of(facts) or not (
        submission.user_id == facts["user_id"] or is_teacher(message)
    ):
        abort(404, message=f"There is no submission {submission_id!r} here.")
    return submission


@blp.route("/submissions/<string:submission_id>", methods=["GET"])
@form_parser.use_args(LaunchQuerySchema, location="query")
def submission(query: dict, submission_id: str):
    """Show a submission's report (or that it is still being analysed)"""
    message, data = restored(query["launch"])
    found = visible_submission(submission_id, message, data)
    back_url = url_for("lti.assignment", launch=query["launch"])
    document, problem = found.document, None
    if document is None:
        job = jobs_state().store.get_job(found.job_id)
        result = next(iter(jobs_state().store.all_results(found.job_id)), None) if job is not None and job.ended else None
        document = (result or {}).get("feedback")
        if document is None and (job is None or job.ended):
            problem = ((result or {}).get("error") or {}).get("detail", "the analysis is no longer available.")
    if document is not None:
        return framed(html_response(render_report(found.text, document, home_url=back_url)))
    return page("submission.html", waiting=problem is None, problem=problem, back_url=back_url)


@blp.route("/submissions/<string:submission_id>/passback", methods=["POST"])
@form_parser.use_args(LaunchQuerySchema, location="form")
def send_grade_again(form: dict, submission_id: str):
    """Send a submission's grade to the gradebook again (teachers)"""
    message, data = restored(form["launch"])
    if not is_teacher(message):
        abort(403, message="Only the course's teachers can send grades again.")
    grades.send_again(jobs_state().runtime, visible_submission(submission_id, message, data))
    return redirect(url_for("lti.assignment", launch=form["launch"]), 303)


@blp.route("/deep-link", methods=["GET"])
@form_parser.use_args(LaunchQuerySchema, location="query")
def pick_reference(query: dict):
    """Show the teacher the reference essays to make an assignment of"""
    message, _data = restored(query["launch"])
    deep_linking(message)
    references = [{"id": ref.id, "title": ref.title or ref.id, "question": ref.question}
                  for ref in analyzer_state().current_references().values()]
    return page("pick_reference.html", references=references, launch=query["launch"], action=url_for("lti.link_reference"))


@blp.route("/deep-link", methods=["POST"])
@form_parser.use_args(DeepLinkFormSchema, location="form")
def link_reference(form: dict):
    """Return the teacher's choice to the LMS: a link to the tool with that reference and a gradebook column"""
    message, data = restored(form["launch"])
    deep_link = deep_linking(message)
    if form["reference"] not in analyzer_state().current_references():
        abort(422, message="The request is not valid: see `errors` for each field.",
              errors={"reference": [f"Unknown reference {form['reference']!r}: pick one from the list."]})
    title = reference_title(form["reference"])
    resource = (
        DeepLinkResource()
        .set_url(url_for("lti.launch", _external=True))
        .set_title(title)
        .set_custom_params({REFERENCE_PARAMETER: form["reference"]})
        .set_lineitem(LineItem().set_score_maximum(form["points"]).set_label(title).set_resource_id(form["reference"]))
    )
    settings = data.get("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings") or {}
    return return_to_lms(settings["deep_link_return_url"], deep_link.get_response_jwt([resource]), secrets.token_urlsafe(16))


def deep_linking(message: ToolLaunch):
    if not message.is_deep_link_launch():
        abort(400, message="This launch is not a deep-linking request.")
    if not (is_teacher(message) or message.check_staff_access() or message.check_designer_access()):
        abort(403, message="Only the course's teachers can add assignments.")
    return message.get_deep_link()
