"""Turn the feedback document's offsets into a properly nested tree of highlighted spans.

Paragraphs, sentences (with their roles), feedback items and citations are intervals of
code points into the essay. They may nest (a citation inside an evidence sentence inside a
paragraph) or cross (a feedback item that runs over a paragraph break). HTML needs a tree,
so an interval that crosses its enclosing one is cut into pieces at the boundary; every
piece keeps the interval's roles and only the first carries its anchor id.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field

# Outer first when two intervals cover exactly the same text.
RANK = {"paragraph": 0, "sentence": 1, "feedback": 2, "citation": 3}


@dataclass
class Mark:
    """One interval to highlight: `kind` picks its element, `attrs` its data."""

    kind: str
    start: int
    end: int
    attrs: dict = field(default_factory=dict)
    anchor: str | None = None


@dataclass
class Node:
    """A rendered piece of a mark; a mark cut in pieces has one `first` and one `last` piece."""

    mark: Mark
    start: int
    end: int
    first: bool = True
    last: bool = True
    children: list = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.mark.kind

    @property
    def attrs(self) -> dict:
        return self.mark.attrs

    @property
    def anchor(self) -> str | None:
        return self.mark.anchor if self.first else None


def clip(start, end, length: int) -> tuple[int, int] | None:
    """Offsets clipped to the text, or None when they are missing or empty."""
    if start is None or end is None:
        return None
    start, end = max(0, int(start)), min(length, int(end))
    return (start, end) if start < end else None


def cut_at_outer_boundaries(marks: list[Mark]) -> list[tuple[int, int, Mark]]:
    """Pieces of every mark, cut wherever an outer kind (lower rank) starts or ends inside it.

    After the cut an inner kind never encloses a boundary of an outer kind, so a sentence
    stays inside its paragraph and a citation inside its sentence.
    """
    pieces = []
    boundaries: list[int] = []
    for rank in sorted({RANK.get(mark.kind, len(RANK)) for mark in marks}):
        same_rank = [mark for mark in marks if RANK.get(mark.kind, len(RANK)) == rank]
        for mark in same_rank:
            inside = boundaries[bisect.bisect_right(boundaries, mark.start) : bisect.bisect_left(boundaries, mark.end)]
            edges = [mark.start, *inside, mark.end]
            pieces += [(start, end, mark) for start, end in zip(edges, edges[1:])]
        boundaries = sorted(set(boundaries) | {edge for mark in same_rank for edge in (mark.start, mark.end)})
    return pieces


def nest(text: str, marks: list[Mark]) -> list:
    """The text as a list of strings and `Node`s whose children are in text order.

    Text outside every mark comes back as plain strings; the pieces of all marks nest.
    """
    kept = []
    for mark in marks:
        span = clip(mark.start, mark.end, len(text))
        if span:
            mark.start, mark.end = span
            kept.append(mark)
    order = {id(mark): number for number, mark in enumerate(kept)}
    queue = [
        (start, -end, RANK.get(mark.kind, len(RANK)), order[id(mark)], mark)
        for start, end, mark in cut_at_outer_boundaries(kept)
    ]
    heapq.heapify(queue)
    root = Node(Mark("root", 0, len(text)), 0, len(text))
    stack = [root]
    pieces: dict[int, Node] = {}  # the last piece of each mark so far
    while queue:
        start, negative_end, rank, number, mark = heapq.heappop(queue)
        end = -negative_end
        while stack[-1].end <= start:
            stack.pop()
        parent = stack[-1]
        if end > parent.end:
            # Crosses a mark of its own kind (two overlapping feedback items): cut it there.
            heapq.heappush(queue, (parent.end, -end, rank, number, mark))
            end = parent.end
        if parent is root and mark.kind != "paragraph" and not text[start:end].strip():
            continue  # white space between paragraphs: nothing to highlight there
        node = Node(mark, start, end, first=id(mark) not in pieces, last=False)
        pieces[id(mark)] = node
        parent.children.append(node)
        stack.append(node)
    for node in pieces.values():
        node.last = True
    fill(text, root)
    return root.children


def fill(text: str, node: Node) -> None:
    """Put the text between a node's child nodes in place, recursively."""
    pieces, position = [], node.start
    for child in node.children:
        if child.start > position:
            pieces.append(text[position : child.start])
        fill(text, child)
        pieces.append(child)
        position = child.end
    if position < node.end:
        pieces.append(text[position : node.end])
    node.children = pieces


def paragraph_marks(text: str, paragraphs: list[dict]) -> list[Mark]:
    """A mark per paragraph, plus one for any non-blank text no paragraph covers."""
    marks, covered = [], []
    for paragraph in paragraphs:
        span = clip(paragraph.get("start"), paragraph.get("end"), len(text))
        if not span:
            continue
        covered.append(span)
        marks.append(
            Mark(
                "paragraph",
                *span,
                attrs={"index": paragraph.get("index"), "role": paragraph.get("role") or "other"},
                anchor=f"p-{paragraph.get('index')}",
            )
        )
    position = 0
    for start, end in sorted(covered) + [(len(text), len(text))]:
        gap = text[position:start]
        if gap.strip():
            # Keep every character visible, even if the analysis left it outside a paragraph.
            lead = len(gap) - len(gap.lstrip())
            trail = len(gap) - len(gap.rstrip())
            marks.append(Mark("paragraph", position + lead, start - trail, attrs={"index": None, "role": "other"}))
        position = max(position, end)
    return marks


def mark_of(kind: str, item: dict, anchor: str, **attrs) -> Mark:
    """A mark over a document entry's `start`/`end`."""
    return Mark(kind, item.get("start"), item.get("end"), attrs=attrs, anchor=anchor)


def essay_marks(text: str, document: dict) -> list[Mark]:
    """Every interval the report highlights, from the serialized feedback document."""
    marks = paragraph_marks(text, document.get("paragraphs") or [])
    marks += [
        mark_of("sentence", sentence, f"s-{sentence.get('index')}", index=sentence.get("index"), roles=list(sentence.get("roles") or []))
        for sentence in document.get("sentences") or []
    ]
    marks += [
        mark_of("feedback", item, f"fb-{number}", number=number, code=item.get("code"), severity=item.get("severity"))
        for number, item in enumerate(document.get("feedback") or [], start=1)
    ]
    marks += [
        mark_of("citation", citation, f"c-{number}", source=citation.get("source"), style=citation.get("style"))
        for number, citation in enumerate(document.get("citations") or [], start=1)
    ]
    return marks


def linked_feedback(text: str, document: dict) -> set[int]:
    """Numbers (1-based) of the feedback items that point at text the report shows."""
    return {
        number + 1
        for number, item in enumerate(document.get("feedback") or [])
        if clip(item.get("start"), item.get("end"), len(text))
    }
