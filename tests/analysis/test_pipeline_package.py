"""The analysis as a spaCy pipeline: factories, a saved folder `spacy.load` reads, span groups through DocBin."""

import json
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import DocBin

from schemas import FeedbackSchema
from service.analysis.analyzer import build_analysis
from service.analysis.lexicons import lexicon_path, load_lexicon
from service.analysis.model import AnalyzerInfo
from service.analysis.pipeline import save_pipeline
from service.analysis.question import Question, StancePole
from service.config import DEFAULT_PIPELINE

ESSAY = (
    "Was Stalinism a continuation of Leninism?\n\n"
    "I believe that Stalinism was a logical continuation of Leninism. Lenin banned factions in 1921 (Service, 2000, p. 427).\n\n"
    "As Kotkin argues, Stalin used the party Lenin built.\u00b9\n\n"
    "In conclusion, Stalinism continued what Lenin began.\n\n"
    "Works Cited\nService, Robert. Lenin: A Biography. Macmillan, 2000.\n"
)
INFO = AnalyzerInfo(version="test", spacy_version="test", pipeline="test")
ESSAY_FACTORIES = (
    "curly_apostrophes", "note_markers", "essay_paragraphs", "array_attribute_ruler", "array_lemmatizer", "cue_spelling",
    "essay_sentences", "essay_question_title", "citation_finder", "works_cited_matcher", "argument_roles",
)


def test_every_component_declares_what_it_writes_and_the_pipeline_shows_no_problems(nlp):
    for name in ESSAY_FACTORIES:
        meta = Language.get_factory_meta(name)
        assert meta.assigns, name
    assert nlp.analyze_pipes(pretty=False)["problems"] == {name: [] for name in nlp.pipe_names}
    # The thresholds of the thesis detector are the component's config.
    assert nlp.config["components"]["argument_roles"]["thesis"]["thesis_min_score"] == 2.0


def test_the_results_are_span_groups_with_attributes(nlp):
    doc = nlp(ESSAY)
    assert {"paragraphs", "sentences", "citations", "works_cited", "thesis"} <= set(doc.spans)
    (thesis,) = doc.spans["thesis"]
    assert thesis.text == "I believe that Stalinism was a logical continuation of Leninism."
    assert thesis._.stance == "continuity" and 0 < thesis._.confidence <= 1
    styles = {span.text: span._.style for span in doc.spans["citations"]}
    assert styles["(Service, 2000, p. 427)"] == "parenthetical"
    assert [span._.role for span in doc.spans["paragraphs"]][:2] == ["title", "introduction"]
    assert [span._.cited for span in doc.spans["works_cited"]] == [True]


def test_an_analysed_doc_goes_through_docbin_whole(nlp):
    doc = nlp(ESSAY)
    stored = DocBin(store_user_data=True)
    stored.add(doc)
    (restored,) = DocBin().from_bytes(stored.to_bytes()).get_docs(nlp.vocab)
    assert build_analysis(restored, INFO) == build_analysis(doc, INFO)
    assert restored._.citations == doc._.citations


def test_a_saved_pipeline_analyses_an_essay_in_a_fresh_interpreter(nlp, tmp_path):
    save_pipeline(nlp, tmp_path / "pipeline", DEFAULT_PIPELINE)
    # spaCy finds the essay components through the package's entry points: nothing imported first.
    code = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipeline')!r})\n"
        "doc = nlp(sys.stdin.read())\n"
        "from service.analysis.analyzer import build_analysis\n"
        "from service.analysis.model import AnalyzerInfo\n"
        "from schemas import FeedbackSchema\n"
        "analysis = build_analysis(doc, AnalyzerInfo('test', 'test', 'test'))\n"
        "curly = [token.lemma_ for token in nlp('It\u2019s true.')]\n"
        "print(json.dumps({'flask': 'flask' in sys.modules, 'feedback': FeedbackSchema().dump(analysis), 'curly': curly}))\n"
    )
    output = subprocess.run([sys.executable, "-c", code], input=ESSAY, capture_output=True, text=True, check=True, cwd=tmp_path)
    loaded = json.loads(output.stdout)
    assert loaded["flask"] is False
    assert loaded["feedback"] == json.loads(json.dumps(FeedbackSchema().dump(build_analysis(nlp(ESSAY), INFO))))
    assert loaded["feedback"]["thesis"]["text"].startswith("I believe")
    assert loaded["curly"][1] == "be"  # the curly apostrophe's clitic, read as the straight one


def test_save_pipeline_sources_only_the_components_the_package_has(nlp, tmp_path):
    save_pipeline(nlp, tmp_path, DEFAULT_PIPELINE)
    text = (tmp_path / "config.cfg").read_text()
    assert 'factory = "array_lemmatizer"' in text and 'factory = "cue_spelling"' in text
    assert (tmp_path / "argument_roles" / "thesis.json").exists()
    assert (tmp_path / "cue_spelling" / "spelling.json").exists()
    assert (tmp_path / "essay_question_title" / "question_prompts.json").exists()


def test_a_marker_inside_the_only_token_keeps_the_paragraph_and_sentence_whole(nlp):
    # "@²0" is one token: the paragraph, the sentence and the note marker "²" cover the same
    # token, and only the marker's own offsets are narrower (a case hypothesis found).
    doc = nlp("@²0")
    assert [(p.start, p.end) for p in doc._.paragraphs] == [(0, 3)]
    assert [(s.start_char, s.end_char) for s in doc._.sentences] == [(0, 3)]
    assert [(c.start, c.end, c.style) for c in doc._.citations] == [(1, 2, "footnote")]


def test_thresholds_and_weights_are_the_components_config(nlp):
    config = nlp.config["components"]
    assert config["essay_paragraphs"]["wrapped"]["min_lines"] == 5
    assert config["essay_question_title"]["max_words"] == 25
    assert config["cue_spelling"]["min_word_length"] == 6
    roles = config["argument_roles"]
    assert roles["thesis"]["cue_weights"]["opinion"] == 2.0
    assert roles["thesis"]["restatement_weights"]["conclusion_cue"] == 1.0
    assert roles["context"]["unbroken_min_sentences"] == 6
    assert roles["claims"]["opening_window"] == 3 and roles["evidence"]["min_support_words"] == 4


def test_a_threshold_changed_in_the_config_changes_what_the_component_finds():
    # Six lines broken mid-sentence at a fixed width: one paragraph, unless the config asks for
    # more wrapped lines than the text has.
    text = "\n".join([
        "The party Lenin built was the tool that Stalin", "used to rule the country for thirty years and",
        "more; it banned factions in 1921 when the", "tenth congress met, and Stalin kept that rule",
        "until he died in 1953, as every historian", "agrees.",
    ])
    counts = []
    for wrapped in ({}, {"wrapped": {"min_lines": 50, "min_length": 30, "share": 0.5, "full_share": 0.75}}):
        blank = spacy.blank("en")
        blank.add_pipe("essay_paragraphs", config=wrapped)
        blank.initialize()
        counts.append(len(blank(text).spans["paragraphs"]))
    assert counts == [1, 6]


def test_the_thesis_answer_model_is_saved_with_the_pipeline_and_read_back_from_it(nlp, tmp_path):
    save_pipeline(nlp, tmp_path, DEFAULT_PIPELINE)
    saved = tmp_path / "argument_roles" / "thesis_answer.json"
    model = json.loads(saved.read_text())
    question = Question("Was Stalinism a continuation of Leninism?", (("stalin",), ("lenin",)))

    def thesis_in(pipeline):
        doc = pipeline.make_doc(ESSAY)
        doc._.question = question
        return [span.text for span in pipeline(doc).spans["thesis"]]

    assert thesis_in(spacy.load(tmp_path)) == thesis_in(nlp) == ["I believe that Stalinism was a logical continuation of Leninism."]
    # A model that is never sure enough of any sentence, edited in the saved folder: no thesis.
    model["thresholds"]["candidate"] = 1.0
    saved.write_text(json.dumps(model))
    assert thesis_in(spacy.load(tmp_path)) == []


def test_a_doc_analysed_against_a_question_goes_through_docbin_with_its_question(nlp):
    question = Question(
        "Was Stalinism a continuation of Leninism?", (("stalin",), ("lenin",)),
        (StancePole("continuity", ("continuity_cues",), "Stalinism continued Leninism", "yes"),),
    )
    doc = nlp.make_doc(ESSAY)
    doc._.question = question
    doc = nlp(doc)
    stored = DocBin(store_user_data=True)
    stored.add(doc)
    (restored,) = DocBin().from_bytes(stored.to_bytes()).get_docs(nlp.vocab)
    assert restored._.question == question
    assert restored._.thesis.text == doc._.thesis.text and restored._.stance == "continuity"
    assert build_analysis(restored, INFO) == build_analysis(doc, INFO)
    doc._.question = None
    assert doc._.question is None


def test_the_question_prompts_are_saved_with_the_pipeline_and_read_back_from_it(nlp, tmp_path):
    save_pipeline(nlp, tmp_path, DEFAULT_PIPELINE)
    saved = tmp_path / "essay_question_title" / "question_prompts.json"
    prompts = json.loads(saved.read_text())
    prompts["command_words"], prompts["prompt_cues"] = [], []
    saved.write_text(json.dumps(prompts))
    loaded = spacy.load(tmp_path)

    def prompt(pipeline):
        doc = pipeline("Assess whether Stalinism was a logical continuation of Leninism.")
        doc[0].tag_ = "NNP"  # as the small model often reads it: known by its words only
        return pipeline.get_pipe("essay_question_title").is_question_title(doc[:])

    assert prompt(nlp) and not prompt(loaded)


# The word lists the citation and paragraph components read, each a data file of service/analysis/data.
COMPONENT_LEXICONS = {
    "note_markers": ("citations",),
    "essay_paragraphs": ("essay_parts", "run_in_list"),
    "citation_finder": ("citations", "signal_phrases", "works_cited", "essay_parts", "run_in_list"),
    "works_cited_matcher": ("citations", "works_cited", "essay_parts", "run_in_list"),
}
CITED = (
    "According to Kotkin, Stalin used the party Lenin built (Service, 2000, p. 4).\n\n"
    "Works Cited\nService, Robert. Lenin. Macmillan, 2000.\n"
)
# A heading naming no part the essay's lists know: the paragraph under it is a body paragraph.
UNDER_A_HEADING = (
    "Stalin continued Lenin's work in every way.\nSchluss\n"
    "The party Lenin built was Stalin's tool.\nIn the end Stalin only widened it."
)


def edit_saved(path, change):
    lexicon = json.loads(path.read_text(encoding="utf-8"))
    change(lexicon)
    path.write_text(json.dumps(lexicon, ensure_ascii=False), encoding="utf-8")


def test_the_citation_and_paragraph_word_lists_are_saved_with_the_pipeline(nlp, tmp_path):
    save_pipeline(nlp, tmp_path, DEFAULT_PIPELINE)
    for component, names in COMPONENT_LEXICONS.items():
        for name in names:
            assert json.loads((tmp_path / component / f"{name}.json").read_text(encoding="utf-8")) == load_lexicon(name)
    # Read back unchanged, they give the same analysis.
    loaded = spacy.load(tmp_path)
    assert build_analysis(loaded(CITED), INFO) == build_analysis(nlp(CITED), INFO)


def test_a_pipeline_loaded_from_disk_reads_the_saved_word_lists(nlp, tmp_path):
    save_pipeline(nlp, tmp_path, DEFAULT_PIPELINE)
    # Edited in the saved folder: no "according to" cue, "Works Cited" no heading to the matcher,
    # "Schluss" a heading that names the conclusion.
    edit_saved(
        tmp_path / "citation_finder" / "signal_phrases.json",
        lambda lexicon: lexicon.update(source_cues=[cue for cue in lexicon["source_cues"] if cue != "according to"]),
    )
    edit_saved(
        tmp_path / "works_cited_matcher" / "essay_parts.json",
        lambda lexicon: lexicon.update(works_cited_headings=[h for h in lexicon["works_cited_headings"] if h != "works cited"]),
    )
    edit_saved(
        tmp_path / "essay_paragraphs" / "essay_parts.json",
        lambda lexicon: lexicon["section_headings"]["conclusion"].append("schluss"),
    )
    loaded = spacy.load(tmp_path)

    def found(pipeline):
        doc = pipeline(CITED)
        citations = [CITED[citation.start : citation.end] for citation in doc._.citations]
        return citations, [entry.text for entry in doc._.works_cited]

    def roles(pipeline):
        return [paragraph.role for paragraph in pipeline(UNDER_A_HEADING)._.paragraphs]

    assert found(nlp) == (["According to Kotkin", "(Service, 2000, p. 4)"], ["Service, Robert. Lenin. Macmillan, 2000."])
    assert found(loaded) == (["(Service, 2000, p. 4)"], ["Works Cited", "Service, Robert. Lenin. Macmillan, 2000."])
    assert roles(nlp) == ["introduction", "heading", "body", "conclusion"]
    assert roles(loaded) == ["introduction", "heading", "conclusion", "conclusion"]


def test_no_module_reads_the_components_word_lists_at_import():
    # Every file opened while the analysis and its components are imported, in a fresh interpreter.
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
        "import service.analysis, service.analysis.pipeline\n"
        "print('\\n'.join(opened))\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    data = lexicon_path("feedback").parent
    read = {Path(line).stem for line in output.splitlines() if Path(line).parent == data}
    assert "feedback" in read  # the message catalogue is read at import: the hook sees data files opened
    assert not read & {name for names in COMPONENT_LEXICONS.values() for name in names}
