"""Cue words misspelt: "In conlusion", "I beleive", "Futhermore", "becuase".

Students misspell the very words the detectors look for. This component gives a token that is
a one-slip misspelling of a cue word (data/spelling.json) that word's NORM, which the cue
matcher of argument_context.py reads, and the word as its lemma when the lemmatizer left the
misspelt form as it was ("beleive" -> "believe", so "I beleive that ..." states an opinion on
the parse). The text and every offset stay as sent.

A slip is one letter left out or doubled, two neighbouring letters swapped, or one vowel
written for another, never in the first letter. Slips that are English words themselves
("summery" for "summary") are listed in the data file by scripts/build_spelling.py and never
corrected; so is a slip of two cue words ("argue" for "argued" or "argues"). Only words of
`min_word_length` letters or more (the component's config) are taken: the slips of short words
are too often other words.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc

from service.analysis.lexicons import LexiconComponent

SPELLING_CONFIG = {"min_word_length": 6}
VOWELS = "aeiou"


def slips(word: str) -> set[str]:
    """The one-slip misspellings of `word` (lower case) that keep its first letter."""
    found = set()
    for i in range(1, len(word)):
        found.add(word[:i] + word[i + 1 :])  # a letter left out
        found.add(word[:i] + word[i] + word[i:])  # a letter doubled
        if i + 1 < len(word):
            found.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # neighbours swapped
        if word[i] in VOWELS:
            found.update(word[:i] + vowel + word[i + 1 :] for vowel in VOWELS)
    found.discard(word)
    return found


def corrections(
    words: list[str], english_words: list[str], min_word_length: int = SPELLING_CONFIG["min_word_length"]
) -> dict[str, str]:
    """Misspelling -> word for every cue word of `min_word_length` letters or more; a slip two
    words share, or that is a word, is left out."""
    words = [word for word in words if len(word) >= min_word_length]
    taken = set(words) | set(english_words)
    found: dict[str, str | None] = {}
    for word in words:
        for slip in slips(word):
            if slip not in taken:
                found[slip] = None if found.get(slip, word) != word else word
    return {slip: word for slip, word in found.items() if word is not None}


class CueSpelling(LexiconComponent):
    """Give misspelt cue words their right spelling as NORM (and lemma).

    Its word lists (data/spelling.json) are read in `initialize()`, or by `from_disk` from a
    saved pipeline.
    """

    LEXICONS = ("spelling",)

    def __init__(self, nlp: Language, name: str, min_word_length: int):
        self.nlp = nlp
        self.name = name
        self.min_word_length = min_word_length
        self.corrected: dict[int, tuple[str, str]] = {}
        self.slip_hashes = numpy.array([], dtype="uint64")

    def _build(self, lexicons: dict[str, dict]) -> None:
        """The cue words and the English words among their slips (data/spelling.json)."""
        data = lexicons["spelling"]
        nlp = self.nlp
        strings = nlp.vocab.strings
        # The word's own NORM, as the cue patterns have it: "summarise" is normed "summarize".
        self.corrected = {
            strings.add(slip): (word, nlp.vocab[word].norm_)
            for slip, word in corrections(data["cue_words"], data["english_words"], self.min_word_length).items()
        }
        self.slip_hashes = numpy.array(sorted(self.corrected), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lower = doc.to_array(LOWER)
        for i in numpy.flatnonzero(numpy.isin(lower, self.slip_hashes)):
            token = doc[int(i)]
            word, norm = self.corrected[int(lower[i])]
            if token.lemma == token.lower or not token.lemma:
                token.lemma_ = word
            token.norm_ = norm
        return doc


@Language.factory(
    "cue_spelling", default_config=SPELLING_CONFIG, assigns=["token.norm", "token.lemma"], requires=["token.lemma"]
)
def make_cue_spelling(nlp: Language, name: str, min_word_length: int) -> CueSpelling:
    return CueSpelling(nlp, name, min_word_length)
