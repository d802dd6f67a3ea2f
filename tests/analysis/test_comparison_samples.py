"""The sample essays in essay_samples/ (see its README): what a teacher expects for each.

The samples arrive from the `essays` branch; until they are present these tests skip.
"""

from pathlib import Path

import pytest

from service.analysis.references import read_reference

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "essay_samples"
REFERENCE_FILE = SAMPLES / "references" / "lenin_stalin_continuity.txt"
pytestmark = pytest.mark.skipif(
    not (SAMPLES / "strong_continuity.txt").exists(), reason="the sample essays are not in essay_samples yet"
)


def sample(name: str) -> str:
    path = SAMPLES / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"{path.name} is not in essay_samples yet")
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def compare(analyzer):
    reference = read_reference(REFERENCE_FILE, analyzer)
    return lambda name: analyzer.analyze(sample(name), reference)


def codes(analysis) -> list[str]:
    return [item.code for item in analysis.feedback]


def covered(analysis) -> set[str]:
    return {argument.id for argument in analysis.comparison.arguments if argument.covered}


def test_strong_continuity(compare):
    analysis = compare("strong_continuity")
    assert "REFERENCE_COPIED" not in codes(analysis)
    assert analysis.comparison.overlap.share < 0.1
    # Its four body paragraphs: socialism in one country, state control of the economy,
    # soviet democracy and Kronstadt, the ban on factions and one-man rule; plus the NEP.
    assert {
        "socialism_in_one_country",
        "state_capitalism",
        "end_of_democracy",
        "crushing_workers_revolts",
        "ban_on_factions",
        "one_man_rule",
        "nep_counterargument",
    } <= covered(analysis)


def test_weak_short(compare):
    analysis = compare("weak_short")
    assert {"NO_CITATIONS", "REFERENCE_ARGUMENT_MISSING"} <= set(codes(analysis))
    assert "REFERENCE_COPIED" not in codes(analysis)
    assert len(covered(analysis)) <= 3
    assert analysis.scores.criteria["citations"].score == 0
    assert analysis.scores.overall < compare("strong_continuity").scores.overall


def test_copies_reference(compare, analyzer):
    analysis = compare("copies_reference")
    assert codes(analysis)[0] == "REFERENCE_COPIED"
    assert analysis.comparison.overlap.share >= 0.5
    assert sum(1 for pair in analysis.comparison.overlap.pairs if pair.kind == "copy") >= 15


def test_paraphrases_reference(compare):
    analysis = compare("paraphrases_reference")
    assert "REFERENCE_COPIED" in codes(analysis)
    assert sum(1 for pair in analysis.comparison.overlap.pairs if pair.kind == "paraphrase") >= 10


def test_opposite_stance(compare):
    analysis = compare("opposite_stance")
    assert analysis.comparison.topic.on_topic
    assert "REFERENCE_COPIED" not in codes(analysis)
    # Coverage reads meaning since issue 16: the NEP paragraph's claim ("Lenin's last economic
    # policy was one of patience with the peasantry") makes the NEP argument. Its next paragraph
    # answers the collectivisation argument only through "the Great Turn", "kulaks" and the
    # famine, in evidence sentences under a claim that says "that path": no sentence says it,
    # and the keyword match that counted it (on "peasant" and "famine") is what the issue
    # removed. A known miss, listed in docs/scoring.md.
    assert "nep_counterargument" in covered(analysis)
    nep = next(argument for argument in analysis.comparison.arguments if argument.id == "nep_counterargument")
    assert analysis.sentences[nep.covered_by.sentence].text.startswith("Lenin's last economic policy")
    reasons = [reason.lower() for criterion in analysis.scores.criteria.values() for reason in criterion.reasons]
    assert not any("disagree" in reason or "stance" in reason for reason in reasons)


def test_no_citations(compare):
    analysis = compare("no_citations")
    assert "NO_CITATIONS" in codes(analysis)
    assert analysis.scores.criteria["citations"].score == 0
    assert analysis.comparison.structure.student.sources == 0
    assert {"suppression_of_opposition", "ban_on_factions", "nep_counterargument"} <= covered(analysis)
