"""The Flask extension that owns the loaded pipeline and the analysed reference essays.

The pipeline is loaded once per process (before gunicorn forks, with `preload_app`) and
never inside a request. Until it is ready, analysis routes answer 503.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask, current_app
from werkzeug.exceptions import Conflict, NotFound, ServiceUnavailable

from service.analysis import EssayAnalyzer
from service.analysis.deadline import AnalysisTimeout
from service.metrics import observed
from service.analysis.references import Reference, build_reference, read_reference, reference_stamps, save_reference
from service.analysis.comparison import parse_score_weights
from service.config import Settings
from service.problems import ANALYSIS_TIMEOUT_TYPE, problem_response

log = logging.getLogger(__name__)
EXTENSION_KEY = "analyzer"
RETRY_AFTER_SECONDS = 5


class AnalyzerState:
    """Load state of one app: the analyzer and references once ready, or the load error."""

    def __init__(self, settings: Settings):
        # Checked here, so that a wrong weight stops the app at start-up, not at the first request.
        parse_score_weights(settings.score_weights)
        self.settings = settings
        self.references_dir = settings.references_dir
        self.default_reference = settings.default_reference
        self.analyzer: EssayAnalyzer | None = None
        self.references: dict[str, Reference] = {}
        # What the references folder held when `references` was last brought up to date:
        # file stem -> modification times, and file stem -> the id its metadata gives.
        self._stamps: dict[str, tuple[int, int]] = {}
        self._ids: dict[str, str] = {}
        self.error: str | None = None
        self._lock = threading.Lock()
        self._references_lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self.analyzer is not None

    def load(self) -> None:
        with self._lock:
            if self.ready:
                return
            try:
                analyzer = EssayAnalyzer.from_settings(self.settings)
                with self._references_lock:
                    self._sync_references(analyzer, reference_stamps(self.references_dir), strict=True)
                self.analyzer = analyzer
                log.info("pipeline ready", extra={"pipeline": analyzer.info.pipeline, "references": len(self.references)})
            except Exception as error:  # noqa: BLE001 - reported on /readyz, service stays up
                self.error = f"{type(error).__name__}: {error}"
                log.exception("pipeline failed to load")

    def reference(self, reference_id: str | None) -> Reference | None:
        """The named reference (404 if unknown), or the default one if it is loaded."""
        if reference_id is None:
            return self.references.get(self.default_reference)
        if reference_id in self.references:
            return self.references[reference_id]
        # Another worker process may have stored it since this one started.
        found = self.current_references().get(reference_id)
        if found is None:
            raise NotFound(f"There is no reference essay {reference_id!r}. GET /v1/references lists the ids.")
        return found

    def current_references(self) -> dict[str, Reference]:
        """The references as the folder holds them now, the same in every worker process.

        A reference POSTed to one gunicorn worker is written to the folder; the others see
        it here. The folder is listed on each call (one `scandir`), and only files that
        appeared or changed since the last look are read and analysed.
        """
        stamps = reference_stamps(self.references_dir) if self.analyzer is not None else self._stamps
        if stamps == self._stamps:
            return self.references
        with self._references_lock:
            self._sync_references(self.analyzer, stamps, strict=False)
        return self.references

    def _sync_references(self, analyzer: EssayAnalyzer, stamps: dict[str, tuple[int, int]], *, strict: bool) -> None:
        """Bring `references` up to date with `stamps`; call with `_references_lock` held.

        `strict` (at start-up) lets an unreadable file fail the load, reported on /readyz;
        later, a broken file another process wrote is logged and left out.
        """
        references = dict(self.references)
        ids = dict(self._ids)
        for stem in [stem for stem in ids if self._stamps.get(stem) != stamps.get(stem)]:
            references.pop(ids.pop(stem), None)
        for stem in sorted(stamps):
            if stem in ids:
                continue
            try:
                reference = read_reference(Path(self.references_dir) / f"{stem}.txt", analyzer)
            except Exception:  # noqa: BLE001 - one bad file must not take the listing down
                if strict:
                    raise
                log.exception("reference file unreadable", extra={"reference_file": f"{stem}.txt"})
                continue
            references[reference.id] = reference
            ids[stem] = reference.id
        # Replace, never mutate: requests reading the old dict keep a consistent view.
        self.references, self._ids, self._stamps = references, ids, stamps

    def add_reference(self, analyzer: EssayAnalyzer, text: str, reference_id: str, metadata: dict) -> Reference:
        """Analyse, store and register a new reference; 409 if the id is taken.

        Analysis runs outside the lock; the check, the write and the registration inside
        it, so two teachers posting the same id cannot both win.
        """
        if reference_id in self.references:
            raise Conflict(f"A reference with id {reference_id!r} exists already; choose another id.")
        reference = build_reference(
            analyzer, text, id=reference_id, title=metadata["title"], question=metadata["question"], metadata=metadata
        )
        with self._references_lock:
            if reference_id in self.references or (Path(self.references_dir) / f"{reference_id}.txt").exists():
                raise Conflict(f"A reference with id {reference_id!r} exists already; choose another id.")
            save_reference(self.references_dir, reference)
            # Replace, never mutate: requests reading the old dict keep a consistent view.
            self.references = {**self.references, reference_id: reference}
            # Known from now on, so the next listing does not read it again.
            stamp = reference_stamps(self.references_dir).get(reference_id)
            if stamp is not None:
                self._stamps = {**self._stamps, reference_id: stamp}
                self._ids = {**self._ids, reference_id: reference_id}
        log.info("reference added", extra={"reference": reference_id})
        return reference


class AnalyzerExtension:
    """Loads the analyzer the app's settings describe, once per process, and keeps its state."""

    def __init__(self, app: Flask | None = None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        state = AnalyzerState(Settings.from_mapping(app.config))
        app.extensions[EXTENSION_KEY] = state
        app.register_error_handler(AnalysisTimeout, analysis_timeout_problem)
        if not app.config.get("LOAD_PIPELINE", True):
            return
        if app.config.get("LOAD_IN_BACKGROUND"):
            threading.Thread(target=state.load, name="load-pipeline", daemon=True).start()
        else:
            state.load()


def analysis_timeout_problem(error: AnalysisTimeout):
    """503 problem+json: the worker stopped this analysis and is free for the next request."""
    log.warning("analysis stopped at its time limit", extra={"limit_seconds": error.seconds, "step": error.step})
    return problem_response(
        503,
        f"The essay took longer than the limit of {error.seconds:g} s to analyse and was stopped. "
        "Retry later; if it happens again, send a shorter essay.",
        title="Analysis took too long",
        problem_type=ANALYSIS_TIMEOUT_TYPE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


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


analyzer_extension = AnalyzerExtension()
