"""Text of a Word .docx essay: body paragraphs in order, then its footnotes and endnotes.

A footnote reference becomes "[n]" where it stands in the sentence, and each note becomes
a paragraph "[n] note text" after the body, numbered as Word shows them (by order of
reference), so citations kept in footnotes stay visible to the analysis.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from service.extraction.archives import open_package, read_member
from service.extraction.errors import UnreadableFile
from service.extraction.limits import ExtractionLimits

KIND = "Word (.docx)"
DOCUMENT_PART = "word/document.xml"
NOTE_PARTS = ((RELATIONSHIP_TYPE.FOOTNOTES, "footnote"), (RELATIONSHIP_TYPE.ENDNOTES, "endnote"))
PARAGRAPH = qn("w:p")
RUN_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "\u2011"}
NOTE_REFERENCES = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}
# Only these elements carry visible text: deleted tracked changes (w:delText) and field
# codes (w:instrText) are in the file but not on the page, and are skipped by omission.


def docx_text(data: bytes, filename: str, limits: ExtractionLimits) -> str:
    archive = open_package(data, filename, KIND, limits)
    if read_member(archive, DOCUMENT_PART, filename, KIND) is None:
        raise UnreadableFile(f"{filename} is not a Word document: it is a zip file without {DOCUMENT_PART}.")
    try:
        document = docx.Document(io.BytesIO(data))
        notes = {kind: _notes(document, relationship) for relationship, kind in NOTE_PARTS}
    except Exception as error:  # noqa: BLE001 - any parser failure on an untrusted file is a damaged file
        raise UnreadableFile(f"{filename} is a damaged Word document and cannot be read.") from error
    numbers: dict[tuple[str, str], int] = {}
    body = [_paragraph_text(paragraph, numbers) for paragraph in document.element.body.iter(PARAGRAPH)]
    # Notes numbered in order of first reference, as Word displays them.
    for (kind, note_id), number in sorted(numbers.items(), key=lambda item: item[1]):
        note = notes[kind].get(note_id)
        if note is not None:
            body.append(f"[{number}] " + " ".join(_paragraph_text(p, numbers) for p in note.iter(PARAGRAPH)).strip())
    return "\n".join(body)


def _notes(document, relationship: str) -> dict[str, object]:
    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == relationship and not rel.is_external), None)
    if part is None:
        return {}
    root = parse_xml(part.blob)
    # Notes of a "separator" type draw the line above the notes; they hold no text.
    return {note.get(qn("w:id")): note for note in root if note.get(qn("w:type")) in (None, "normal")}


def _paragraph_text(paragraph, numbers: dict[tuple[str, str], int]) -> str:
    return "".join(_pieces(paragraph, numbers))


def _pieces(element, numbers: dict[tuple[str, str], int]) -> Iterator[str]:
    for child in element:
        tag = child.tag
        if tag == PARAGRAPH:
            # A paragraph in a text box is a paragraph of its own; the body walk reaches it.
            continue
        if tag in RUN_TEXT:
            fixed = RUN_TEXT[tag]
            yield (child.text or "") if fixed is None else fixed
        elif tag in NOTE_REFERENCES:
            key = (NOTE_REFERENCES[tag], child.get(qn("w:id")))
            yield f"[{numbers.setdefault(key, len(numbers) + 1)}]"
        else:
            yield from _pieces(child, numbers)
