"""A teacher lists the reference essays, reads one, adds another, and compares essays with it."""

import importlib
import json
import shutil
from pathlib import Path

import pytest

from service_apps import ready_app

PACKAGED = Path(__file__).resolve().parents[2] / "essay_samples" / "references"
ESSAYS = Path(__file__).resolve().parents[1] / "data" / "essays"
QUESTION = "Was Stalinism a logical continuation of Leninism?"


@pytest.fixture(scope="module")
def references_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("references")
    for path in PACKAGED.glob("lenin_stalin_continuity.*"):
        shutil.copy(path, directory)
    return directory


@pytest.fixture(scope="module")
def api(references_dir):
    return ready_app(REFERENCES_DIR=str(references_dir)).test_client()


def essay(name: str) -> str:
    return (ESSAYS / f"{name}.txt").read_text(encoding="utf-8")


def assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == status


def test_list_references(api):
    response = api.get("/v1/references")
    assert response.status_code == 200
    (reference,) = [r for r in response.json["references"] if r["id"] == "lenin_stalin_continuity"]
    assert reference["question"] == QUESTION
    assert reference["default"] is True
    labels = {argument["id"]: argument["label"] for argument in reference["arguments"]}
    assert "ban_on_factions" in labels and "Kronstadt" in labels["crushing_workers_revolts"]


def test_get_one_reference_with_its_structure(api):
    response = api.get("/v1/references/lenin_stalin_continuity")
    assert response.status_code == 200
    document = response.json["document"]
    assert document["stats"]["paragraphs"] == 14
    assert len([c for c in document["citations"] if c["style"] == "parenthetical"]) == 18
    assert document["scores"]["criteria"]["thesis"]["score"] >= 3
    assert len(response.json["arguments"]) == 10


def test_unknown_reference_is_404(api):
    assert_problem(api.get("/v1/references/no_such_essay"), 404)
    assert "no_such_essay" in api.get("/v1/references/no_such_essay").json["detail"]


def test_feedback_against_an_unknown_reference_is_404(api):
    assert_problem(api.post("/v1/feedback", json={"text": essay("weak_short"), "reference": "nope"}), 404)
    response = api.post("/v1/feedback?reference=nope", data=essay("weak_short"), content_type="text/plain")
    assert_problem(response, 404)


def test_feedback_is_compared_with_the_default_reference(api):
    document = api.post("/v1/feedback", json={"text": essay("strong_own_words")}).json
    assert document["comparison"]["reference"]["id"] == "lenin_stalin_continuity"
    assert set(document["scores"]["criteria"]) == {"thesis", "evidence", "citations", "organization", "counterargument"}
    assert 0 <= document["scores"]["overall"] <= 4
    assert {"structure", "arguments", "overlap", "topic"} <= set(document["comparison"])


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "T", "question": QUESTION}, "text"),
        ({"text": "   ", "title": "T", "question": QUESTION}, "text"),
        ({"text": "An essay.", "question": QUESTION}, "title"),
        ({"text": "An essay.", "title": "T"}, "question"),
        ({"text": "An essay.", "title": "T", "question": QUESTION, "id": "Bad Id!"}, "id"),
        ({"text": 42, "title": "T", "question": QUESTION}, "text"),
        ({"text": "An essay.", "title": "T", "question": QUESTION, "arguments": [{"id": "a"}]}, "arguments.0.label"),
    ],
)
def test_invalid_new_reference_is_422(api, body, field):
    response = api.post("/v1/references", json=body)
    assert_problem(response, 422)
    assert field in response.json["errors"]


def test_posted_reference_is_stored_and_survives_a_restart(api, references_dir):
    body = {"text": essay("opposite_stance"), "title": "A Revolution Betrayed", "question": QUESTION}
    response = api.post("/v1/references", json=body)
    assert response.status_code == 201
    assert response.json["id"] == "a_revolution_betrayed"
    # Without curated arguments, each body paragraph is one argument.
    assert [a["paragraphs"] for a in response.json["arguments"]] == [[2], [3], [4], [5]]
    assert response.json["arguments"][0]["label"] == "The clearest evidence is Lenin's own verdict on Stalin"
    assert (references_dir / "a_revolution_betrayed.txt").read_text(encoding="utf-8") == body["text"]
    stored = json.loads((references_dir / "a_revolution_betrayed.json").read_text(encoding="utf-8"))
    assert stored["title"] == "A Revolution Betrayed" and stored["question"] == QUESTION

    assert_problem(api.post("/v1/references", json=body), 409)

    restarted = ready_app(REFERENCES_DIR=str(references_dir)).test_client()
    ids = [r["id"] for r in restarted.get("/v1/references").json["references"]]
    assert "a_revolution_betrayed" in ids
    document = restarted.post("/v1/feedback", json={"text": essay("strong_own_words"), "reference": "a_revolution_betrayed"}).json
    assert document["comparison"]["reference"]["id"] == "a_revolution_betrayed"
    # Compared with its own text, the new reference is copied.
    copied = restarted.post("/v1/feedback?reference=a_revolution_betrayed", data=body["text"], content_type="text/plain").json
    assert "REFERENCE_COPIED" in [item["code"] for item in copied["feedback"]]


def test_posted_reference_with_curated_arguments(api):
    body = {
        "text": essay("strong_own_words"),
        "title": "Lenin's Heir",
        "question": QUESTION,
        "id": "lenins_heir",
        "arguments": [
            {"id": "kronstadt", "label": "The Kronstadt rising", "phrases": ["Kronstadt"], "paragraphs": []},
            {"id": "factions", "label": "The ban on factions", "lemmas": ["faction", "congress", "resolution"]},
        ],
    }
    response = api.post("/v1/references", json=body)
    assert response.status_code == 201
    assert [a["id"] for a in response.json["arguments"]] == ["kronstadt", "factions"]
    document = api.post("/v1/feedback", json={"text": essay("no_citations"), "reference": "lenins_heir"}).json
    coverage = {a["id"]: a["covered"] for a in document["comparison"]["arguments"]}
    # no_citations.txt discusses the 1921 ban on factions and never mentions Kronstadt.
    assert coverage == {"kronstadt": False, "factions": True}


def test_a_reference_for_another_question_marks_lenin_essays_off_topic(api):
    body = {"text": essay("french_revolution"), "title": "The Terror", "question": "Was the Terror a betrayal of the French Revolution?"}
    response = api.post("/v1/references", json=body)
    assert response.status_code == 201
    labels = [argument["label"] for argument in response.json["arguments"]]
    # A derived label is the paragraph's opening sentence, cut before any citation.
    assert "Robespierre believed that virtue without terror was powerless" in labels
    assert not any("(" in label for label in labels)
    document = api.post("/v1/feedback", json={"text": essay("strong_own_words"), "reference": "the_terror"}).json
    assert document["feedback"][0]["code"] == "OFF_TOPIC"
    assert document["comparison"]["topic"]["on_topic"] is False


def test_openapi_lists_the_reference_endpoints(api):
    paths = api.get("/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/v1/references"])
    assert "get" in paths["/v1/references/{reference_id}"]


def listed_ids(client):
    response = client.get("/v1/references")
    assert response.status_code == 200
    return sorted(reference["id"] for reference in response.json["references"])


def test_every_worker_lists_a_reference_posted_to_another(tmp_path, monkeypatch):
    # Two app instances on one folder: what two gunicorn workers are.
    for path in PACKAGED.glob("lenin_stalin_continuity.*"):
        shutil.copy(path, tmp_path)
    config = {"REFERENCES_DIR": str(tmp_path)}
    first, second = ready_app(**config).test_client(), ready_app(**config).test_client()
    assert listed_ids(first) == listed_ids(second) == ["lenin_stalin_continuity"]

    body = {"text": essay("opposite_stance"), "title": "A Revolution Betrayed", "question": QUESTION}
    assert first.post("/v1/references", json=body).status_code == 201
    assert listed_ids(second) == listed_ids(first) == ["a_revolution_betrayed", "lenin_stalin_continuity"]
    titles = {r["id"]: r["title"] for r in second.get("/v1/references").json["references"]}
    assert titles["a_revolution_betrayed"] == "A Revolution Betrayed"
    # The other worker knows the id is taken, and compares essays with the new reference.
    assert_problem(second.post("/v1/references", json=body), 409)
    document = second.post("/v1/feedback", json={"text": essay("strong_own_words"), "reference": "a_revolution_betrayed"}).json
    assert document["comparison"]["reference"]["id"] == "a_revolution_betrayed"
    page = second.get("/").get_data(as_text=True)
    assert 'value="a_revolution_betrayed"' in page

    # Listing again reads no file that has not changed.
    def no_reading(*args, **kwargs):
        raise AssertionError("an unchanged reference was read again")

    monkeypatch.setattr(importlib.import_module("service.analyzer_extension"), "read_reference", no_reading)
    assert listed_ids(first) == listed_ids(second) == ["a_revolution_betrayed", "lenin_stalin_continuity"]
    monkeypatch.undo()

    # A file removed from the folder leaves every listing; a broken one is left out, never a 500.
    for suffix in (".txt", ".json"):
        (tmp_path / f"a_revolution_betrayed{suffix}").unlink()
    (tmp_path / "broken.txt").write_text("Lenin led.", encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert listed_ids(first) == listed_ids(second) == ["lenin_stalin_continuity"]


def test_an_essay_on_a_new_assignment_is_told_of_its_own_question(api):
    question = "Did the Terror betray the French Revolution?"
    created = api.post(
        "/v1/references",
        json={
            "title": "The Terror and the Revolution",
            "question": question,
            "id": "terror_question",
            "text": essay("french_revolution"),
            "key_terms": [["terror", "robespierre"], ["revolution", "revolutionar"]],
            "stance_poles": {
                "continuity": {"cue_groups": ["continuity_cues"], "words": "the Terror grew out of the Revolution", "answer": "no"},
                "discontinuity": {"cue_groups": ["discontinuity_cues"], "words": "the Terror betrayed the Revolution", "answer": "yes"},
            },
        },
    )
    assert created.status_code == 201, created.json
    vague = "The Terror happened in France. Many people lived in Paris at the time.\n"
    response = api.post("/v1/feedback", json={"text": vague, "reference": "terror_question"})
    assert response.status_code == 200
    thesis_items = [item for item in response.json["feedback"] if item["code"].startswith("THESIS_")]
    assert thesis_items and all(question in item["message"] for item in thesis_items)
    assert not any("Stalin" in item["message"] for item in response.json["feedback"])
    bad = api.post(
        "/v1/references",
        json={"title": "x", "question": "q?", "text": "Some text.", "stance_poles": {"for": {"cue_groups": ["nonsense"]}}},
    )
    assert_problem(bad, 422)


def test_a_question_sent_with_the_essay_is_the_one_answered(api):
    question = "Was the New Economic Policy a retreat from socialism?"
    text = "Markets opened in the towns in the 1920s. Peasants sold their grain there.\n"
    response = api.post("/v1/feedback", json={"text": text, "question": question})
    assert response.status_code == 200
    worded = [item["message"] for item in response.json["feedback"] if item["code"].startswith("THESIS_")]
    assert worded and all(question in message for message in worded)
    assert response.json["comparison"]["reference"]["id"] == "lenin_stalin_continuity"
    too_long = api.post("/v1/feedback", json={"text": text, "question": "x" * 501})
    assert_problem(too_long, 422)


def test_a_question_sent_without_stances_gets_no_stance_advice(api):
    response = api.post(
        "/v1/feedback", json={"text": "Cars fill our cities. Cities should ban cars.", "question": "Should cities ban cars?"}
    )
    assert response.status_code == 200
    assert response.json["thesis"]["text"] == "Cities should ban cars."
    assert "THESIS_STANCE_UNCLEAR" not in [item["code"] for item in response.json["feedback"]]
