"""A teacher opens the page, pastes or uploads an essay and gets the report; the API and CLI give the same."""

import io
import json

import pytest

from html_tree import parse
from service.cli import main

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ESSAY = (
    "Stalinism was a logical continuation of Leninism.\n"
    "In 1921 Lenin banned factions at the Tenth Party Congress (Service, p. 45). "
    "Stalin later used that ban to expel Trotsky.\n"
    "Therefore Stalinism continued what Lenin began."
)


def test_the_form_offers_the_references_and_posts_without_javascript(client):
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    root = parse(response.text)
    (form,) = root.find_all("form")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/report"
    assert form.attrs["enctype"] == "multipart/form-data"
    assert root.find_all("textarea", name="text") and root.find_all("input", type="file", name="file")
    options = root.find_all("option")
    assert [o.attrs["value"] for o in options] == ["lenin_stalin_continuity"]
    assert "selected" in options[0].attrs
    assert options[0].text == "Stalinism as a logical continuation of Leninism"
    assert root.find_all("script") == []
    for control in root.find_all("textarea") + root.find_all("input") + root.find_all("select"):
        assert root.find_all("label", **{"for": control.attrs["id"]})  # every control has a label


def test_pasted_essay_gets_the_report(client):
    response = client.post("/report", data={"text": ESSAY, "reference": "lenin_stalin_continuity"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    root = parse(response.text)
    (container,) = root.find_all("div", **{"class": "essay-text"})
    assert container.text == ESSAY
    assert [e.attrs["data-role"] for e in container.find_all("span", data_role="citation")]
    assert root.find_all("a", href="/")  # back to the form


def test_uploaded_file_gives_the_same_report_as_pasted_text(client, reference_text):
    pasted = client.post("/report", data={"text": reference_text})
    upload = (io.BytesIO(b"\xef\xbb\xbf" + reference_text.encode("utf-8")), "essay.txt", "text/plain")
    uploaded = client.post("/report", data={"text": "", "file": upload})
    assert uploaded.status_code == 200
    assert uploaded.text == pasted.text


def test_a_word_file_gives_the_same_report_as_its_text(client):
    from file_builders import make_docx

    paragraphs = ["Stalinism was a logical continuation of Leninism.", "In 1921 Lenin banned factions (Service, p. 45)."]
    upload = (io.BytesIO(make_docx(paragraphs)), "essay.docx")
    uploaded = client.post("/report", data={"text": "", "file": upload})
    assert uploaded.status_code == 200
    assert uploaded.text == client.post("/report", data={"text": "\n".join(paragraphs)}).text


def test_a_windows_1252_text_file_is_read(client):
    upload = (io.BytesIO("Lénine’s party (Service).".encode("cp1252")), "essay.txt")
    response = client.post("/report", data={"text": "", "file": upload})
    assert response.status_code == 200
    assert "Lénine’s party" in response.text


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({"text": "   \n"}, 422, "text"),
        ({"text": ESSAY, "reference": "no_such_reference"}, 422, "reference"),
        ({"text": "", "file": (io.BytesIO(b"Just text, renamed to .docx"), "essay.docx")}, 422, "file"),
        ({"text": "", "file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 64), "photo.png")}, 415, None),
    ],
)
def test_form_errors_are_problems(client, data, status, field):
    response = client.post("/report", data=data)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    if field:
        assert field in response.json["errors"]


def test_essay_over_the_limit_is_413(app):
    app.config["MAX_TEXT_CHARS"] = 20
    response = app.test_client().post("/report", data={"text": ESSAY})
    assert response.status_code == 413 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?format=html", {}), ("", {"Accept": "text/html"}), ("", {"Accept": BROWSER_ACCEPT}), ("?format=HTML", {"Accept": "application/json"})],
)
def test_feedback_as_html_when_asked(client, query, headers):
    response = client.post("/v1/feedback" + query, json={"text": ESSAY}, headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Vary"] == "Accept"
    root = parse(response.text)
    (container,) = root.find_all("div", **{"class": "essay-text"})
    assert container.text == ESSAY
    assert root.by_id("feedback") is not None and root.by_id("legend") is not None


@pytest.mark.parametrize(
    ("query", "headers"),
    [("", {}), ("", {"Accept": "*/*"}), ("", {"Accept": "application/json"}), ("?format=json", {"Accept": "text/html"})],
)
def test_feedback_stays_json_by_default(client, query, headers):
    response = client.post("/v1/feedback" + query, data=ESSAY, content_type="text/plain", headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json["api_version"] == "1"


def test_html_report_shows_the_api_document(client):
    document = client.post("/v1/feedback", json={"text": ESSAY}).json
    root = parse(client.post("/v1/feedback?format=html", json={"text": ESSAY}).text)
    for sentence in document["sentences"]:
        element = root.by_id(f"s-{sentence['index']}")
        assert element.text == sentence["text"]
        assert (element.attrs.get("data-role") or "").split() == sorted(
            sentence["roles"], key=["thesis", "thesis_restatement", "claim", "evidence", "counterargument", "rebuttal", "citation"].index
        )
    codes = [li.attrs["data-code"] for li in root.by_id("feedback").find_all("li")]
    assert codes == [item["code"] for item in document["feedback"]]


def test_errors_stay_problems_when_html_is_asked(client):
    response = client.post("/v1/feedback?format=html", json={"text": "  "}, headers={"Accept": "text/html"})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    response = client.post("/v1/feedback?format=pdf", json={"text": ESSAY})
    assert response.status_code == 400 and "format=html" in response.json["detail"]


def test_openapi_documents_both_representations(client):
    operation = client.get("/openapi.json").json["paths"]["/v1/feedback"]["post"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/html"}
    (parameter,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert parameter["in"] == "query" and parameter["schema"]["enum"] == ["json", "html"]


def test_cli_writes_the_same_report(runner, client, tmp_path):
    path = tmp_path / "essay.txt"
    path.write_text(ESSAY, encoding="utf-8")
    result = runner.invoke(main, ["analyze", "--format", "html", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == client.post("/v1/feedback?format=html", json={"text": ESSAY}).text
    as_json = runner.invoke(main, ["analyze", "--format", "json", str(path)])
    assert json.loads(as_json.output) == client.post("/v1/feedback", json={"text": ESSAY}).json
