"""An LMS for the LTI tests, built on lti1p3platform (PyPI), an LTI 1.3 platform nobody here wrote.

lti1p3platform signs the launches (OIDC login initiation, id_token, deep-linking request),
issues the access tokens (checking the tool's signed client assertion against the tool's
JWKS) and checks the deep-linking answer. Around it, this module serves what the tool calls
over HTTP, on loopback: the platform's JWKS, its authorization endpoint, its token endpoint
and the Assignment and Grade Services line items and scores, with a gradebook to look at.

The test drives the browser's part itself: it follows the redirects between the tool (a
Flask test client, as https://tool.test) and this platform (requests, http://127.0.0.1:port).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, jsonify, request
from lti1p3platform.exceptions import LtiException
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from werkzeug.serving import make_server

TOOL = "https://tool.test"
CLIENT_ID = "essay-feedback-client"
DEPLOYMENT_ID = "deployment-1"
COURSE = {"id": "history-101", "title": "Soviet history"}
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPES = ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                   "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"]
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
USERS = {
    "teacher-1": {"roles": [MEMBERSHIP + "Instructor"], "name": "Ada Teacher"},
    "student-7": {"roles": [MEMBERSHIP + "Learner"], "name": "Boris Student"},
    "student-8": {"roles": [MEMBERSHIP + "Learner"], "name": "Clara Student"},
}


def new_key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private.decode("ascii"), public.decode("ascii")


class PlatformConf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, registration: Registration) -> None:
        self._registration = registration

    def get_registration_by_params(self, **kwargs) -> Registration:
        return self._registration


class LoginInitiation(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs) -> None:
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> str:
        return url


class PlatformLaunch(LTIAdvantageMessageLaunchAbstract):
    def get_preflight_response(self) -> dict:
        return self._request

    def render_launch_form(self, launch_data: dict, **kwargs) -> dict:
        return launch_data


@dataclass
class ResourceLink:
    id: str
    title: str
    custom: dict
    lineitem_id: str


@dataclass
class LinePlatform:
    """The platform's state: its links, line items and the scores it received."""

    url: str
    registration: Registration
    links: dict[str, ResourceLink] = field(default_factory=dict)
    lineitems: dict[str, dict] = field(default_factory=dict)
    scores: list[dict] = field(default_factory=list)
    token_requests: int = 0
    # Statuses the next score posts are answered with, before one is accepted (a gradebook down).
    score_failures: list[int] = field(default_factory=list)
    id_token_expiration: int = 300

    @property
    def conf(self) -> PlatformConf:
        return PlatformConf(registration=self.registration)

    def login_url(self, user: str, hint: str) -> str:
        """The tool's login URL the LMS sends the browser to: OIDC third-party initiated login."""
        login = LoginInitiation(None, self.conf)
        login.set_lti_message_hint(hint=hint)
        return login.initiate_login(user)

    def launch(self, query: dict) -> dict:
        """The platform's authorization endpoint: the signed launch for the hinted message."""
        user, hint = query["login_hint"], query["lti_message_hint"]
        message = PlatformLaunch(query, self.conf)
        message.set_id_token_expiration(self.id_token_expiration)
        profile = USERS[user]
        message.set_user_data(user, profile["roles"], full_name=profile["name"])
        message.set_launch_context_claim(COURSE["id"], context_title=COURSE["title"])
        if hint == "deep-link":
            message.set_dl(f"{self.url}/deep-links", title="Add an activity")
            message.set_resource_link_claim("course-menu")
        else:
            link = self.links[hint]
            message.set_resource_link_claim(link.id, title=link.title)
            message.set_custom_parameters_claim(link.custom)
            message.set_ags(f"{self.url}/lineitems", f"{self.url}/lineitems/{link.lineitem_id}",
                            allow_creating_lineitems=False)
        return message.lti_launch()

    def accept_deep_link(self, jwt_value: str) -> list[ResourceLink]:
        items = self.conf.validate_deeplinking_resp({"JWT": jwt_value})
        made = []
        for item in items:
            number = len(self.links) + 1
            lineitem_id = f"li-{number}"
            self.lineitems[lineitem_id] = {"id": f"{self.url}/lineitems/{lineitem_id}", **item["lineItem"],
                                           "resourceLinkId": f"link-{number}"}
            link = ResourceLink(f"link-{number}", item["title"], item.get("custom") or {}, lineitem_id)
            self.links[link.id] = link
            made.append(link)
        return made


def platform_app(platform: LinePlatform) -> Flask:
    app = Flask("lti_platform")

    def bearer_allows(scopes: list[str]) -> bool:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            return platform.conf.validate_token(token, allowed_scopes=scopes)
        except Exception:  # noqa: BLE001 - any bad token is a 401 here
            return False

    @app.get("/jwks")
    def jwks():
        return jsonify(platform.conf.get_jwks())

    @app.get("/authorize")
    def authorize():
        return jsonify(platform.launch(request.args.to_dict()))

    @app.post("/token")
    def token():
        platform.token_requests += 1
        try:
            return jsonify(platform.conf.get_access_token(request.form.to_dict()))
        except (LtiException, Exception) as error:  # noqa: BLE001 - the peer's refusal, as an OAuth error
            return jsonify({"error": "invalid_client", "error_description": str(error)}), 401

    @app.post("/deep-links")
    def deep_links():
        return jsonify([link.__dict__ for link in platform.accept_deep_link(request.form["JWT"])])

    @app.get("/lineitems/<lineitem_id>")
    def lineitem(lineitem_id):
        if not bearer_allows(LINEITEM_SCOPES):
            return jsonify({"error": "unauthorized"}), 401
        return app.response_class(json.dumps(platform.lineitems[lineitem_id]),
                                  mimetype="application/vnd.ims.lis.v2.lineitem+json")

    @app.post("/lineitems/<lineitem_id>/scores")
    def scores(lineitem_id):
        if not bearer_allows([SCORE_SCOPE]):
            return jsonify({"error": "unauthorized"}), 401
        if request.mimetype != "application/vnd.ims.lis.v1.score+json":
            return jsonify({"error": "unsupported media type"}), 415
        if platform.score_failures:
            return jsonify({"error": "the gradebook refused the score"}), platform.score_failures.pop(0)
        platform.scores.append({"lineitem": lineitem_id, **json.loads(request.get_data(as_text=True))})
        return "", 200

    return app


class ServedPlatform:
    """The platform on a loopback port, for the duration of a test."""

    def __init__(self):
        private, public = new_key_pair()
        self.server = make_server("127.0.0.1", 0, None, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        registration = (
            Registration()
            .set_iss(self.url)
            .set_client_id(CLIENT_ID)
            .set_deployment_id(DEPLOYMENT_ID)
            .set_launch_url(f"{TOOL}/lti/launch")
            .set_deeplink_launch_url(f"{TOOL}/lti/launch")
            .set_oidc_login_url(f"{TOOL}/lti/login")
            .set_platform_public_key(public)
            .set_platform_private_key(private)
        )
        self.platform = LinePlatform(self.url, registration)
        self.server.app = platform_app(self.platform)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def trust_tool(self, tool_jwks: dict) -> None:
        """What the LMS administrator does: register the tool's public keys."""
        self.platform.registration.set_tool_key_set(tool_jwks)

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join()


def write_tool_config(folder: Path, issuer: str) -> tuple[Path, str]:
    """The tool's registration of the platform, as an LMS administrator writes it: pylti1p3's
    JSON with the tool's key files beside it. Returns the file and the tool's public key."""
    private, public = new_key_pair()
    (folder / "tool-private.pem").write_text(private)
    (folder / "tool-public.pem").write_text(public)
    config = {
        issuer: {
            "client_id": CLIENT_ID,
            "auth_login_url": f"{issuer}/authorize",
            "auth_token_url": f"{issuer}/token",
            "key_set_url": f"{issuer}/jwks",
            "private_key_file": "tool-private.pem",
            "public_key_file": "tool-public.pem",
            "deployment_ids": [DEPLOYMENT_ID],
        }
    }
    path = folder / "lti.json"
    path.write_text(json.dumps(config))
    return path, public


def query_of(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
