"""The citation finder on whole essays with hand-labelled markers: precision and recall >= 0.95.

`tests/data/citation_essays/` are short essays written for these tests (see its README);
`essay_samples/annotated/` are the project's annotated essays, scored when they are there.
The same scoring, with every miss and false alarm listed, is `benchmarks/citation_markers.py`.
"""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OWN_ESSAYS = ROOT / "tests" / "data" / "citation_essays"
ANNOTATED = ROOT / "essay_samples" / "annotated"
PERSUADE = ROOT.parent / "shared" / "datasets" / "persuade_texts" / "sample_300.jsonl"

spec = importlib.util.spec_from_file_location("citation_markers", ROOT / "benchmarks" / "citation_markers.py")
citation_markers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(citation_markers)


def test_overlapping_spans_match_one_to_one():
    assert citation_markers.match_markers([(0, 5), (10, 15)], [(3, 12), (12, 20)]) == [(0, 0), (1, 1)]
    assert citation_markers.match_markers([(0, 5)], [(5, 9)]) == []


@pytest.mark.parametrize("folder", [OWN_ESSAYS, ANNOTATED], ids=["own", "annotated"])
def test_citation_markers_precision_and_recall(analyzer, folder):
    if not any(folder.glob("*.labels.json")):
        pytest.skip(f"no annotated essays in {folder}")
    overall = citation_markers.score([str(folder)], analyzer, verbose=False)["overall"]
    assert overall["gold"] > 0
    assert overall["matched"] / overall["predicted"] >= 0.95
    assert overall["matched"] / overall["gold"] >= 0.95


def test_own_essays_feedback_on_their_lists(client):
    def document(name):
        with (OWN_ESSAYS / f"{name}.txt").open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        return text, client.post("/v1/feedback", json={"text": text}).json

    text, mla = document("mla_works_cited")
    uncited = [text[i["start"] : i["end"]] for i in mla["feedback"] if i["code"] == "LISTED_SOURCE_NOT_CITED"]
    assert uncited == ["Pipes, Richard. The Russian Revolution. Knopf, 1990."]
    text, mixed = document("mixed_mla")
    unlisted = [text[i["start"] : i["end"]] for i in mixed["feedback"] if i["code"] == "CITED_SOURCE_NOT_LISTED"]
    assert unlisted == ["(qtd. in Pipes 390)"]
    text, notes = document("footnotes_notes")
    assert [entry["cited"] for entry in notes["works_cited"]] == [True] * 6 + [False]


@pytest.mark.skipif(not PERSUADE.exists(), reason="shared PERSUADE sample not available")
def test_real_student_essays_keep_citation_and_paragraph_offsets(analyzer):
    with PERSUADE.open(encoding="utf-8") as handle:
        # The first 60 keep the suite quick; `benchmarks/citation_markers.py --speed` runs all 300.
        texts = [json.loads(line)["text"] for line in handle if line.strip()][:60]
    for text, analysis in zip(texts, analyzer.analyze_many(texts)):
        for citation in analysis.citations:
            assert text[citation.start : citation.end] == citation.text and citation.source
        for entry in analysis.works_cited:
            assert text[entry.start : entry.end] == entry.text
        for paragraph in analysis.paragraphs:
            chunk = text[paragraph.start : paragraph.end]
            assert chunk == chunk.strip() and "\n" not in chunk
