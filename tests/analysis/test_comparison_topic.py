"""The off-topic check: the question's names and the reference's vocabulary, in enough sentences."""

import pytest

from service.analysis.comparison.topic import is_on_topic


@pytest.mark.parametrize(
    "share, hits, sentences, expected",
    [
        (0.5, 10, 20, True),
        (0.2, 4, 20, True),
        (0.15, 3, 20, False),  # a passing mention in a long text about something else
        (1.0, 1, 1, True),  # a one-sentence answer about Stalin
        (0.5, 1, 2, True),
        (0.0, 0, 1, False),
        (0.0, 0, 0, False),
    ],
)
def test_on_topic_thresholds(share, hits, sentences, expected):
    assert is_on_topic(share, hits, sentences) is expected


def test_a_paragraph_mentioning_stalin_once_in_a_text_on_something_else_is_off_topic(analyzer):
    from pathlib import Path

    from service.analysis.references import read_reference

    reference = read_reference(
        Path(__file__).resolve().parents[2] / "essay_samples" / "references" / "lenin_stalin_continuity.txt", analyzer
    )
    text = (
        "The Second World War changed farming in Britain. Land girls replaced the men who had joined the army. "
        "Fields that had been pasture were ploughed for wheat and potatoes. Rationing lasted until 1954. "
        "Food imports fell sharply because of submarine attacks. Farmers were paid more for their crops. "
        "Tractors replaced horses on many farms. Even Stalin sent no grain to Britain. "
        "Children helped with the harvest in the summer holidays. After the war, subsidies kept farm prices stable."
    )
    analysis = analyzer.analyze(text, reference)
    assert not analysis.comparison.topic.on_topic
    assert analysis.feedback[0].code == "OFF_TOPIC"
