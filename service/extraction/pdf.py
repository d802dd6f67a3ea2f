"""Text of a PDF essay from its text layer (pypdf), with the page's hard line breaks undone.

A PDF has no paragraphs, only lines placed on a page. The analysis reads a line break as
a paragraph break, so lines are joined back into paragraphs: a paragraph ends at a blank
line or at a line clearly shorter than the page's full lines (the last line of a paragraph).
This is the one place that guesses at layout; `reflow_lines` has its tests beside it.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

from service.extraction.errors import FileTooLarge, UnreadableFile
from service.extraction.limits import ExtractionLimits

# A line shorter than this share of the page's longest lines ends its paragraph.
SHORT_LINE_SHARE = 0.75
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
        page_texts = [page.extract_text() or "" for page in pages]
    except FileTooLarge:
        raise
    except Exception as error:  # noqa: BLE001 - as above, for damage found page by page
        raise UnreadableFile(f"{filename} is a damaged PDF: its text cannot be read.") from error
    paragraphs = [paragraph for text in page_texts for paragraph in reflow_lines(text.splitlines())]
    if not any(paragraph.strip() for paragraph in paragraphs):
        raise UnreadableFile(
            f"{filename} has no text layer: it is a scanned or image-only PDF. "
            "Export the essay from the word processor as PDF, or send it as .docx or .txt."
        )
    return "\n".join(paragraphs)


def reflow_lines(lines: list[str]) -> list[str]:
    """Join a page's lines into paragraphs; blank lines and short lines end a paragraph."""
    lines = [line.rstrip() for line in lines]
    full_width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
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
        if len(line) < SHORT_LINE_SHARE * full_width:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs
