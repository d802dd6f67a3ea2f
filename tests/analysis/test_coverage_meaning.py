"""A teacher sees which of the reference's arguments an essay makes, and the sentence that makes each.

An argument counts when a sentence says it, not when the essay names one of its cue words:
the Treaty of Brest-Litovsk, mentioned to date a turn in the terror, is no argument about
"socialism in one country".
"""

from pathlib import Path



REFERENCE_FILE = Path(__file__).resolve().parents[2] / "essay_samples" / "references" / "lenin_stalin_continuity.txt"

TERROR = (
    "Lenin created the Cheka in December 1917 to hunt down his enemies. "
    "After the Treaty of Brest-Litovsk in March 1918, the Left Socialist Revolutionaries left the government, "
    "and the Cheka soon turned on them as well. "
    "By the autumn of 1918 the Red Terror had made mass executions a normal tool of government."
)
RUSSIA_FIRST = (
    "Lenin, like Stalin after him, put the survival of the Soviet state ahead of the world revolution. "
    "He gave up Ukraine at Brest-Litovsk rather than risk the regime in a revolutionary war, and Stalin only gave "
    "this policy its name when he proclaimed socialism in one country."
)
WAR_ENDED = (
    "Lenin ended the war with Germany at Brest-Litovsk in March 1918. "
    "The terms were harsh, and many Bolsheviks wanted to fight on."
)


def essay(*body: str) -> str:
    return "\n\n".join(
        [
            "Lenin's State",
            "Stalinism grew out of the methods Lenin used to hold on to power.",
            *body,
            "In conclusion, Stalin inherited the state that Lenin built.",
        ]
    )


def coverage(analysis) -> dict:
    return {argument.id: argument for argument in analysis.comparison.arguments}


def test_mentioning_brest_litovsk_is_not_arguing_socialism_in_one_country(analyzer, reference):
    analysis = analyzer.analyze(essay(TERROR, WAR_ENDED), reference)
    found = coverage(analysis)
    assert not found["socialism_in_one_country"].covered
    assert found["socialism_in_one_country"].covered_by is None
    assert found["socialism_in_one_country"].sentences == []
    # The terror paragraph does make its own argument, through its claim.
    terror = found["suppression_of_opposition"]
    assert terror.covered
    assert analysis.sentences[terror.covered_by.sentence].text.startswith("Lenin created the Cheka")


def test_putting_russia_before_world_revolution_is_socialism_in_one_country(analyzer, reference):
    text = essay(TERROR, RUSSIA_FIRST)
    analysis = analyzer.analyze(text, reference)
    found = coverage(analysis)["socialism_in_one_country"]
    assert found.covered
    covering = found.covered_by
    assert text[covering.start : covering.end] == analysis.sentences[covering.sentence].text
    assert "ahead of the world revolution" in text[covering.start : covering.end]
    assert covering.sentence in found.sentences
    assert 0 < covering.similarity <= 1


def test_the_covering_sentence_is_in_the_json_with_its_offsets(client):
    text = essay(TERROR, RUSSIA_FIRST)
    document = client.post("/v1/feedback", json={"text": text}).get_json()
    arguments = {argument["id"]: argument for argument in document["comparison"]["arguments"]}
    covering = arguments["socialism_in_one_country"]["covered_by"]
    assert set(covering) == {"sentence", "start", "end", "similarity"}
    assert text[covering["start"] : covering["end"]].startswith("Lenin, like Stalin after him")
    assert arguments["crushing_workers_revolts"]["covered"] is False
    assert arguments["crushing_workers_revolts"]["covered_by"] is None


def test_every_argument_of_the_reference_is_covered_by_one_of_its_own_paragraphs(analyzer, reference):
    analysis = analyzer.analyze(reference.text, reference)
    for argument in analysis.comparison.arguments:
        curated = next(a for a in reference.profile.arguments if a.id == argument.id)
        assert argument.covered, argument.id
        assert analysis.sentences[argument.covered_by.sentence].paragraph in curated.paragraphs, argument.id
