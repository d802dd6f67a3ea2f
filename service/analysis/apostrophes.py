"""Curly apostrophes, read by the trained pipeline as it reads straight ones.

Essays pasted from a word processor or a web page write "It’s", "wasn’t" and "they’re" with the
typographic apostrophe (U+2019). The trained English pipeline learnt its clitics with the
straight one: it tags "n’t" as punctuation, so "Stalin’s rule wasn’t Lenin’s" loses its
negation, and "It’s" gets the lemma "’" where "It's" gets "be". Its model reads a token
through its lexeme's NORM, PREFIX, SUFFIX and SHAPE, and its attribute ruler through LOWER:
given the straight spelling's values, a word with a curly apostrophe is tagged, parsed and
lemmatized as the straight one is, while the text and every offset stay the writer's.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

# The clitics spaCy's English tokenizer splits off ("It’s" -> "It", "’s"; "wasn’t" -> "was", "n’t").
CLITICS = ("'s", "'re", "'m", "'ve", "'ll", "'d", "n't")
CURLY = "\u2019"


def read_as_straight(vocab: Vocab, words) -> None:
    """Give the lexeme of each word spelt with a curly apostrophe the reading attributes of its
    straight spelling."""
    for word in words:
        curly, model = vocab[word], vocab[word.replace(CURLY, "'")]
        curly.norm_, curly.lower_, curly.shape_ = model.norm_, model.lower_, model.shape_
        curly.prefix_, curly.suffix_ = model.prefix_, model.suffix_


def curly_words(doc: Doc) -> set[str]:
    """The Doc's words with a curly apostrophe and a letter: "n’t", "O’Brien", not a lone "’",
    which is a closing quote as often as an apostrophe."""
    if CURLY not in doc.text:
        return set()
    return {token.text for token in doc if CURLY in token.text and any(char.isalpha() for char in token.text)}


class CurlyApostrophes:
    """The curly clitics are set up once, when the component is made and when a saved pipeline is
    read back (the vocabulary is read before it); any other word with a curly apostrophe
    ("O’Brien", "DIDN’T") when a Doc holds it, since a memory zone may drop its lexeme after."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.vocab = nlp.vocab
        forms = [form for clitic in CLITICS for form in (clitic, clitic.upper())]
        self.clitics = frozenset(form.replace("'", CURLY) for form in forms)
        self._set_up_clitics()

    def __call__(self, doc: Doc) -> Doc:
        read_as_straight(self.vocab, curly_words(doc) - self.clitics)
        return doc

    def from_disk(self, path, *, exclude=tuple()) -> "CurlyApostrophes":
        self._set_up_clitics()
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Nothing to write: the component keeps no state of its own."""

    def _set_up_clitics(self) -> None:
        read_as_straight(self.vocab, self.clitics)


@Language.factory(
    "curly_apostrophes", assigns=["token.norm", "token.lower", "token.shape", "token.prefix", "token.suffix"]
)
def make_curly_apostrophes(nlp: Language, name: str) -> CurlyApostrophes:
    return CurlyApostrophes(nlp, name)
