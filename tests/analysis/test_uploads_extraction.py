"""Essay text out of files: each supported type, each kind of broken file."""

import codecs
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from file_builders import (
    make_docx,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_odt,
    make_pdf,
    make_zip_bomb_docx,
)

from service.extraction import (
    ExtractionLimits,
    FileTooLarge,
    UnreadableFile,
    UnsupportedFileType,
    extract_text,
    read_file,
)
from service.extraction.pdf import reflow_lines

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ESSAY = "Lenin’s “vanguard” party — the café debates of émigrés — made Stalin possible (Service, p. 12).\r\nSecond line."
PDF_PARAGRAPHS = [
    "Stalinism was a logical continuation of Leninism. Lenin created a one-party state, banned factions in 1921 "
    "and founded the Cheka, and Stalin built his dictatorship on these foundations.",
    "Yet Stalin went further than Lenin ever did: the Great Terror of 1937 killed hundreds of thousands of people, "
    "including most of the old Bolsheviks.",
]


# Plain text: the encoding is detected, the text comes back exactly, line ends included.


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ESSAY.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ESSAY.encode("utf-8"), "utf-8"),
        (ESSAY.encode("utf-16"), "utf-16"),  # Python writes the BOM of the machine's byte order
        (codecs.BOM_UTF16_BE + ESSAY.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_LE + ESSAY.encode("utf-16-le"), "utf-16"),
    ],
)
def test_text_files_in_unicode_encodings(data, encoding):
    extracted = extract_text(data, "essay.txt")
    assert extracted.text == ESSAY
    assert extracted.encoding == encoding
    assert extracted.media_type == "text/plain"


def test_windows_1252_text_is_detected():
    # Curly quotes, an em dash and accents: every one is a byte UTF-8 rejects.
    extracted = extract_text(ESSAY.encode("cp1252"), "essay.txt")
    assert extracted.text == ESSAY
    assert extracted.encoding == "cp1252"


def test_utf8_is_not_mistaken_for_windows_1252():
    # "Ã©" would be the Windows-1252 reading of UTF-8 "é".
    assert extract_text("émigré".encode(), "essay.txt").text == "émigré"


def test_binary_data_named_txt_is_unreadable():
    with pytest.raises(UnreadableFile, match="binary"):
        extract_text(bytes(range(1, 32)) * 4 + b"Lenin", "essay.txt")


def test_bytes_of_no_supported_encoding_are_unreadable():
    # 0x81 and 0x8d are undefined in Windows-1252 and invalid as UTF-8 here.
    with pytest.raises(UnreadableFile, match="UTF-8, UTF-16 or Windows-1252"):
        extract_text(b"Lenin \x81\x8d Stalin", "essay.txt")


def test_bom_with_invalid_content_is_unreadable():
    with pytest.raises(UnreadableFile, match="UTF-16"):
        extract_text(codecs.BOM_UTF16_LE + b"\x00\xd8", "essay.txt")


def test_empty_file_is_unreadable():
    with pytest.raises(UnreadableFile, match="no text"):
        extract_text(b"  \r\n ", "essay.txt")


# Word: paragraphs in order, footnotes kept as [n] marks and notes after the body.


def test_docx_paragraphs_and_footnotes():
    data = make_docx(
        ["Lenin founded the Cheka in 1917.{note:7} Stalin used it.{note:3}", "", "Tabs\tstay."],
        {"3": "Figes, A People's Tragedy, p. 4.", "7": "Service, Lenin, p. 12."},
    )
    extracted = extract_text(data, "essay.docx")
    assert extracted.media_type == DOCX
    # Notes are numbered by order of reference (id 7 comes first), as Word shows them.
    assert extracted.text == (
        "Lenin founded the Cheka in 1917.[1] Stalin used it.[2]\n\nTabs\tstay.\n"
        "[1] Service, Lenin, p. 12.\n[2] Figes, A People's Tragedy, p. 4."
    )


def test_docx_without_notes_is_its_paragraphs():
    assert extract_text(make_docx(["Thesis.", "Body."]), "essay.docx").text == "Thesis.\nBody."


def test_docx_content_type_comes_from_the_content_without_a_name():
    assert extract_text(make_docx(["Thesis."]), None).media_type == DOCX


# PDF: the text layer, with the page's line wraps joined back into paragraphs.


def test_pdf_text_layer_in_paragraphs():
    extracted = extract_text(make_pdf(PDF_PARAGRAPHS), "essay.pdf")
    assert extracted.media_type == "application/pdf"
    assert extracted.text.split("\n") == PDF_PARAGRAPHS


def test_reflow_joins_wrapped_lines_and_ends_paragraphs_at_short_lines():
    lines = [
        "Stalinism was a logical continuation of",
        "Leninism because the party banned all",
        "factions.",
        "",
        "Yet the Terror of 1937 was a break in",
        "kind, not only in scale: it turned on",
        "the party itself and its old guard.",
    ]
    assert reflow_lines(lines) == [
        "Stalinism was a logical continuation of Leninism because the party banned all factions.",
        "Yet the Terror of 1937 was a break in kind, not only in scale: it turned on the party itself and its old guard.",
    ]


def test_reflow_ends_a_paragraph_before_a_wide_gap_even_after_a_full_line():
    lines = ["The party banned factions in", "1921 and the Cheka grew fast.", "Yet the Terror of 1937 was a", "break in kind as in scale."]
    heights = [800.0, 783.0, 749.0, 732.0]
    assert reflow_lines(lines, heights) == [
        "The party banned factions in 1921 and the Cheka grew fast.",
        "Yet the Terror of 1937 was a break in kind as in scale.",
    ]
    # Evenly spaced, the same lines are one paragraph.
    assert len(reflow_lines(lines, [800.0, 783.0, 766.0, 749.0])) == 1


def test_reflow_keeps_a_hyphen_split_word_together():
    assert reflow_lines(["The Bolsheviks were commit-", "ted to a vanguard party of"]) == [
        "The Bolsheviks were commit-ted to a vanguard party of"
    ]


def test_image_only_pdf_says_it_has_no_text_layer():
    with pytest.raises(UnreadableFile, match="no text layer"):
        extract_text(make_image_only_pdf(), "scan.pdf")


def test_encrypted_pdf_is_refused():
    with pytest.raises(UnreadableFile, match="encrypted"):
        extract_text(make_encrypted_pdf(PDF_PARAGRAPHS), "locked.pdf")


def test_truncated_pdf_is_damaged():
    data = make_pdf(PDF_PARAGRAPHS)
    with pytest.raises(UnreadableFile, match="damaged|no text"):
        extract_text(data[: len(data) // 3], "cut.pdf")


# OpenDocument: paragraphs, and notes like Word's.


def test_odt_paragraphs_and_notes():
    extracted = extract_text(make_odt(["Lenin led.", "Stalin followed."], note="Service, p. 3."), "essay.odt")
    assert extracted.text == "Lenin led.[1]\nStalin followed.\n[1] Service, p. 3."
    assert extracted.media_type == "application/vnd.oasis.opendocument.text"


# Broken, mislabelled, unsupported and oversized files.


def test_docx_that_is_not_a_zip():
    with pytest.raises(UnreadableFile, match="not a Word document"):
        extract_text(b"Just some text, renamed to .docx", "essay.docx")


def test_truncated_docx_is_damaged():
    data = make_docx(["Thesis.", "Body."])
    with pytest.raises(UnreadableFile, match="not a valid|damaged"):
        extract_text(data[: len(data) // 2], "essay.docx")


def test_zip_without_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(UnreadableFile, match="word/document.xml"):
        extract_text(buffer.getvalue(), "essay.docx")


def test_zip_bomb_docx_is_refused_by_its_compression_ratio():
    with pytest.raises(FileTooLarge, match="zip bomb"):
        extract_text(make_zip_bomb_docx(), "bomb.docx")


def test_docx_unpacking_past_the_limit_is_refused_before_inflating():
    with pytest.raises(FileTooLarge, match="unpacks to"):
        extract_text(make_docx(["Thesis."]), "essay.docx", limits=ExtractionLimits(max_unpacked_bytes=10_000))


def test_file_over_the_size_limit():
    with pytest.raises(FileTooLarge, match="limit"):
        extract_text(b"a" * 2000, "essay.txt", limits=ExtractionLimits(max_file_bytes=1000))


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (make_pdf(PDF_PARAGRAPHS), "essay.docx", "content is a PDF"),
        (make_docx(["Thesis."]), "essay.pdf", "zip package"),
        (make_pdf(PDF_PARAGRAPHS), "essay.txt", "content is a PDF"),
        (b"Plain words, not a PDF at all.", "essay.pdf", "not a PDF"),
    ],
)
def test_content_that_does_not_match_the_extension(data, name, says):
    with pytest.raises(UnreadableFile, match=says):
        extract_text(data, name)


@pytest.mark.parametrize(
    ("data", "name", "media_type", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "essay.doc", None, "Save it as .docx"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "photo.png", None, ".png"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, None, None, "PNG image"),
        (b"{\\rtf1 Lenin}", "essay", "application/rtf", "application/rtf"),
    ],
)
def test_unsupported_types(data, name, media_type, says):
    with pytest.raises(UnsupportedFileType, match=says):
        extract_text(data, name, media_type)


def test_read_file_names_a_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match="gone.txt"):
        read_file(tmp_path / "gone.txt")


# Any Unicode text survives the trip through a file: what the client wrote is what is analysed.
# (Control characters aside, which mark a binary file, and U+FEFF, which at the start of a
# file is by definition a byte-order mark.)

TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff", whitelist_characters="\t\r\n"
    ),
    min_size=1,
    max_size=200,
).filter(lambda text: text.strip())
BOMS = {"utf-16-le-bom": (codecs.BOM_UTF16_LE, "utf-16-le"), "utf-16-be-bom": (codecs.BOM_UTF16_BE, "utf-16-be")}


@settings(max_examples=60, deadline=None)
@given(text=TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]))
def test_unicode_text_files_round_trip(text, encoding):
    mark, codec = BOMS.get(encoding, (b"", encoding))
    assert extract_text(mark + text.encode(codec), "essay.txt").text == text
