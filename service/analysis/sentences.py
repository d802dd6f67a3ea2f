"""Sentences as the essay's units: spaCy's sentences, trimmed of white space, tied to paragraphs."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from service.analysis.span_groups import group, register_doc_getters

register_doc_getters({"sentences": lambda doc: group(doc, "sentences")})


def trimmed(span: Span) -> Span | None:
    """The span without leading and trailing white-space tokens, or None if nothing is left."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end] if start < end else None


def entities_in(doc: Doc, spans: list[Span | None]) -> list[list[Span]]:
    """The named entities inside each span (none for None), as `span.ents` gives them.

    `Span.ents` rebuilds the whole document's entity list on every call, so asking each
    sentence in turn is quadratic in the essay's length (minutes for 3,000 short lines);
    this reads `doc.ents` once.
    """
    entities = doc.ents
    starts = [entity.start for entity in entities]
    found = []
    for span in spans:
        if span is None:
            found.append([])
            continue
        inside = entities[bisect_left(starts, span.start) : bisect_left(starts, span.end)]
        found.append([entity for entity in inside if entity.end <= span.end])
    return found


@Language.component(
    "essay_sentences", requires=["doc._.paragraphs", "doc.sents"], assigns=["doc._.sentences", "span._.paragraph", "span._.roles"]
)
def essay_sentences(doc: Doc) -> Doc:
    """Put trimmed sentences in doc.spans["sentences"] (`doc._.sentences`), each with its paragraph index."""
    paragraphs = doc._.paragraphs
    paragraph_starts = [paragraph.start for paragraph in paragraphs]
    sentences = []
    for sentence in doc.sents:
        span = trimmed(sentence)
        if span is None:
            continue
        first = max(bisect_right(paragraph_starts, span.start_char) - 1, 0)
        last = max(bisect_right(paragraph_starts, span.end_char - 1) - 1, 0)
        # The parser keeps the sentence starts set at line breaks, so a sentence spans
        # one paragraph; split it anyway if a model ever crosses one.
        for index in range(first, last + 1):
            paragraph = paragraphs[index]
            part = doc.char_span(
                max(span.start_char, paragraph.start), min(span.end_char, paragraph.end), alignment_mode="expand"
            )
            part = trimmed(part) if part is not None else None
            if part is None:
                continue
            part._.paragraph = index
            part._.roles = []
            sentences.append(part)
    doc.spans["sentences"] = sentences
    return doc
