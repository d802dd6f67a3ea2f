"""Where the components put what they find: span groups of the Doc, with span attributes.

    doc.spans["paragraphs"]   span._.role                     essay_paragraphs, essay_question_title
    doc.spans["sentences"]    span._.paragraph, span._.roles  essay_sentences, argument_roles
    doc.spans["citations"]    span._.style, _.source, _.sources, _.kind, _.quoted,       citation_finder
                              _.unresolved
    doc.spans["works_cited"]  span._.note, _.source, _.cited, _.matches                  works_cited_matcher
    doc.spans["thesis"]       span._.stance, _.confidence, _.unclear                     argument_roles

A span's attributes belong to its start and end (spaCy keys them by the span's characters), so
spans of different groups over the same tokens share them: every group's attributes have
names of their own.

Attribute values are strings, numbers, booleans and lists of them, so a Doc goes through
`DocBin(store_user_data=True)` whole. A span covers whole tokens; where what was found begins
or ends inside a token (a note number glued to a word, "factions.3"), the group's
`span._.<group>_offsets` holds its own character offsets. The Doc getters (`doc._.paragraphs`, `doc._.citations`, ...)
give the groups back as the objects the detectors and `build_analysis` read; the module of
each component registers them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


# Where what a span stands for begins and ends inside its tokens, per group (see above).
OFFSETS = {"paragraphs": "paragraph_offsets", "citations": "citation_offsets", "works_cited": "entry_offsets"}
SPAN_ATTRIBUTES = {
    **dict.fromkeys(OFFSETS.values()),
    "role": None,
    "paragraph": None,
    "roles": None,
    "style": None,
    "source": None,
    "sources": None,
    "kind": None,
    "quoted": None,
    "unresolved": None,
    "note": None,
    "cited": False,
    "matches": None,
    "stance": "unclear",
    "confidence": 0.0,
    "unclear": False,
}


def char_offsets(span: Span, group: str) -> tuple[int, int]:
    """The character offsets of what `span` of `group` stands for (its own, or those it covers)."""
    offsets = span._.get(OFFSETS[group])
    return (offsets[0], offsets[1]) if offsets else (span.start_char, span.end_char)


def covering_span(doc: Doc, start: int, end: int, group: str) -> Span:
    """The tokens covering text[start:end] for `group`, with the exact offsets kept when they differ."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:  # nothing but white space: the token it falls in or after
        index = next((token.i for token in reversed(doc) if token.idx <= start), 0)
        span = doc[index : index + 1]
    if (span.start_char, span.end_char) != (start, end):
        span._.set(OFFSETS[group], [start, end])
    return span


def group(doc: Doc, name: str) -> list[Span] | None:
    """The spans of a group, or None before the component that writes it has run."""
    spans = doc.spans.get(name)
    return None if spans is None else list(spans)


def register_doc_getters(getters: dict) -> None:
    """Make each `doc._.NAME` a view of the span groups, through its getter."""
    for name, getter in getters.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=getter)


for _name, _default in SPAN_ATTRIBUTES.items():
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)
