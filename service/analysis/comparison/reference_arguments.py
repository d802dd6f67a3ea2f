"""The arguments a reference essay makes: curated in its metadata, or derived from its paragraphs.

Curated arguments (`arguments` in `<id>.json`) give an id, a short label, the reference
paragraphs that make the argument, and cues: `phrases` and `entities` (one is enough) and
`lemmas` (two different ones in a sentence are needed). Cues are lemmatized once with the
same pipeline as the essays, so "collective farms" matches the cue "collective farm".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language

from service.analysis.comparison.features import EssayFeatures
from service.analysis.model import EssayAnalysis

DERIVED_CUE_LEMMAS = 8
DERIVED_LABEL_WORDS = 12


@dataclass
class ReferenceArgument:
    id: str
    label: str
    phrases: list[tuple[str, ...]]
    lemmas: frozenset[str]
    paragraphs: list[int] = field(default_factory=list)
    curated: bool = True


LEMMA_COMPONENTS = frozenset({"tok2vec", "tagger", "attribute_ruler", "lemmatizer", "morphologizer"})
PHRASE_BATCH_SIZE = 256
CUE_KEYS = ("phrases", "entities", "lemmas")


def lemmatize_phrases(nlp: Language, phrases: list[str]) -> list[tuple[str, ...]]:
    """Each phrase's lower-cased lemmas, punctuation left out; the phrases go through the pipeline together."""
    docs = [nlp.make_doc(phrase) for phrase in phrases]
    for name, component in nlp.pipeline:
        # Only what lemmas need: tagger/attribute_ruler/lemmatizer, not the parser, entities or essay components.
        if name in LEMMA_COMPONENTS:
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=PHRASE_BATCH_SIZE))
            else:
                docs = [component(doc) for doc in docs]
    return [
        tuple((token.lemma_ or token.text).lower() for token in doc if not (token.is_punct or token.is_space))
        for doc in docs
    ]


def load_arguments(metadata: dict, nlp: Language) -> list[ReferenceArgument]:
    """The curated arguments of a reference's metadata, cues lemmatized."""
    entries = metadata.get("arguments", [])
    # Every cue of every argument lemmatized in one batch: one pass per cue costs a second per reference.
    cues = list(dict.fromkeys(cue for entry in entries for key in CUE_KEYS for cue in entry.get(key, [])))
    lemmatized = dict(zip(cues, lemmatize_phrases(nlp, cues)))
    arguments = []
    for entry in entries:
        phrases = {lemmatized[phrase] for phrase in [*entry.get("phrases", []), *entry.get("entities", [])]}
        lemmas = set()
        for word in entry.get("lemmas", []):
            lemmas.update(lemmatized[word])
            lemmas.add(word.lower())
        arguments.append(
            ReferenceArgument(
                id=entry["id"],
                label=entry.get("label", entry["id"].replace("_", " ")),
                phrases=sorted(phrase for phrase in phrases if phrase),
                lemmas=frozenset(lemmas),
                paragraphs=list(entry.get("paragraphs", [])),
            )
        )
    return arguments


def derive_arguments(analysis: EssayAnalysis, features: EssayFeatures) -> list[ReferenceArgument]:
    """One argument per body paragraph, for references nobody has curated yet.

    The label is the paragraph's opening sentence (its claim) without citations; the cues are the paragraph's most
    distinctive lemmas (frequent in it, rare in the rest of the essay) and its entities.
    """
    arguments = []
    for paragraph in analysis.paragraphs:
        if paragraph.role != "body":
            continue
        members = [sentence for sentence in features.sentences if sentence.paragraph == paragraph.index]
        if not members:
            continue
        counts = features.paragraph_lemmas(paragraph.index)
        ranked = sorted(counts, key=lambda lemma: (-counts[lemma] * features.weight(lemma), lemma))
        entities: Counter = Counter()
        for sentence in members:
            entities.update(sentence.names)
        first = analysis.sentences[members[0].index]
        cut = min((c.start for c in analysis.citations if c.sentence == first.index), default=first.end)
        opening = first.text[: cut - first.start].rstrip(" ,;:.").split()
        label = " ".join(opening[:DERIVED_LABEL_WORDS]) + (" ..." if len(opening) > DERIVED_LABEL_WORDS else "")
        arguments.append(
            ReferenceArgument(
                id=f"paragraph_{paragraph.index}",
                label=label,
                phrases=sorted({tuple(entity.split()) for entity in entities}),
                lemmas=frozenset(ranked[:DERIVED_CUE_LEMMAS]),
                paragraphs=[paragraph.index],
                curated=False,
            )
        )
    return arguments
