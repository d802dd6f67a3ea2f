"""spaCy's lemmatizer, with its answers looked up per Doc on arrays.

spaCy's rule lemmatizer walks a Doc token by token in Python: it builds a `Token`, reads its
part of speech and morphology, and for a base form (a singular noun, an infinitive, most
adjectives: about half the words of an essay) works the lemma out again every time, since
only the other forms go into its cache. Its answer depends only on the word, its part of
speech and its morphology, the key of that cache. `ArrayLemmatizer` reads those three
for every token with one `Doc.to_array`, answers from the same cache (base forms included),
asks the stock lemmatizer only for a key it has not seen, and writes the lemmas back with
one `Doc.from_array`: the same lemmas (tests/analysis/test_lemmas.py compares them) in a fraction of
the time. The cache is spaCy's own dict, so `bound_lemma_cache` keeps bounding it.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# The mode whose answer depends only on the word, its part of speech and its morphology,
# and the one trained English pipelines use.
CACHEABLE_MODES = ("rule",)


class ArrayLemmatizer:
    """A trained pipeline's lemmatizer, answering from its cache on token arrays.

    It keeps the stock lemmatizer (the language's own class, its tables) and saves and loads
    through it, so `nlp.to_disk` writes the tables and `spacy.load` reads them back.
    """

    def __init__(self, stock: Lemmatizer, name: str = "lemmatizer") -> None:
        self.name = name
        self.stock = stock

    def load(self, stock: Lemmatizer) -> None:
        stock._validate_tables(Errors.E1004)
        self.stock = stock

    @property
    def cache(self) -> dict:
        return self.stock.cache

    def initialize(self, get_examples=None, *, nlp: Language | None = None, lookups=None) -> None:
        self.stock.initialize(get_examples, nlp=nlp, lookups=lookups)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        stock, cache, strings = self.stock, self.stock.cache, doc.vocab.strings
        lemmas = []
        for position, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not stock.overwrite:
                lemmas.append(lemma)
                continue
            forms = cache.get((orth, pos, morph))
            if forms is None:
                forms = cache[orth, pos, morph] = stock.lemmatize(doc[position])
            lemmas.append(strings.add(forms[0]))
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64))
        return doc

    def to_disk(self, path, *, exclude=tuple()) -> None:
        self.stock.to_disk(path, exclude=exclude)

    def from_disk(self, path, *, exclude=tuple()) -> "ArrayLemmatizer":
        self.stock.from_disk(path, exclude=exclude)
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return self.stock.to_bytes(exclude=exclude)

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "ArrayLemmatizer":
        self.stock.from_bytes(data, exclude=exclude)
        return self


@Language.factory(
    "array_lemmatizer",
    default_config={"mode": "rule", "overwrite": False},
    assigns=["token.lemma"],
    requires=["token.pos"],
)
def make_array_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> ArrayLemmatizer:
    """The language's own lemmatizer (its tables from `initialize` or `from_disk`), run on arrays."""
    stock = nlp.create_pipe("lemmatizer", name=name, config={"model": None, "mode": mode, "overwrite": overwrite})
    return ArrayLemmatizer(stock, name)


def use_array_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Replace the pipeline's lemmatizer by its array form when its mode allows it."""
    stock = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if not isinstance(stock, Lemmatizer) or stock.mode not in CACHEABLE_MODES:
        return False
    config = {"mode": stock.mode, "overwrite": stock.overwrite}
    nlp.replace_pipe(name, "array_lemmatizer", config=config).load(stock)
    return True
