"""Asynchronous jobs: `POST /v1/jobs`, `GET /v1/jobs/{id}`, its results, `DELETE`."""

from marshmallow import Schema, ValidationError, fields, validate

from schemas.batch import BatchEssaySchema, EachEssay
from schemas.feedback import FeedbackSchema
from schemas.problem import ProblemSchema

JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
CALLBACK_STATES = ("pending", "delivered", "failed", "refused", "cancelled")


def absolute_http_url(value: str) -> None:
    if not value.lower().startswith(("http://", "https://")) or len(value) > 2000:
        raise ValidationError("Send an absolute http:// or https:// URL of at most 2,000 characters.")


class JobCreateSchema(Schema):
    """A class set to analyse in the background: the batch body, plus where to say it is done."""

    essays = fields.List(
        EachEssay(BatchEssaySchema),
        required=True,
        validate=validate.Length(min=1, error="Send at least one essay."),
        metadata={"description": "The essays, each `{id?, text}`; results come back in this order. "
                  "The number per job is limited (413 past it)."},
    )
    reference = fields.String(
        metadata={"description": "Id of the reference essay to compare with (default: the service's default reference)."}
    )
    callback_url = fields.String(
        validate=absolute_http_url,
        metadata={
            "description": "Where to POST the job when it ends, signed with `X-Essay-Feedback-Signature` "
            "(see docs/api.md, Callbacks). Public addresses only.",
            "example": "https://lms.example.edu/hooks/essay-feedback",
        },
    )


class JobUploadSchema(Schema):
    """Essay files sent as `multipart/form-data` (documentation only: the job parser reads it)."""

    files = fields.List(
        fields.Raw(metadata={"type": "string", "format": "binary"}),
        required=True,
        metadata={"description": "One part per essay file (.txt, .docx, .pdf, .odt), each named `files`; "
                  "the file name is the essay's id. A file that cannot be read gets an error result."},
    )
    reference = fields.String(metadata={"description": "Id of the reference essay to compare with."})
    callback_url = fields.String(metadata={"description": "Where to POST the job when it ends (see the JSON body)."})


class JobCountsSchema(Schema):
    total = fields.Integer(required=True, metadata={"description": "Essays in the job."})
    done = fields.Integer(required=True, metadata={"description": "Essays with their feedback."})
    failed = fields.Integer(required=True, metadata={"description": "Essays with an error result."})


class CallbackAttemptSchema(Schema):
    at = fields.String(required=True, metadata={"description": "When the attempt was made (ISO 8601, UTC)."})
    status = fields.Integer(allow_none=True, metadata={"description": "The receiver's HTTP status; null without an answer."})
    error = fields.String(allow_none=True, metadata={"description": "Why there was no answer, or why it was not sent."})


class CallbackSchema(Schema):
    url = fields.String(required=True)
    state = fields.String(
        required=True,
        validate=validate.OneOf(CALLBACK_STATES),
        metadata={"description": "`pending` until delivered (a 2xx answer); `failed` after a day of retries; "
                  "`refused` on a 4xx answer or a private address; `cancelled` with the job."},
    )
    attempts = fields.List(fields.Nested(CallbackAttemptSchema), required=True)
    next_attempt_at = fields.String(allow_none=True, metadata={"description": "When the next retry is due."})


class JobLinksSchema(Schema):
    self = fields.String(required=True, metadata={"description": "This job."})
    results = fields.String(required=True, metadata={"description": "Its results."})


class JobSchema(Schema):
    """A job: its state and how far it got."""

    id = fields.String(required=True, metadata={"example": "job_5f0c9a7e2b1d4c3a8e6f0b12"})
    status = fields.String(
        required=True,
        validate=validate.OneOf(JOB_STATUSES),
        metadata={"description": "`queued`, `running`, then `succeeded` once every essay has a result (feedback "
                  "or a per-essay error), `failed` if the job as a whole could not run, or `cancelled`."},
    )
    counts = fields.Nested(JobCountsSchema, required=True)
    reference = fields.String(allow_none=True, metadata={"description": "The reference essay asked for; null: the default."})
    created_at = fields.String(required=True, metadata={"description": "ISO 8601, UTC."})
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
    expires_at = fields.String(
        required=True, metadata={"description": "When the job, its essays and its results are deleted (retention)."}
    )
    callback = fields.Nested(CallbackSchema, allow_none=True)
    links = fields.Nested(JobLinksSchema, required=True)


class StoredDocument(fields.Nested):
    """A document stored already serialized: passed through as it is, documented as its schema."""

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class JobResultSchema(Schema):
    index = fields.Integer(required=True, metadata={"description": "Position of the essay in the job."})
    id = fields.String(required=True, metadata={"description": "The essay's id as sent (file name for files), or `essays[<index>]`."})
    feedback = StoredDocument(FeedbackSchema, metadata={"description": "The feedback document, when analysed."})
    error = StoredDocument(ProblemSchema, metadata={"description": "Why this essay was not analysed (a problem)."})


class JobResultsSchema(Schema):
    """A page of results in request order."""

    results = fields.List(fields.Nested(JobResultSchema), required=True)
    next = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The next page; null once the job has ended and every result was listed. "
                  "While the job runs, it is where to continue (it may answer an empty page until more are done)."},
    )


class JobResultsQuerySchema(Schema):
    cursor = fields.String(
        metadata={"description": "Where to continue: take it from `next`. Absent: from the first result."}
    )
    limit = fields.Integer(
        load_default=100,
        validate=validate.Range(min=1, max=1000),
        metadata={"description": "Results per page (1-1000)."},
    )
