"""Why a file could not be turned into essay text: one exception class per kind of answer.

The HTTP layer maps each class to a status (415, 413, 422); the grade command prints the
message in the file's row. Messages name the file and say what the user can do about it.
"""

from __future__ import annotations


class ExtractionError(Exception):
    """A file that cannot be read as an essay."""


class UnsupportedFileType(ExtractionError):
    """Neither a .txt, .docx, .pdf nor .odt file."""


class FileTooLarge(ExtractionError):
    """Larger than the configured limit, packed or unpacked (zip bombs included)."""


class UnreadableFile(ExtractionError):
    """A supported type that is corrupt, encrypted, mislabelled or without any text."""
