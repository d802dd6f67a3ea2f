"""300 real student essays (PERSUADE 2.0 sample) go through the analysis without an error,
every offset the analysis reports points at the text it reports, and the trained pipeline
as the service loads it annotates them exactly as spaCy's own."""

import json

import numpy
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

from locations import SHARED_DATASETS
from service.analysis.pipeline import load_trained_pipeline
from service.config import DEFAULT_PIPELINE

ANNOTATIONS = [POS, TAG, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]

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


def test_the_trained_pipeline_as_loaded_annotates_like_spacys_own(stock_nlp):
    """The array attribute ruler and lemmatizer on 300 real essays: every token's annotations as spaCy's."""
    trained = load_trained_pipeline(DEFAULT_PIPELINE)
    with PERSUADE_SAMPLE.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    compared = 0
    for ours, theirs in zip(trained.pipe(texts, batch_size=32), stock_nlp.pipe(texts, batch_size=32)):
        assert numpy.array_equal(ours.to_array(ANNOTATIONS), theirs.to_array(ANNOTATIONS))
        compared += 1
    assert compared == 300
