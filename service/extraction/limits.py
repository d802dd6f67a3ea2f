"""Size guards for untrusted files: how much is read, and how much an archive may unpack to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractionLimits:
    max_file_bytes: int = 10 * 1024 * 1024
    # A .docx/.odt is a zip: its declared unpacked size is checked before anything is inflated.
    max_unpacked_bytes: int = 50 * 1024 * 1024
    # Deflate reaches about 1000:1 on runs of one byte; real documents stay far below 100:1.
    max_compression_ratio: int = 100
    max_archive_members: int = 2000
    max_pdf_pages: int = 500
