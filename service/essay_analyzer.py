"""The Flask extension that owns the loaded pipeline and the analysed reference essays.

The pipeline is loaded once per process (before gunicorn forks, with `preload_app`) and
never inside a request. Until it is ready, analysis routes answer 503.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app
from werkzeug.exceptions import ServiceUnavailable

from service.analysis import EssayAnalyzer
from service.analysis.references import Reference, load_references
from service.metrics import observed

log = logging.getLogger(__name__)
EXTENSION_KEY = "essay_analyzer"
RETRY_AFTER_SECONDS = 5


class AnalyzerState:
    """Load state of one app: the analyzer and references once ready, or the load error."""

    def __init__(self, pipeline: str, references_dir: str, default_reference: str):
        self.pipeline = pipeline
        self.references_dir = references_dir
        self.default_reference = default_reference
        self.analyzer: EssayAnalyzer | None = None
        self.references: dict[str, Reference] = {}
        self.error: str | None = None
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self.analyzer is not None

    def load(self) -> None:
        with self._lock:
            if self.ready:
                return
            try:
                analyzer = EssayAnalyzer.load(self.pipeline)
                self.references = load_references(self.references_dir, analyzer)
                self.analyzer = analyzer
                log.info("pipeline ready", extra={"pipeline": analyzer.info.pipeline, "references": len(self.references)})
            except Exception as error:  # noqa: BLE001 - reported on /readyz, service stays up
                self.error = f"{type(error).__name__}: {error}"
                log.exception("pipeline failed to load")


class EssayAnalyzerExtension:
    def __init__(self, app: Flask | None = None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        state = AnalyzerState(
            app.config["SPACY_PIPELINE"], app.config["REFERENCES_DIR"], app.config["DEFAULT_REFERENCE"]
        )
        app.extensions[EXTENSION_KEY] = state
        if not app.config.get("LOAD_PIPELINE", True):
            return
        if app.config.get("LOAD_IN_BACKGROUND"):
            threading.Thread(target=state.load, name="load-pipeline", daemon=True).start()
        else:
            state.load()


def analyzer_state() -> AnalyzerState:
    return current_app.extensions[EXTENSION_KEY]


def current_analyzer() -> EssayAnalyzer:
    """The ready analyzer, or a 503 problem telling the client to retry."""
    state = analyzer_state()
    if state.analyzer is None:
        detail = "The language pipeline is still loading; retry shortly."
        if state.error:
            detail = "The language pipeline failed to load; the operator has to fix the configuration."
        raise ServiceUnavailable(detail, retry_after=RETRY_AFTER_SECONDS)
    # Measured for /metrics and the request log, whichever endpoint asks for it.
    return observed(state.analyzer)


essay_analyzer = EssayAnalyzerExtension()
