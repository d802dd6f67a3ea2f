"""Whatever a client sends, the comparison holds together: offsets, indices, shares and scores in range."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import FeedbackSchema

REFERENCE_FILE = Path(__file__).resolve().parents[2] / "essay_samples" / "references" / "lenin_stalin_continuity.txt"
ESSAYISH = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list(" \n\r\t\u00a0.,;()\"“”″’[]1921 Lenin Stalin Kronstadt faction NEP")),
    ),
    max_size=300,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ESSAYISH)
def test_comparison_is_consistent_on_arbitrary_text(analyzer, reference, text):
    analysis = analyzer.analyze(text, reference)
    comparison = analysis.comparison
    assert 0.0 <= comparison.overlap.share <= 1.0
    reference_sentences = len(reference.analysis.sentences)
    for pair in comparison.overlap.pairs:
        assert text[pair.start : pair.end] == analysis.sentences[pair.sentence].text
        assert 0 <= pair.reference_sentence < reference_sentences
    for argument in comparison.arguments:
        assert argument.covered == bool(argument.sentences)
        assert all(0 <= index < len(analysis.sentences) for index in argument.sentences)
    for criterion in analysis.scores.criteria.values():
        assert 0 <= criterion.score <= criterion.max == 4
    assert 0 <= analysis.scores.overall <= 4
    schema = FeedbackSchema()
    assert schema.validate(schema.dump(analysis)) == {}
