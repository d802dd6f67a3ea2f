"""300 real student essays (PERSUADE 2.0 sample) go through the analysis without an error,
and every offset the analysis reports points at the text it reports."""

import json

import pytest

from conftest import SHARED_DATASETS

PERSUADE_SAMPLE = SHARED_DATASETS / "persuade_texts" / "sample_300.jsonl"

pytestmark = [
    pytest.mark.dataset,
    pytest.mark.skipif(not PERSUADE_SAMPLE.exists(), reason=f"{PERSUADE_SAMPLE} is absent"),
]


def test_every_essay_is_analysed_with_offsets_that_round_trip(analyzer):
    with PERSUADE_SAMPLE.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    assert len(texts) == 300
    analysed = 0
    for text, analysis in zip(texts, analyzer.analyze_many(texts, batch_size=32)):
        analysed += 1
        for sentence in analysis.sentences:
            assert text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip() and sentence.text
        for paragraph in analysis.paragraphs:
            assert 0 <= paragraph.start < paragraph.end <= len(text)
        for citation in analysis.citations:
            assert text[citation.start : citation.end] == citation.text
        if analysis.thesis is not None:
            thesis = analysis.thesis
            assert text[thesis.start : thesis.end] == thesis.text
            assert "thesis" in analysis.sentences[thesis.sentence].roles
        for item in analysis.feedback:
            if item.start is not None:
                assert 0 <= item.start <= item.end <= len(text)
    assert analysed == 300
