"""The LTI 1.3 tool as pylti1p3 runs it in Flask, with its state in the jobs database.

pylti1p3 does the protocol: the OIDC login, the id_token's signature against the platform's
key set, its issuer, audience, deployment, nonce and message type. What this module adds is
where it keeps things and how strictly:

- launch data, state and nonces live in `ef_lti_values` (service/lti/store.py), under the
  browser's own session id (a cookie), so that a launch only succeeds in the browser that
  logged in;
- a nonce is single-use: checking it deletes it, so a replayed id_token is refused;
- cookies are `Secure; SameSite=None; Partitioned`, as an LMS iframe on another site needs;
- an id_token must carry `exp` and `iat`, and a clock `CLOCK_SKEW_SECONDS` apart is tolerated,
  no more.
"""

from __future__ import annotations

import jwt
from flask import Flask, abort, current_app
from pylti1p3.contrib.flask import FlaskCookieService, FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.contrib.flask import FlaskSessionService
from pylti1p3.exception import LtiException
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.tool_config import ToolConfJsonFile

from service.jobs.extension import jobs_state
from service.lti.store import LtiStore, lti_store

EXTENSION_KEY = "lti"
CLOCK_SKEW_SECONDS = 60
# How long a launch may be used for the pages it opens (submitting, the teacher's view).
LAUNCH_LIFETIME_SECONDS = 8 * 3600


class DatabaseLaunchStorage(LaunchDataStorage):
    """pylti1p3's launch data storage on `ef_lti_values`, keyed by the browser's session id."""

    def __init__(self, store: LtiStore):
        super().__init__()
        self._store = store

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str):
        return self._store.get_value(self._prepare_key(key))

    def set_value(self, key: str, value, exp: int | None = None) -> None:
        self._store.set_value(self._prepare_key(key), value, exp or LAUNCH_LIFETIME_SECONDS)

    def check_value(self, key: str) -> bool:
        return self._store.get_value(self._prepare_key(key)) is not None

    def take_value(self, key: str) -> bool:
        return self._store.take_value(self._prepare_key(key))


class SingleUseNonces(FlaskSessionService):
    """A nonce is good for one launch: checking it takes it out of the store."""

    def check_nonce(self, nonce: str) -> bool:
        return self.data_storage.take_value(self._get_key("nonce", nonce))


class CrossSiteCookies(FlaskCookieService):
    """pylti1p3's cookies, always `Secure; SameSite=None; Partitioned`: the tool runs in the
    LMS's iframe, on another site, and browsers send only such cookies there."""

    def update_response(self, response):
        for key, cookie in self._cookie_data_to_set.items():
            response.set_cookie(key, cookie["value"], max_age=cookie["exp"], path="/", secure=True,
                                httponly=True, samesite="None", partitioned=True)


class ToolLaunch(FlaskMessageLaunch):
    """pylti1p3's launch, requiring `exp` and `iat` and bounding the clock skew."""

    def validate_jwt_signature(self):
        public_key, algorithm = self.get_public_key()
        try:
            jwt.decode(self._get_id_token(), public_key, algorithms=[algorithm], leeway=CLOCK_SKEW_SECONDS,
                       options={"verify_aud": False, "require": ["exp", "iat"]})
        except jwt.InvalidTokenError as error:
            raise LtiException(f"Can't decode id_token: {error}") from error
        return self


class Registrations(ToolConfJsonFile):
    """pylti1p3's JSON tool configuration; an unknown issuer or client is an LtiException
    (a launch refused), not the bare Exception pylti1p3 raises."""

    def get_iss_config(self, iss: str, client_id: str | None = None):
        if iss not in (self._config or {}):
            raise LtiException(f"The issuer {iss!r} is not registered with this tool.")
        try:
            return super().get_iss_config(iss, client_id)
        except Exception as error:  # noqa: BLE001 - pylti1p3 raises Exception for an unknown client id
            raise LtiException(str(error)) from error


class LtiTool:
    """The registrations from ESSAY_FEEDBACK_LTI_CONFIG and the pylti1p3 objects of one request."""

    def __init__(self, config_path: str):
        self.config = Registrations(config_path)

    @property
    def store(self) -> LtiStore:
        return lti_store(jobs_state().store.engine)

    def _services(self, request: FlaskRequest) -> dict:
        storage = DatabaseLaunchStorage(self.store)
        session = SingleUseNonces(request)
        session.set_data_storage(storage)
        return {"session_service": session, "cookie_service": CrossSiteCookies(request), "launch_data_storage": storage}

    def login(self) -> FlaskOIDCLogin:
        request = FlaskRequest()
        return FlaskOIDCLogin(request, self.config, **self._services(request))

    def launch(self) -> ToolLaunch:
        """The launch the request carries; validate() raises LtiException when it is not genuine."""
        request = FlaskRequest()
        launch = ToolLaunch(request, self.config, **self._services(request))
        launch.set_public_key_caching(DatabaseLaunchStorage(self.store))
        return launch

    def restored(self, launch_id: str) -> ToolLaunch:
        """A launch validated before, in this browser; LtiException when there is none."""
        request = FlaskRequest()
        return ToolLaunch.from_cache(launch_id, request, self.config, **self._services(request))

    def jwks(self) -> dict:
        return self.config.get_jwks()


def init_app(app: Flask) -> None:
    """Load the registrations when ESSAY_FEEDBACK_LTI_CONFIG names them; else the tool is off."""
    path = app.config.get("LTI_CONFIG")
    app.extensions[EXTENSION_KEY] = LtiTool(path) if path else None


def lti_tool() -> LtiTool:
    """The app's tool, or a 404 problem when this service has no LTI configuration."""
    tool = current_app.extensions.get(EXTENSION_KEY)
    if tool is None:
        abort(404, "This service has no LTI configuration (ESSAY_FEEDBACK_LTI_CONFIG is not set).")
    return tool
