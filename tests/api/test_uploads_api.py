"""A teacher uploads an essay file to POST /v1/feedback and gets the feedback with the extracted text."""

import io

import pytest
from file_builders import make_docx, make_encrypted_pdf, make_image_only_pdf, make_odt, make_pdf, make_zip_bomb_docx

PROBLEM = "application/problem+json"
PARAGRAPHS = [
    "Stalinism was a logical continuation of Leninism, because Lenin built the one-party state that Stalin ruled.",
    "In 1921 Lenin banned factions inside the party (Service, p. 45).",
]


def upload(client, data: bytes, filename: str, **fields):
    form = {"file": (io.BytesIO(data), filename), **fields}
    return client.post("/v1/feedback", data=form, content_type="multipart/form-data")


def assert_offsets_index_the_source(document):
    text = document["source"]["text"]
    for sentence in document["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    for citation in document["citations"]:
        assert text[citation["start"] : citation["end"]] == citation["text"]


def assert_problem(response, status, says):
    assert response.status_code == status, response.json
    assert response.mimetype == PROBLEM
    assert says in response.json["detail"]
    return response.json


@pytest.mark.parametrize(
    ("data", "filename", "media_type"),
    [
        ("\n".join(PARAGRAPHS).encode("cp1252"), "essay.txt", "text/plain"),
        ("\n".join(PARAGRAPHS).encode("utf-16"), "essay.txt", "text/plain"),
        (make_docx(PARAGRAPHS), "essay.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (make_pdf(PARAGRAPHS), "essay.pdf", "application/pdf"),
        (make_odt(PARAGRAPHS), "essay.odt", "application/vnd.oasis.opendocument.text"),
    ],
)
def test_each_file_type_is_analysed_and_its_text_returned(client, data, filename, media_type):
    response = upload(client, data, filename)
    assert response.status_code == 200, response.json
    document = response.json
    assert document["source"]["filename"] == filename
    assert document["source"]["media_type"] == media_type
    assert document["source"]["text"].split("\n") == PARAGRAPHS
    assert document["stats"]["paragraphs"] == 2
    assert any(citation["text"] == "(Service, p. 45)" for citation in document["citations"])
    assert_offsets_index_the_source(document)


def test_the_upload_is_analysed_like_the_same_text_sent_as_json(client):
    uploaded = upload(client, make_docx(PARAGRAPHS), "essay.docx").json
    sent = client.post("/v1/feedback", json={"text": "\n".join(PARAGRAPHS)}).json
    assert uploaded.pop("source")["text"] == "\n".join(PARAGRAPHS)
    assert uploaded == sent


def test_docx_footnotes_are_part_of_the_analysed_text(client):
    data = make_docx(["Lenin banned factions in 1921.{note:1}"], {"1": "Service, Lenin: A Biography, p. 45."})
    document = upload(client, data, "essay.docx").json
    assert document["source"]["text"] == "Lenin banned factions in 1921.[1]\n[1] Service, Lenin: A Biography, p. 45."
    assert_offsets_index_the_source(document)


def test_json_and_text_answers_have_no_source(client):
    assert "source" not in client.post("/v1/feedback", json={"text": PARAGRAPHS[0]}).json


def test_a_form_with_text_instead_of_a_file(client):
    response = client.post("/v1/feedback", data={"text": PARAGRAPHS[0]}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert response.json["sentences"][0]["text"] == PARAGRAPHS[0]
    assert "source" not in response.json


def test_a_form_without_a_file_is_422(client):
    response = client.post("/v1/feedback", data={"essay": "x"}, content_type="multipart/form-data")
    body = assert_problem(response, 422, "file")
    assert "file" in body["errors"]


@pytest.mark.parametrize(
    ("data", "filename", "status", "says"),
    [
        (make_image_only_pdf(), "scan.pdf", 422, "no text layer"),
        (make_encrypted_pdf(PARAGRAPHS), "locked.pdf", 422, "encrypted"),
        (b"I am not a zip file", "essay.docx", 422, "not a Word document"),
        (make_pdf(PARAGRAPHS), "essay.docx", 422, "content is a PDF"),
        (make_zip_bomb_docx(), "bomb.docx", 413, "zip bomb"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "photo.png", 415, ".png"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "essay.doc", 415, ".docx"),
        (b"   \n", "empty.txt", 422, "no text"),
    ],
)
def test_broken_and_unsupported_files_are_clear_problems(client, data, filename, status, says):
    body = assert_problem(upload(client, data, filename), status, says)
    assert filename in body["detail"]
    if status == 422:
        assert body["errors"]["file"]


def test_upload_over_the_limit_is_413(app):
    app.config["MAX_UPLOAD_BYTES"] = 1000
    response = upload(app.test_client(), b"word " * 100_000, "long.txt")
    assert_problem(response, 413, "")


def test_extracted_text_over_the_character_limit_is_413(app):
    app.config["MAX_TEXT_CHARS"] = 50
    assert_problem(upload(app.test_client(), make_docx(PARAGRAPHS), "essay.docx"), 413, "characters")


def test_uploads_may_exceed_the_json_body_limit_up_to_the_upload_limit(app):
    # A .docx with a picture is larger than any essay text; the upload limit applies to files.
    app.config["MAX_CONTENT_LENGTH"] = 2000
    response = upload(app.test_client(), make_docx(PARAGRAPHS), "essay.docx")
    assert response.status_code == 200


def test_openapi_documents_the_file_upload(client):
    body = client.get("/openapi.json").json["paths"]["/v1/feedback"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain", "multipart/form-data"} <= set(body)
