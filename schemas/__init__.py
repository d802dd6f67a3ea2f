"""Every request, response and error shape of the API. Imports nothing from `service`."""

from schemas.feedback import FeedbackSchema
from schemas.health import HealthSchema, ReadinessSchema
from schemas.problem import PROBLEM_CONTENT_TYPE, ProblemSchema
from schemas.requests import FeedbackRequestSchema
from schemas.report import ReportFormSchema
from schemas.batch import BatchRequestSchema, BatchResponseSchema, BatchResultSchema
from schemas.uploads import SourceSchema, UploadRequestSchema

__all__ = [
    "PROBLEM_CONTENT_TYPE",
    "FeedbackRequestSchema",
    "FeedbackSchema",
    "HealthSchema",
    "ProblemSchema",
    "ReadinessSchema",
    "ReportFormSchema",
    "BatchRequestSchema",
    "BatchResponseSchema",
    "BatchResultSchema",
    "SourceSchema",
    "UploadRequestSchema",
]
