"""Opening .docx and .odt packages: zip files checked before a byte is inflated."""

from __future__ import annotations

import io
import zipfile
import zlib

from service.extraction.errors import FileTooLarge, UnreadableFile
from service.extraction.limits import ExtractionLimits

# Small members compress unevenly (an XML file of repeated tags may reach 100:1 on its
# own), so the ratio guard only applies past this size.
RATIO_CHECK_FLOOR = 1024 * 1024


def open_package(data: bytes, filename: str, kind: str, limits: ExtractionLimits) -> zipfile.ZipFile:
    """The zip archive in `data`, refused if it is not a zip or would unpack past the limits.

    zipfile stops inflating a member at its declared size (and fails its CRC check if the
    data goes on), so checking the declared sizes bounds what is ever held in memory.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile(f"{filename} is not a valid {kind} file: it is damaged or not a {kind} at all.") from error
    members = archive.infolist()
    if len(members) > limits.max_archive_members:
        raise FileTooLarge(f"{filename} holds {len(members):,} parts; a {kind} essay has far fewer.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_bytes:
        raise FileTooLarge(
            f"{filename} unpacks to {unpacked:,} bytes; the limit is {limits.max_unpacked_bytes:,}. "
            "Save the essay without embedded media, or as .txt."
        )
    for member in members:
        if member.file_size > RATIO_CHECK_FLOOR and member.file_size > limits.max_compression_ratio * max(member.compress_size, 1):
            raise FileTooLarge(
                f"{filename} contains a part that is compressed {member.file_size // max(member.compress_size, 1):,} to 1; "
                "it looks like a zip bomb and is not opened."
            )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, filename: str, kind: str) -> bytes | None:
    """A member's bytes, None when absent; a damaged member is an unreadable file."""
    try:
        return archive.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError) as error:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method.
        raise UnreadableFile(f"{filename} is a damaged {kind} file ({name} cannot be unpacked).") from error
