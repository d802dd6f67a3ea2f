"""The browser of the LTI tests: a teacher or a student between the LMS (tests/lti_platform.py,
over HTTP on loopback) and the tool (a Flask test client at https://tool.test)."""

from __future__ import annotations

import re

import pytest
import requests

from lti_platform import TOOL, ServedPlatform, write_tool_config
from service_apps import ready_app


class Browser:
    """One browser: its own cookies, so another Browser is another person's machine."""

    def __init__(self, app, lms: ServedPlatform):
        self.client = app.test_client()
        self.lms = lms

    def authorize(self, user: str, hint: str) -> dict:
        """Follow the LMS's login initiation to the tool and back: the platform's signed launch
        (`launch_url`, `id_token`, `state`), not yet posted to the tool."""
        login = self.client.get(self.lms.platform.login_url(user, hint))
        assert login.status_code == 302, login.get_data(as_text=True)
        answer = requests.get(login.headers["Location"], timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def post_launch(self, launch: dict, id_token: str | None = None):
        return self.client.post(launch["launch_url"], data={"id_token": id_token or launch["id_token"], "state": launch["state"]})

    def launch(self, user: str, hint: str):
        """Open the tool from the LMS; returns the page the launch leads to."""
        launched = self.post_launch(self.authorize(user, hint))
        assert launched.status_code == 303, launched.get_data(as_text=True)
        return self.get(launched.headers["Location"])

    def get(self, url: str):
        return self.client.get(url, base_url=TOOL)

    def post(self, url: str, **kwargs):
        return self.client.post(url, base_url=TOOL, **kwargs)


def hidden_launch(page) -> str:
    return re.search(r'name="launch" value="([^"]+)"', page.get_data(as_text=True)).group(1)


@pytest.fixture
def lms():
    served = ServedPlatform()
    yield served
    served.close()


def lti_app(analyzer, tmp_path, lms: ServedPlatform, **config):
    """The service with the LMS registered (jobs run in the request), and the LMS trusting it."""
    path, _public = write_tool_config(tmp_path, lms.url)
    app = ready_app(analyzer, DATA_DIR=str(tmp_path / "data"), JOBS_EAGER=True, LTI_CONFIG=str(path), **config)
    lms.trust_tool(app.test_client().get("/lti/jwks", base_url=TOOL).json)
    return app
