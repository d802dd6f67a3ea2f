"""Liveness and readiness probes."""

from __future__ import annotations

from flask_smorest import Blueprint
from werkzeug.exceptions import ServiceUnavailable

from schemas import HealthSchema, ProblemSchema, ReadinessSchema
from service.analyzer_extension import RETRY_AFTER_SECONDS, analyzer_state

blp = Blueprint("health", __name__, description="Probes for load balancers and orchestrators.")


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthSchema)
def healthz():
    """Answer while the process lives"""
    return {"status": "ok"}


@blp.route("/readyz", methods=["GET"])
@blp.response(200, ReadinessSchema)
@blp.alt_response(503, schema=ProblemSchema, description="The pipeline or the reference essay is not loaded yet.")
def readyz():
    """Answer 200 once the pipeline is loaded and the reference essay analysed"""
    state = analyzer_state()
    if not state.ready or state.default_reference not in state.references:
        detail = state.error or "The language pipeline and the reference essay are still loading."
        raise ServiceUnavailable(detail, retry_after=RETRY_AFTER_SECONDS)
    return {"status": "ready", "pipeline": state.analyzer.info.pipeline, "reference": state.default_reference}
