"""Decoding .txt essays: a byte-order mark wins, then UTF-8, then Windows-1252.

UTF-8 is tried before Windows-1252 because a Windows-1252 text with any accent or curly
quote is almost never valid UTF-8, while every UTF-8 text with one would also "decode"
as Windows-1252 into mojibake.
"""

from __future__ import annotations

import codecs
import unicodedata

from service.extraction.errors import UnreadableFile

BYTE_ORDER_MARKS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACK_ENCODINGS = ("utf-8", "cp1252")
# Past this share of control characters the "text" is a binary file with a .txt name.
MAX_CONTROL_SHARE = 0.01
TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """The text of a .txt file and the encoding it was read with; a BOM itself is dropped."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return _checked(data.decode(encoding), filename), encoding.removesuffix("-sig")
            except UnicodeDecodeError as error:
                raise UnreadableFile(
                    f"{filename} starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} "
                    f"(byte {error.start} cannot be decoded)."
                ) from error
    for encoding in FALLBACK_ENCODINGS:
        try:
            return _checked(data.decode(encoding), filename), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{filename} is not text in UTF-8, UTF-16 or Windows-1252. Save it as UTF-8 text.")


def _checked(text: str, filename: str) -> str:
    controls = sum(1 for char in text if char not in TEXT_CONTROLS and unicodedata.category(char) == "Cc")
    if "\x00" in text or controls > MAX_CONTROL_SHARE * max(len(text), 1):
        raise UnreadableFile(f"{filename} is not a text file: it contains binary data.")
    return text
