"""essay-feedback: structural feedback on history essays."""

from __future__ import annotations

import logging

from flask import Flask

from service.api import BLUEPRINTS
from service.config import Settings
from service.essay_analyzer import essay_analyzer
from service.problems import ProblemApi

API_SETTINGS = {
    "API_TITLE": "essay-feedback",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
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
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    essay_analyzer.init_app(app)
    return app
