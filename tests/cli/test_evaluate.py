"""Scoring math on hand-made data, and the `evaluate` command on a tiny annotated folder."""

import json

import pytest

from service.cli import main
from service.evaluation.datasets import (
    AnnotatedEssay,
    GoldCitation,
    GoldSpan,
    as_one_block,
    hard_wrapped,
    line_per_sentence,
    load_dataset,
)
from service.evaluation.scoring import (
    Counts,
    gold_label,
    match_citations,
    match_citations_by_style,
    predicted_label,
    score_sentences,
)


def test_gold_label_is_the_span_covering_most_of_the_sentence():
    spans = [GoldSpan(0, 30, "Premise"), GoldSpan(30, 100, "Claim")]
    assert gold_label(20, 60, spans) == "Claim"  # 30 chars of Claim beat 10 of Premise
    assert gold_label(0, 25, spans) == "Premise"


def test_gold_label_needs_thirty_percent_coverage():
    spans = [GoldSpan(0, 3, "Claim")]
    assert gold_label(0, 10, spans) == "Claim"  # exactly 30%
    assert gold_label(0, 11, spans) is None  # 3/11 < 30%
    assert gold_label(20, 30, spans) is None


def test_predicted_label_priority():
    assert predicted_label(["claim", "evidence", "citation"]) == "Claim"
    assert predicted_label(["evidence", "thesis_restatement"]) == "MajorClaim"
    assert predicted_label(["rebuttal"]) == "Claim"
    assert predicted_label(["evidence"]) == "Premise"
    assert predicted_label(["citation"]) is None
    assert predicted_label([]) is None


def test_precision_recall_f1_by_hand():
    # Five sentences of ten characters each; gold: MajorClaim, Claim, Premise, Premise, none.
    spans = [GoldSpan(0, 10, "MajorClaim"), GoldSpan(10, 20, "Claim"), GoldSpan(20, 40, "Premise")]
    sentences = [
        (0, 10, "MajorClaim"),  # right
        (10, 20, "Premise"),  # Claim missed, a wrong Premise
        (20, 30, "Premise"),  # right
        (30, 40, None),  # Premise missed
        (40, 50, "Claim"),  # a Claim where there is nothing
    ]
    counts = score_sentences(sentences, spans)
    assert (counts["MajorClaim"].tp, counts["MajorClaim"].predicted, counts["MajorClaim"].gold) == (1, 1, 1)
    assert (counts["Claim"].tp, counts["Claim"].predicted, counts["Claim"].gold) == (0, 1, 1)
    assert (counts["Premise"].tp, counts["Premise"].predicted, counts["Premise"].gold) == (1, 2, 2)
    premise = counts["Premise"]
    assert premise.precision == pytest.approx(0.5)
    assert premise.recall == pytest.approx(0.5)
    assert premise.f1 == pytest.approx(0.5)
    assert counts["Claim"].f1 == 0.0


def test_f1_is_the_harmonic_mean():
    counts = Counts(tp=3, predicted=4, gold=6)  # P = .75, R = .5
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)  # 0.6


def test_citations_match_one_to_one_on_overlap():
    gold = [GoldCitation(10, 20), GoldCitation(30, 40)]
    predicted = [(12, 18), (15, 25), (50, 55)]  # two overlap the first gold marker only
    counts = match_citations(predicted, gold)
    assert (counts.tp, counts.predicted, counts.gold) == (1, 3, 2)
    assert counts.precision == pytest.approx(1 / 3)
    assert counts.recall == pytest.approx(1 / 2)


ESSAY = (
    "Was Stalinism a continuation of Leninism?\n"
    "Lenin died in 1924. I believe that Stalinism was a logical continuation of Leninism.\n"
    "Lenin founded the Cheka. In 1918 the Cheka shot hostages (Service, p. 45).\n"
    "Stalin built on the terror. In 1937 the NKVD arrested millions.\n"
    "In conclusion, Stalinism was a logical continuation of Leninism.\n"
)


@pytest.fixture
def tiny_dataset(tmp_path):
    (tmp_path / "tiny.txt").write_text(ESSAY, encoding="utf-8")
    labels = {
        "id": "tiny",
        "stance": "continuity",
        "spans": [
            {"label": "MajorClaim", "role": "thesis", "text": "I believe that Stalinism was a logical continuation of Leninism."},
            {"label": "Claim", "role": "claim", "text": "Lenin founded the Cheka."},
            {"label": "Premise", "role": "evidence", "text": "In 1918 the Cheka shot hostages (Service, p. 45)."},
            {"label": "Claim", "role": "claim", "text": "Stalin built on the terror."},
            {"label": "Premise", "role": "evidence", "text": "In 1937 the NKVD arrested millions."},
            {"label": "MajorClaim", "role": "thesis_restatement", "text": "In conclusion, Stalinism was a logical continuation of Leninism."},
        ],
        "citations": [{"text": "(Service, p. 45)", "style": "parenthetical", "source": "service"}],
    }
    (tmp_path / "tiny.labels.json").write_text(json.dumps(labels), encoding="utf-8")
    return tmp_path


def test_evaluate_prints_a_table_with_the_baseline(runner, tiny_dataset):
    result = runner.invoke(main, ["evaluate", str(tiny_dataset), "--baseline"])
    assert result.exit_code == 0, result.output
    assert "thesis (MajorClaim)" in result.output
    assert "baseline claim" in result.output
    assert "citation markers" in result.output
    assert "stance accuracy" in result.output


def test_evaluate_json_scores_a_perfectly_labelled_essay(runner, tiny_dataset):
    result = runner.invoke(main, ["evaluate", str(tiny_dataset), "--json", "--baseline"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    detectors = document["detectors"]
    assert detectors["essays"] == 1
    # A textbook essay: every role, the citation and the stance are found.
    for label in ("MajorClaim", "Claim", "Premise"):
        assert detectors["roles"][label]["f1"] == 1.0, label
    assert detectors["citations"]["f1"] == 1.0
    assert detectors["stance"] == {"accuracy": 1.0, "correct": 1, "total": 1}
    # The positional baseline marks the last sentence of the introduction and the first of
    # the conclusion (right), the first sentence of each body paragraph (right) and the rest
    # as evidence (right): this essay is too regular to tell them apart.
    assert document["baseline"]["roles"]["Claim"]["f1"] == 1.0


def test_evaluate_reports_an_unreadable_dataset(runner, tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(broken)])
    assert result.exit_code != 0
    assert "cannot read" in result.output


def test_one_block_joins_the_lines_after_the_first_and_keeps_every_offset():
    text = "Title\r\nFirst paragraph.\r\n\r\nSecond one.\nThird\u2029end."
    essay = AnnotatedEssay("x", text, [GoldSpan(7, 23, "Claim")])
    joined = as_one_block(essay)
    assert joined.text == "Title\r\nFirst paragraph.    Second one. Third end."
    assert len(joined.text) == len(text)
    assert joined.text[7:23] == text[7:23] == "First paragraph."
    assert as_one_block(AnnotatedEssay("y", "no line breaks", [])).text == "no line breaks"


def test_evaluate_one_block_reads_the_parts_of_the_joined_essay(runner, tiny_dataset):
    result = runner.invoke(main, ["evaluate", str(tiny_dataset), "--json", "--layout", "one-block"])
    assert result.exit_code == 0, result.output
    roles = json.loads(result.output)["detectors"]["roles"]
    # The joined essay is one paragraph of nine sentences: its thesis, its "In conclusion"
    # restatement and its evidence are still found.
    assert roles["MajorClaim"]["recall"] == 1.0
    assert roles["Premise"]["recall"] == 1.0


def test_the_other_layouts_keep_every_offset():
    text = 'Lenin ruled. Stalin followed him in 1924. "Quoted." end. ' * 3
    essay = AnnotatedEssay("x", text.strip(), [])
    lines = line_per_sentence(essay).text
    assert lines.splitlines()[:3] == ["Lenin ruled.", "Stalin followed him in 1924.", '"Quoted." end.']
    wrapped = hard_wrapped(essay, 20).text
    assert len(lines) == len(wrapped) == len(essay.text)
    assert all(len(line) <= 25 for line in wrapped.splitlines())
    assert wrapped.replace("\n", " ") == essay.text


def test_citation_styles_count_precision_and_recall_apart():
    # Gold: a parenthesis and a signal phrase. Predicted: the same signal phrase named a
    # parenthesis by the detector (it counts: one marker, whatever each side calls its
    # style), and a footnote where there is none.
    gold = [GoldCitation(0, 10, "parenthetical"), GoldCitation(20, 40, "signal_phrase")]
    predicted = [(22, 30, "parenthetical"), (50, 52, "footnote")]
    styles = match_citations_by_style(predicted, gold)
    assert (styles["parenthetical"].predicted, styles["parenthetical"].predicted_right) == (1, 1)
    assert (styles["parenthetical"].gold, styles["parenthetical"].gold_found) == (1, 0)
    assert (styles["signal_phrase"].gold, styles["signal_phrase"].gold_found) == (1, 1)
    assert styles["footnote"].precision == 0.0
    assert styles["signal_phrase"].recall == 1.0


GOLD_ESSAY = (
    "Lenin and Stalin\n\n"
    "Stalin did not betray Lenin: he finished the dictatorship Lenin began. "
    "Dzerzhinsky called the Cheka \"the sword of the revolution\"2 in 1918. In 1921 factions were banned (Service, 2000).\n"
)


@pytest.fixture
def gold_folder(tmp_path):
    (tmp_path / "01_essay.txt").write_text(GOLD_ESSAY, encoding="utf-8")
    (tmp_path / "02_background.txt").write_text("Lenin died in 1924. Stalin ruled until 1953.\n", encoding="utf-8")
    gold = {
        "01_essay": {
            "thesis_expected": True,
            "thesis": ["Stalin did not betray Lenin: he finished the dictatorship Lenin began."],
            "restatement": [],
            "stance": "continuity",
            "citations": [["Dzerzhinsky called", "signal"], ["2", "footnote"], ["(Service, 2000)", "parenthetical"]],
        },
        "02_background": {"thesis_expected": False, "thesis": [], "stance": "unclear", "citations": []},
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_a_gold_folder_locates_each_marker_in_reading_order(gold_folder):
    essays = {essay.id: essay for essay in load_dataset(gold_folder)}
    essay = essays["01_essay"]
    markers = [(essay.text[c.start : c.end], c.style) for c in essay.citations]
    # The bare "2" is the note number glued to the quote, not the 2 of "2000" or a date.
    assert markers == [("Dzerzhinsky called", "signal_phrase"), ("2", "footnote"), ("(Service, 2000)", "parenthetical")]
    assert essay.text[essay.citations[1].start - 1] == '"'
    assert [span.role for span in essay.spans] == ["thesis"]
    assert essays["02_background"].metadata["thesis_expected"] is False


def test_evaluate_on_a_gold_folder_reports_thesis_and_styles(runner, gold_folder):
    result = runner.invoke(main, ["evaluate", str(gold_folder), "--json"])
    assert result.exit_code == 0, result.output
    detectors = json.loads(result.output)["detectors"]
    thesis = detectors["thesis"]
    assert (thesis["expected"], thesis["not_expected"]) == (1, 1)
    assert thesis["found"] + thesis["missing_shown"] <= 1
    assert set(detectors["citation_styles"]) >= {"signal_phrase", "footnote", "parenthetical"}
    assert detectors["citation_styles"]["parenthetical"]["gold"] == 1
