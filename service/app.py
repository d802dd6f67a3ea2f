"""The Flask app factory: settings, the API blueprints and the extensions."""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from service import api_docs, api_keys, cors, metrics, rate_limits, request_logging
from service.api import BLUEPRINTS
from service.config import Settings
from service.analyzer_extension import analyzer_extension
from service.jobs import extension as jobs_extension
from service.lti import tool as lti_tool, views as lti_views
from service.problems import ProblemApi

API_SETTINGS = {
    "API_TITLE": "essay-feedback",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    **api_docs.SWAGGER_UI_SETTINGS,
}


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask app: settings from the environment, then `config` on top."""
    app = Flask(__name__)
    app.config.from_mapping(API_SETTINGS)
    app.config.from_mapping(Settings.from_env().flask_config())
    if config:
        app.config.from_mapping(config)
    app.json.sort_keys = False
    logging.getLogger("service").setLevel(app.config["LOG_LEVEL"].upper())

    api = ProblemApi(app)
    api_docs.init_api(api)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    analyzer_extension.init_app(app)
    jobs_extension.init_app(app)
    # LTI's browser pages, outside the OpenAPI description: pylti1p3 parses the launches.
    app.register_blueprint(lti_views.blp)
    lti_tool.init_app(app)
    # Order matters: the request id and clock first, then the key check, then the rate limit.
    request_logging.init_app(app)
    api_keys.init_app(app)
    rate_limits.init_app(app)
    metrics.init_app(app, api)
    cors.init_app(app)
    api_docs.init_app(app)
    if app.config.get("TRUSTED_PROXIES"):
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)
    return app
