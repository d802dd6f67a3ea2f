"""Launches that must be refused, each a 401 problem and never a 500: a forged signature, another
tool's audience, an expired token, a replayed nonce, another browser, an unknown platform.
And without ESSAY_FEEDBACK_LTI_CONFIG the LTI routes do not exist (404 problems)."""

import jwt
import pytest

from lti_browser import Browser, hidden_launch, lms, lti_app  # noqa: F401 - lms is a fixture
from lti_platform import TOOL, new_key_pair
from service_apps import ready_app

PROBLEM = "application/problem+json"


@pytest.fixture
def app(analyzer, tmp_path, lms):
    return lti_app(analyzer, tmp_path, lms)


def assert_refused(response, words: str):
    assert response.status_code == 401, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    assert response.json["status"] == 401
    assert words in response.json["detail"]


def resigned(id_token: str, private_key: str, **changes) -> str:
    """The launch's claims, changed and signed with `private_key` under the original key id."""
    header = jwt.get_unverified_header(id_token)
    claims = {**jwt.decode(id_token, options={"verify_signature": False}), **changes}
    return jwt.encode(claims, private_key, algorithm="RS256", headers={"kid": header["kid"]})


def test_a_genuine_launch_passes_in_the_browser_that_logged_in_only(app, lms):
    browser = Browser(app, lms)
    assert browser.post_launch(browser.authorize("teacher-1", "deep-link")).status_code == 303
    # The state and nonce are bound to the browser's session: the same launch posted elsewhere fails.
    stolen = Browser(app, lms).authorize("teacher-1", "deep-link")
    assert_refused(Browser(app, lms).post_launch(stolen), "cookie")


def test_a_forged_signature_is_refused(app, lms):
    browser = Browser(app, lms)
    launch = browser.authorize("teacher-1", "deep-link")
    attacker_key, _ = new_key_pair()
    assert_refused(browser.post_launch(launch, resigned(launch["id_token"], attacker_key)), "Signature verification failed")


def test_a_token_for_another_tool_is_refused(app, lms):
    browser = Browser(app, lms)
    launch = browser.authorize("teacher-1", "deep-link")
    platform_key = lms.platform.registration.get_platform_private_key()
    forged = resigned(launch["id_token"], platform_key, aud="another-tool")
    assert_refused(browser.post_launch(launch, forged), "Client id not registered")


def test_an_expired_token_is_refused(app, lms):
    lms.platform.id_token_expiration = -120  # past the tool's 60 s of clock skew
    browser = Browser(app, lms)
    assert_refused(browser.post_launch(browser.authorize("teacher-1", "deep-link")), "expired")


def test_a_token_a_little_early_or_late_passes_within_the_clock_skew(app, lms):
    lms.platform.id_token_expiration = -20
    browser = Browser(app, lms)
    assert browser.post_launch(browser.authorize("teacher-1", "deep-link")).status_code == 303


def test_a_replayed_launch_is_refused(app, lms):
    browser = Browser(app, lms)
    launch = browser.authorize("teacher-1", "deep-link")
    assert browser.post_launch(launch).status_code == 303
    assert_refused(browser.post_launch(launch), "Invalid Nonce")


def test_a_launch_without_its_state_is_refused(app, lms):
    browser = Browser(app, lms)
    launch = browser.authorize("teacher-1", "deep-link")
    assert_refused(browser.post_launch({**launch, "state": "state-made-up"}), "State not found")


def test_garbage_is_refused(app, lms):
    browser = Browser(app, lms)
    launch = browser.authorize("teacher-1", "deep-link")
    assert_refused(browser.post_launch(launch, "not.a-jwt"), "JWT")
    assert_refused(browser.post("/lti/launch", data={}), "")


def test_an_unknown_platform_cannot_log_in(app):
    answer = app.test_client().get("/lti/login?iss=https://lms.evil.example&login_hint=x&target_link_uri=x", base_url=TOOL)
    assert_refused(answer, "not registered")


def test_login_sets_cross_site_cookies_and_redirects_to_the_platform(app, lms):
    browser = Browser(app, lms)
    login = browser.client.get(lms.platform.login_url("teacher-1", "deep-link"))
    assert login.status_code == 302
    assert login.headers["Location"].startswith(lms.url + "/authorize?")
    assert "redirect_uri=https%3A%2F%2Ftool.test%2Flti%2Flaunch" in login.headers["Location"]
    cookies = login.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert "Secure" in cookie and "SameSite=None" in cookie and "HttpOnly" in cookie


def test_a_launch_id_from_elsewhere_opens_nothing(app, lms):
    browser = Browser(app, lms)
    assert_refused(browser.get("/lti/assignment?launch=lti1p3-launch-made-up"), "")


@pytest.mark.parametrize("method, path", [("GET", "/lti/jwks"), ("GET", "/lti/login"), ("POST", "/lti/launch"),
                                          ("GET", "/lti/assignment?launch=x"), ("POST", "/lti/submissions")])
def test_without_a_configuration_the_lti_routes_are_404_problems(method, path):
    answer = ready_app().test_client().open(path, method=method)
    assert answer.status_code == 404
    assert answer.mimetype == PROBLEM
    assert "ESSAY_FEEDBACK_LTI_CONFIG" in answer.json["detail"]


def test_api_keys_do_not_close_the_lti_routes_and_still_close_the_api(analyzer, tmp_path, lms):
    app = lti_app(analyzer, tmp_path, lms, API_KEYS=("k" * 32,))
    browser = Browser(app, lms)
    assert browser.get("/lti/jwks").status_code == 200
    assert browser.post_launch(browser.authorize("teacher-1", "deep-link")).status_code == 303
    assert app.test_client().post("/v1/feedback", json={"text": "x"}).status_code == 401
