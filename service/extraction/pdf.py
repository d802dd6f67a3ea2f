"""Text of a PDF essay from its text layer (pypdf), with the page's hard line breaks undone.

A PDF has no paragraphs, only lines placed on a page. The analysis reads a line break as
a paragraph break, so lines are joined back into paragraphs: a paragraph ends at a blank
line, before a vertical gap clearly wider than the page's line spacing, or at a line
clearly shorter than the page's full lines (the last line of a paragraph). This is the one
place that guesses at layout; `reflow_lines` has its tests beside it.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

from service.extraction.errors import FileTooLarge, UnreadableFile
from service.extraction.limits import ExtractionLimits

# A line shorter than this share of the page's longest lines ends its paragraph.
SHORT_LINE_SHARE = 0.75
# A gap this much wider than the usual line spacing separates paragraphs.
PARAGRAPH_GAP_FACTOR = 1.4
# A line ending in a hyphen before a lower-case word was split inside that word.
HYPHENS = ("-", "\u00ad")


def pdf_text(data: bytes, filename: str, limits: ExtractionLimits) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as error:  # noqa: BLE001 - pypdf reports damage with many exception types
        raise UnreadableFile(f"{filename} is a damaged PDF and cannot be read.") from error
    if encrypted:
        raise UnreadableFile(f"{filename} is an encrypted (password-protected) PDF. Save a copy without a password.")
    try:
        pages = reader.pages
        if len(pages) > limits.max_pdf_pages:
            raise FileTooLarge(f"{filename} has {len(pages):,} pages; the limit is {limits.max_pdf_pages:,}.")
        page_lines = [_lines_with_heights(page) for page in pages]
    except FileTooLarge:
        raise
    except Exception as error:  # noqa: BLE001 - as above, for damage found page by page
        raise UnreadableFile(f"{filename} is a damaged PDF: its text cannot be read.") from error
    paragraphs = [paragraph for lines, heights in page_lines for paragraph in reflow_lines(lines, heights)]
    if not any(paragraph.strip() for paragraph in paragraphs):
        raise UnreadableFile(
            f"{filename} has no text layer: it is a scanned or image-only PDF. "
            "Export the essay from the word processor as PDF, or send it as .docx or .txt."
        )
    return "\n".join(paragraphs)


def _lines_with_heights(page) -> tuple[list[str], list[float | None]]:
    """The page's text lines as pypdf extracts them, each with the height it is drawn at."""
    pieces: list[tuple[str, float]] = []

    def visit(text, cm, tm, _font, _size) -> None:
        pieces.append((text, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    lines, heights = [""], [None]
    for text, height in pieces:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append("")
                heights.append(None)
            if part.strip() and heights[-1] is None:
                heights[-1] = height
            lines[-1] += part
    return lines, heights


def reflow_lines(lines: list[str], heights: list[float | None] | None = None) -> list[str]:
    """Join a page's lines into paragraphs; blank lines, wide gaps and short lines end a paragraph."""
    lines = [line.rstrip() for line in lines]
    ends = _ends_before_gaps(heights) if heights else set()
    full_width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif current.endswith(HYPHENS) and line[:1].islower():
            current += line.lstrip()
        else:
            current += " " + line.lstrip()
        if index in ends or len(line) < SHORT_LINE_SHARE * full_width:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _ends_before_gaps(heights: list[float | None]) -> set[int]:
    """Indices of lines followed by a gap wider than the page's usual line spacing."""
    placed = [(index, height) for index, height in enumerate(heights) if height is not None]
    gaps = [(index, above - below) for (index, above), (_, below) in zip(placed, placed[1:]) if above > below]
    if len(gaps) < 2:
        return set()
    usual = sorted(gap for _, gap in gaps)[len(gaps) // 2]
    return {index for index, gap in gaps if gap > PARAGRAPH_GAP_FACTOR * usual}
