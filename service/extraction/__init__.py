"""Essay text out of uploaded or local files: .txt, .docx, .pdf and .odt. Imports nothing from Flask.

`extract_text` decides the type from the file name (or, without a suffix, the declared
media type, or else the content), checks that the content is of that type, and returns the
text the analysis will read. Offsets in the feedback then index into `ExtractedText.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from service.extraction.errors import ExtractionError, FileTooLarge, UnreadableFile, UnsupportedFileType
from service.extraction.limits import ExtractionLimits
from service.extraction.opendocument import ODT_MEDIA_TYPE, odt_text
from service.extraction.pdf import pdf_text
from service.extraction.plain_text import decode_text
from service.extraction.word import docx_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ExtractedText",
    "ExtractionError",
    "ExtractionLimits",
    "FileTooLarge",
    "UnreadableFile",
    "UnsupportedFileType",
    "extract_text",
    "read_file",
]

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MEDIA_TYPE = "application/pdf"
TEXT_MEDIA_TYPE = "text/plain"
SUFFIX_MEDIA_TYPES = {
    ".txt": TEXT_MEDIA_TYPE,
    ".text": TEXT_MEDIA_TYPE,
    ".docx": DOCX_MEDIA_TYPE,
    ".pdf": PDF_MEDIA_TYPE,
    ".odt": ODT_MEDIA_TYPE,
}
SUPPORTED_SUFFIXES = frozenset(SUFFIX_MEDIA_TYPES)
SUPPORTED_MEDIA_TYPES = frozenset(SUFFIX_MEDIA_TYPES.values())
# Media types that say nothing about the content; the content decides.
GENERIC_MEDIA_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/x-www-form-urlencoded"})
PACKAGE_TYPES = (DOCX_MEDIA_TYPE, ODT_MEDIA_TYPE)
EXTRACTORS = {DOCX_MEDIA_TYPE: docx_text, PDF_MEDIA_TYPE: pdf_text, ODT_MEDIA_TYPE: odt_text}
NAMES = {TEXT_MEDIA_TYPE: "a text file", DOCX_MEDIA_TYPE: "a Word document", PDF_MEDIA_TYPE: "a PDF", ODT_MEDIA_TYPE: "an OpenDocument text"}
# Formats people send by mistake, and what to do instead.
ADVICE = {
    ".doc": "Save it as .docx (Word: File > Save As > Word Document).",
    ".rtf": "Save it as .docx or .txt.",
    ".pages": "Export it as .docx or PDF.",
    ".gdoc": "Download it from Google Docs as .docx or PDF.",
}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
PDF_MAGIC = b"%PDF-"
# Signatures of files that are not essays at all, to tell a user what they sent.
OTHER_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc (or other Office 97) file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)


@dataclass(frozen=True)
class ExtractedText:
    text: str
    filename: str
    media_type: str
    encoding: str | None = None


def extract_text(
    data: bytes, filename: str | None, media_type: str | None = None, limits: ExtractionLimits | None = None
) -> ExtractedText:
    """The essay text in a file's bytes, or an ExtractionError saying why there is none."""
    limits = limits or ExtractionLimits()
    name = PurePath(filename).name if filename else "the file"
    if len(data) > limits.max_file_bytes:
        raise FileTooLarge(f"{name} is {len(data):,} bytes; the limit is {limits.max_file_bytes:,}.")
    declared = _file_type(_declared_type(filename, media_type), _content_type(data, name), data, name)
    encoding = None
    if declared == TEXT_MEDIA_TYPE:
        text, encoding = decode_text(data, name)
    else:
        text = EXTRACTORS[declared](data, name, limits)
    if not text.strip():
        raise UnreadableFile(f"{name} contains no text.")
    return ExtractedText(text=text, filename=name, media_type=declared, encoding=encoding)


def read_file(path, limits: ExtractionLimits | None = None) -> ExtractedText:
    """Extract a local file, refusing an oversized one before reading it."""
    limits = limits or ExtractionLimits()
    path = PurePath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        raise UnreadableFile(f"{path.name} cannot be opened: {error.strerror or error}.") from error
    if len(data) > limits.max_file_bytes:
        raise FileTooLarge(f"{path.name} is larger than the limit of {limits.max_file_bytes:,} bytes.")
    return extract_text(data, str(path), limits=limits)


def _declared_type(filename: str | None, media_type: str | None) -> str | None:
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix:
        if suffix not in SUFFIX_MEDIA_TYPES:
            advice = ADVICE.get(suffix, "Send a .txt, .docx, .pdf or .odt file.")
            raise UnsupportedFileType(f"{PurePath(filename).name}: {suffix} files are not supported. {advice}")
        return SUFFIX_MEDIA_TYPES[suffix]
    media_type = (media_type or "").split(";")[0].strip().lower()
    if media_type in GENERIC_MEDIA_TYPES:
        return None
    if media_type not in SUPPORTED_MEDIA_TYPES:
        raise UnsupportedFileType(f"Files of type {media_type} are not supported. Send a .txt, .docx, .pdf or .odt file.")
    return media_type


def _file_type(declared: str | None, found: str | None, data: bytes, name: str) -> str:
    """The type to read the file as: the declared one if the content agrees, else the content's."""
    if declared is None:
        if found == "zip":
            return ODT_MEDIA_TYPE if _is_odt(data) else DOCX_MEDIA_TYPE
        return found or TEXT_MEDIA_TYPE
    agrees = found == declared or (found == "zip" and declared in PACKAGE_TYPES) or (found is None and declared == TEXT_MEDIA_TYPE)
    if agrees:
        return declared
    if found is None:
        raise UnreadableFile(f"{name} is not {NAMES[declared]}: its content is damaged or of another kind.")
    raise UnreadableFile(f"{name} is named as {NAMES[declared]} but its content is {_content_name(found)}.")


def _content_type(data: bytes, name: str) -> str | None:
    """PDF_MEDIA_TYPE, "zip" (a .docx or .odt package), or None for text or unknown bytes."""
    if PDF_MAGIC in data[:1024]:
        return PDF_MEDIA_TYPE
    if data.startswith(ZIP_MAGIC):
        return "zip"
    for signature, description in OTHER_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedFileType(f"{name} is {description}, not an essay text. Send a .txt, .docx, .pdf or .odt file.")
    return None


def _content_name(found: str) -> str:
    return "a zip package (.docx or .odt)" if found == "zip" else NAMES[found]


def _is_odt(data: bytes) -> bool:
    # The OpenDocument spec puts the uncompressed "mimetype" member first, so its bytes sit at offset 38.
    return data[30:38] == b"mimetype" and data[38 : 38 + len(ODT_MEDIA_TYPE)] == ODT_MEDIA_TYPE.encode()
