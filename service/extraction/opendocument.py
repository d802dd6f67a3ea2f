"""Text of an OpenDocument .odt essay: paragraphs and headings in order, then its notes.

Notes are rendered as in .docx files: "[n]" where the note is anchored, "[n] note text"
paragraphs after the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree

from service.extraction.archives import open_package, read_member
from service.extraction.errors import UnreadableFile
from service.extraction.limits import ExtractionLimits

KIND = "OpenDocument (.odt)"
ODT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _tag(name: str) -> str:
    return f"{{{TEXT_NS}}}{name}"


BLOCKS = {_tag("p"), _tag("h")}
SPACE, TAB, LINE_BREAK, NOTE = _tag("s"), _tag("tab"), _tag("line-break"), _tag("note")
NOTE_BODY = _tag("note-body")
MAX_SPACES = 200


def odt_text(data: bytes, filename: str, limits: ExtractionLimits) -> str:
    archive = open_package(data, filename, KIND, limits)
    mimetype = read_member(archive, "mimetype", filename, KIND)
    content = read_member(archive, "content.xml", filename, KIND)
    if content is None or (mimetype is not None and mimetype.strip() != ODT_MEDIA_TYPE.encode()):
        raise UnreadableFile(f"{filename} is not an OpenDocument text: it is a zip file of another kind.")
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        raise UnreadableFile(f"{filename} is a damaged OpenDocument file (content.xml is not valid XML).") from error
    body = root.find(f"{{{OFFICE_NS}}}body")
    if body is None:
        raise UnreadableFile(f"{filename} is a damaged OpenDocument file (it has no body).")
    notes: list[str] = []
    paragraphs = ["".join(_pieces(block, notes)) for block in _blocks(body)]
    paragraphs += [f"[{number}] {note}" for number, note in enumerate(notes, start=1)]
    return "\n".join(paragraphs)


def _blocks(element) -> Iterator:
    """Paragraphs and headings in document order, outside notes (those come at the end)."""
    for child in element:
        if child.tag in BLOCKS:
            yield child
        elif child.tag != NOTE:
            yield from _blocks(child)


def _pieces(element, notes: list[str]) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if child.tag == SPACE:
            yield " " * _space_count(child.get(_tag("c"), "1"))
        elif child.tag == TAB:
            yield "\t"
        elif child.tag == LINE_BREAK:
            yield "\n"
        elif child.tag == NOTE:
            note_body = child.find(NOTE_BODY)
            inner: list[str] = []
            text = " ".join("".join(_pieces(block, inner)) for block in _blocks(note_body)) if note_body is not None else ""
            notes.append(text.strip())
            yield f"[{len(notes)}]"
        else:
            yield from _pieces(child, notes)
        if child.tail:
            yield child.tail


def _space_count(value: str) -> int:
    # A crafted file could ask for a billion spaces; no real essay needs more than a line of them.
    try:
        return min(max(int(value), 1), MAX_SPACES)
    except ValueError:
        return 1
