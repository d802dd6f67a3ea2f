"""Hostile and odd input: each case gets its documented problem, or a 200 whose offsets index the text sent.

One table per door (JSON and text/plain bodies, the HTML form, file uploads). A 500 fails
loudly: the app runs with TESTING, so an unhandled exception reaches the test.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field

import pytest
from service_apps import ready_app


PROBLEM = "application/problem+json"
JSON = "application/json"
TEXT = "text/plain"
ESSAY = (
    "Stalinism was a logical continuation of Leninism.\n"
    "In 1921 Lenin banned factions inside the party (Service, p. 45).\n"
    "Therefore Stalin only used the tools that Lenin had built."
)


@pytest.fixture(scope="module")
def hostile_client():
    # One app for the module: every case is independent of the others, and loading the
    # references once keeps the table fast. No rate limit: the table sends many requests.
    return ready_app(RATE_LIMIT_ENABLED=False).test_client()


@dataclass
class Case:
    name: str
    data: bytes | str | None
    content_type: str | None
    status: int
    problem_type: str | None = None
    check: callable = field(default=None, repr=False)


def assert_offsets_index(document: dict, text: str) -> None:
    """Every object with start/end in the document lies inside `text`, and its `text` is that slice."""
    seen = 0

    def walk(value) -> None:
        nonlocal seen
        if isinstance(value, dict):
            start, end = value.get("start"), value.get("end")
            if isinstance(start, int) and isinstance(end, int):
                seen += 1
                assert 0 <= start <= end <= len(text), value
                if isinstance(value.get("text"), str):
                    assert text[start:end] == value["text"]
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(document)
    assert seen >= len(document["sentences"])
    for sentence in document["sentences"]:
        assert sentence["text"] == sentence["text"].strip() and sentence["text"]


def paragraphs(count: int):
    def check(document: dict, text: str) -> None:
        assert document["stats"]["paragraphs"] == count

    return check


def no_thesis(document: dict, text: str) -> None:
    assert document["thesis"] is None
    assert "THESIS_MISSING" in {item["code"] for item in document["feedback"]}


def words(count: int):
    def check(document: dict, text: str) -> None:
        assert document["stats"]["words"] == count

    return check


def crlf_and_tabs(document: dict, text: str) -> None:
    # Two paragraphs; the tab that indents the second is not part of its sentence.
    assert document["stats"]["paragraphs"] == 2
    assert [sentence["text"][:5] for sentence in document["sentences"]] == ["Stali", "In 19"]
    assert document["citations"][0]["text"] == "(Service, p. 45)"


def thesis_found(document: dict, text: str) -> None:
    assert document["thesis"] is not None
    assert "Stalinism was" in document["thesis"]["text"]


RTL = "\u202eStalinism was \u200fa logical continuation\u200e of Leninism.\nLenin banned factions (Service, p. 45)."
CASES = [
    Case("empty text/plain", b"", TEXT, 422, "/problems/invalid-essay"),
    Case("empty JSON text", b'{"text": ""}', JSON, 422, "/problems/invalid-essay"),
    Case("white space only", " \n\t\r\n \u00a0\u2003", TEXT, 422, "/problems/invalid-essay"),
    Case("one word", "Stalin", TEXT, 200, check=words(1)),
    Case("punctuation only", "?!... ;; -- ()", TEXT, 200, check=words(0)),
    Case("1 MB of text", "word " * 200_000, TEXT, 413, "/problems/too-large"),
    Case("1 MB of JSON", '{"text": "' + "word " * 200_000 + '"}', JSON, 413, "/problems/too-large"),
    Case("bytes that are not UTF-8", b"Lenin \xff\xfe\xfa banned factions", TEXT, 400, "/problems/bad-request"),
    Case("NUL bytes in text/plain", b"Lenin\x00 banned\x00 factions.", TEXT, 400, "/problems/bad-request"),
    Case("UTF-16 without BOM", ESSAY.encode("utf-16-le"), TEXT, 400, "/problems/bad-request"),
    Case("UTF-16 without BOM, named", ESSAY.encode("utf-16-le"), TEXT + "; charset=utf-16le", 200, check=thesis_found),
    Case("NUL escaped in JSON", '{"text": "Lenin\\u0000 banned factions."}', JSON, 200, check=words(3)),
    Case("unpaired surrogate in JSON", '{"text": "Lenin \\ud800 banned factions."}', JSON, 422, "/problems/invalid-essay"),
    Case("unpaired surrogate by charset", b"Lenin \\ud800 banned", TEXT + "; charset=unicode_escape", 422, "/problems/invalid-essay"),
    Case("charset that fails without a position", b"abc\\x", TEXT + "; charset=punycode", 400, "/problems/bad-request"),
    Case("charset that is no text encoding", b"abc", TEXT + "; charset=base64", 400, "/problems/bad-request"),
    Case("JSON null", b"null", JSON, 422, "/problems/invalid-essay"),
    Case("JSON array", b'[{"text": "Lenin"}]', JSON, 422, "/problems/invalid-essay"),
    Case("JSON number", b"42", JSON, 422, "/problems/invalid-essay"),
    Case("JSON string", b'"Stalinism was a continuation."', JSON, 422, "/problems/invalid-essay"),
    Case("JSON nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000, JSON, 400, "/problems/bad-request"),
    Case("JSON text nested 5,000 deep", b'{"text": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", JSON, 400, "/problems/bad-request"),
    Case("JSON number of 5,000 digits", b'{"text": 1' + b"0" * 5_000 + b"}", JSON, 400, "/problems/bad-request"),
    Case("JSON float overflow", b'{"text": "Lenin.", "reference": 1e999999}', JSON, 422, "/problems/invalid-essay"),
    Case("JSON text of the wrong type", b'{"text": {"essay": "Lenin"}}', JSON, 422, "/problems/invalid-essay"),
    Case("JSON reference of the wrong type", b'{"text": "Lenin.", "reference": ["a"]}', JSON, 422, "/problems/invalid-essay"),
    Case("JSON extra field", b'{"text": "Lenin.", "student": "Ann"}', JSON, 422, "/problems/invalid-essay"),
    Case("JSON not closed", b'{"text": "Lenin', JSON, 400, "/problems/bad-request"),
    Case("JSON empty body", b"", JSON, 422, "/problems/invalid-essay"),
    Case("wrong content type", b"<essay>Lenin</essay>", "application/xml", 415, "/problems/unsupported-media-type"),
    Case("no content type", b"Lenin banned factions.", None, 415, "/problems/unsupported-media-type"),
    Case("an executable as octet-stream", b"MZ\x90\x00" + bytes(range(256)) * 4, "application/octet-stream", 415, "/problems/unsupported-media-type"),
    Case("an executable as text/plain", b"MZ\x90\x00" + bytes(range(256)) * 4, TEXT, 400, "/problems/bad-request"),
    Case("a PDF as text/plain", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", TEXT, 400, "/problems/bad-request"),
    Case("Russian", "Сталинизм был продолжением ленинизма.\nЛенин запретил фракции в 1921 году.", TEXT, 200, check=no_thesis),
    Case("Chinese", "斯大林主义是列宁主义的逻辑延续。列宁在1921年禁止了派别。", TEXT, 200, check=no_thesis),
    Case("emoji only", "😀🎉 👍🏽 👨‍👩‍👧 🇫🇷", TEXT, 200, check=paragraphs(1)),
    Case("emoji inside an essay", ESSAY.replace("Lenin ", "Lenin 👨‍👩‍👧 "), TEXT, 200, check=thesis_found),
    Case("3,000 one-line paragraphs", "Lenin banned factions in 1921.\n" * 3_000, TEXT, 200, check=paragraphs(3_000)),
    Case("one 20,000-word paragraph", "the old party of Lenin " * 4_000, TEXT, 200, check=words(20_000)),
    Case("one 20,000-word paragraph over the limit", "Stalin continued Lenin's policy " * 4_000, TEXT, 413, "/problems/too-large"),
    Case("right-to-left marks", RTL, TEXT, 200, check=paragraphs(2)),
    Case("HTML and script tags", "<p>Stalinism was <b>a logical continuation</b> of Leninism.</p><script>alert(1)</script>", TEXT, 200, check=paragraphs(1)),
    Case(
        "CRLF and tabs",
        "Stalinism was a logical continuation of Leninism.\r\n\r\n\tIn 1921 Lenin banned factions (Service, p. 45).\r\n",
        TEXT,
        200,
        check=crlf_and_tabs,
    ),
]


def send(client, case: Case):
    data = case.data.encode("utf-8") if isinstance(case.data, str) else case.data
    headers = {} if case.content_type is None else {"Content-Type": case.content_type}
    return client.post("/v1/feedback", data=data, headers=headers)


def sent_text(case: Case) -> str:
    if case.content_type == JSON:
        return json.loads(case.data)["text"]
    if isinstance(case.data, str):
        return case.data
    charset = (case.content_type or "").partition("charset=")[2] or "utf-8"
    return case.data.decode(charset)


def assert_problem(response, status: int, problem_type: str | None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == PROBLEM
    body = response.json
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if problem_type:
        assert body["type"] == problem_type
    return body


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_bodies_get_their_documented_answer(hostile_client, case):
    response = send(hostile_client, case)
    if case.status != 200:
        assert_problem(response, case.status, case.problem_type)
        return
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == JSON
    text = sent_text(case)
    assert_offsets_index(response.json, text)
    if case.check:
        case.check(response.json, text)


def test_the_service_answers_normally_after_the_hostile_table(hostile_client):
    response = hostile_client.post("/v1/feedback", json={"text": ESSAY})
    assert response.status_code == 200
    assert_offsets_index(response.json, ESSAY)
    thesis_found(response.json, ESSAY)


# The teacher's HTML form (POST /report) reads multipart/form-data.
FORM = "multipart/form-data"


def form_post(client, fields: dict):
    return client.post("/report", data=fields, content_type=FORM)


def test_report_page_escapes_script_tags(hostile_client):
    essay = "Stalinism was a logical continuation of Leninism.<script>alert('x')</script>\n<img src=x onerror=alert(1)>"
    response = form_post(hostile_client, {"text": essay})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert('x')" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("name", "fields", "status"),
    [
        ("form without text or file", {"reference": ""}, 422),
        ("binary bytes named .txt", {"file": (io.BytesIO(b"PK\x03\x04\xff\xfe binary"), "essay.txt")}, 422),
        ("an executable", {"file": (io.BytesIO(b"MZ\x90\x00" + bytes(range(256))), "essay.exe")}, 415),
        ("a .docx that is not a zip", {"file": (io.BytesIO(b"I am not a zip file"), "essay.docx")}, 422),
        ("`file` sent as a text field", {"file": "Stalinism was a continuation."}, 422),
    ],
)
def test_report_form_problems(hostile_client, name, fields, status):
    assert_problem(form_post(hostile_client, fields), status, None)


def test_report_form_malformed_multipart(hostile_client):
    response = hostile_client.post(
        "/report", data=b"--xyz\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nLenin", content_type=FORM + "; boundary=xyz"
    )
    assert_problem(response, 422, None)


# Files sent to POST /v1/feedback as multipart/form-data (once the upload route exists).
def upload_route_exists(client) -> bool:
    body = client.get("/openapi.json").json["paths"]["/v1/feedback"]["post"]["requestBody"]["content"]
    return FORM in body


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zip_bomb_docx() -> bytes:
    # 60 MB of zeros in one part (over the 50 MB unpacked limit): about 60 KB compressed, 1000:1.
    return zip_bytes({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"\0" * (60 * 1024 * 1024)})


def pdf_bytes(trailer_extra: str = "", page_content: bytes | None = None) -> bytes:
    """A small hand-made PDF: one page, drawing `page_content` (nothing if None)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page_content or b""), page_content or b""),
        b"<< /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra.encode(),
        xref,
    )
    return bytes(out)


UPLOADS = [
    ("a .docx that is not a zip", {"file": (b"I am not a zip file", "essay.docx")}, 422),
    ("a zip-bomb .docx", {"file": (zip_bomb_docx, "bomb.docx")}, 413),
    ("an encrypted PDF", {"file": (lambda: pdf_bytes("/Encrypt 5 0 R /ID [<00> <00>] "), "locked.pdf")}, 422),
    ("an image-only PDF", {"file": (lambda: pdf_bytes(), "scan.pdf")}, 422),
    ("an executable", {"file": (b"MZ\x90\x00" + bytes(range(256)) * 4, "essay.exe")}, 415),
    ("an executable named .txt", {"file": (b"MZ\x90\x00" + bytes(range(256)) * 4, "essay.txt")}, 422),
    ("a .txt of NUL bytes", {"file": (b"\0" * 1000, "essay.txt")}, 422),
    ("an empty .txt", {"file": (b"", "essay.txt")}, 422),
    ("a form without a file", {"student": "Ann"}, 422),
]


@pytest.mark.parametrize(("name", "fields", "status"), UPLOADS, ids=[name for name, _, _ in UPLOADS])
def test_hostile_uploads_get_their_documented_answer(hostile_client, name, fields, status):
    if not upload_route_exists(hostile_client):
        pytest.skip("POST /v1/feedback takes no multipart/form-data here (the upload route has not landed)")
    form = {}
    for key, value in fields.items():
        if isinstance(value, tuple):
            content, filename = value
            form[key] = (io.BytesIO(content() if callable(content) else content), filename)
        else:
            form[key] = value
    assert_problem(hostile_client.post("/v1/feedback", data=form, content_type=FORM), status, None)


def test_malformed_multipart_upload(hostile_client):
    if not upload_route_exists(hostile_client):
        pytest.skip("POST /v1/feedback takes no multipart/form-data here (the upload route has not landed)")
    response = hostile_client.post(
        "/v1/feedback", data=b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nLenin",
        content_type=FORM + "; boundary=xyz",
    )
    assert response.status_code in (400, 422)
    assert response.mimetype == PROBLEM


# Many essays in one call: one bad essay never fails the batch, and never is a 500.
BATCH_ITEMS = [
    ('{"text": "Lenin \\ud800 banned factions."}', 422),
    ("1e999999", 422),
    ("null", 422),
    ("[]", 422),
    ('{"text": 5}', 422),
    ('{"id": 7, "text": "Lenin."}', 422),
    ('{"text": "  \\n\\t "}', 422),
    ('{"text": "' + "word " * 25_000 + '"}', 413),
    ('{"text": "😀🎉 👍🏽"}', None),
    ('{"id": "ok", "text": "Stalinism was a logical continuation of Leninism.\\r\\n\\tLenin banned factions (Service, p. 45)."}', None),
]


@pytest.mark.parametrize("accept", [JSON, "application/x-ndjson"])
def test_hostile_essays_in_a_batch_fail_alone(hostile_client, accept):
    body = '{"essays": [' + ", ".join(item for item, _ in BATCH_ITEMS) + "]}"
    response = hostile_client.post("/v1/feedback/batch", data=body, content_type=JSON, headers={"Accept": accept})
    assert response.status_code == 200
    if accept == JSON:
        results = response.json["results"]
    else:
        results = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [result["index"] for result in results] == list(range(len(BATCH_ITEMS)))
    for result, (item, status) in zip(results, BATCH_ITEMS):
        if status is None:
            assert_offsets_index(result["feedback"], json.loads(item)["text"])
        else:
            assert result["error"]["status"] == status, (item[:60], result["error"])
            assert "feedback" not in result


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        (b'{"essays": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", JSON, 400),
        (b'{"essays": [{"text": "a"}], "reference": 1' + b"0" * 5_000 + b"}", JSON, 400),
        (b'{"essays": []}', JSON, 422),
        (b'{"essays": {"text": "Lenin."}}', JSON, 422),
        (b"null", JSON, 422),
        (b"Lenin banned factions.", TEXT, 415),
        (b"", None, 415),
    ],
)
def test_hostile_batch_bodies(hostile_client, data, content_type, status):
    headers = {} if content_type is None else {"Content-Type": content_type}
    assert_problem(hostile_client.post("/v1/feedback/batch", data=data, headers=headers), status, None)
