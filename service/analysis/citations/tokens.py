"""Where tokens and sentences are, by character offset: shared by the citation detectors."""

from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Token


class TokenIndex:
    """Tokens and sentences by character offset (tokens may be wider than a marker: '😀(Service').

    Built from `Doc.to_array`, so an essay costs two array copies rather than a Python loop
    over its tokens; `sentence_start(i)` answers what `doc[i].sent.start` does, without
    spaCy's walk over the sentence.
    """

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        columns = doc.to_array([IDX, SENT_START])
        self.starts = columns[:, 0].tolist()
        self.sentence_starts = [i for i, flag in enumerate(columns[:, 1].tolist()) if flag == 1 or i == 0]
        self.sentence_chars = [self.starts[i] for i in self.sentence_starts]

    def sentence_start(self, i: int) -> int:
        """The index of the first token of token i's sentence."""
        return self.sentence_starts[bisect_right(self.sentence_starts, i) - 1]

    def sentence_end(self, i: int) -> int:
        """The index after the last token of token i's sentence."""
        position = bisect_right(self.sentence_starts, i)
        return self.sentence_starts[position] if position < len(self.sentence_starts) else len(self.doc)

    def sentence_at(self, char: int) -> int:
        """The first token of the sentence holding character `char`."""
        return self.sentence_start(max(bisect_right(self.starts, char) - 1, 0))

    def at(self, char: int) -> Token | None:
        position = bisect_right(self.starts, char) - 1
        return self.doc[position] if position >= 0 else None

    def after(self, char: int) -> Token | None:
        """The first token that starts at or after `char`."""
        position = bisect_right(self.starts, char - 1)
        return self.doc[position] if position < len(self.doc) else None
