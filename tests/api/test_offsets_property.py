"""Offsets round-trip on arbitrary text: whatever a client sends, text[start:end] is what we report."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


ESSAYISH = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list(" \n\r\t\u00a0.,;()\"“”″’[]1923Lenin Stalin")),
    ),
    max_size=300,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ESSAYISH)
def test_offsets_round_trip_on_arbitrary_text(analyzer, text):
    analysis = analyzer.analyze(text)
    for sentence in analysis.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        paragraph = analysis.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start and sentence.end <= paragraph.end
    for citation in analysis.citations:
        assert text[citation.start : citation.end] == citation.text
    if analysis.thesis:
        assert text[analysis.thesis.start : analysis.thesis.end] == analysis.thesis.text
    for item in analysis.feedback:
        if item.start is not None:
            assert 0 <= item.start <= item.end <= len(text)


@given(text=ESSAYISH)
def test_paragraphs_are_the_non_blank_lines(text, essay_paragraphs):
    spans = essay_paragraphs.split(text)
    assert [text[start:end] for start, end in spans] == [line.strip() for line in text.splitlines() if line.strip()]
