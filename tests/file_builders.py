"""Essay files built in the tests: .docx with footnotes, .pdf with and without text, .odt, broken ones."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(paragraphs: list[str], footnotes: dict[str, str] | None = None) -> bytes:
    """A Word file; "{note:ID}" in a paragraph places footnote ID's reference there."""
    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        for piece in _split_markers(text):
            if piece.startswith("{note:"):
                reference = OxmlElement("w:footnoteReference")
                reference.set(qn("w:id"), piece[6:-1])
                paragraph.add_run()._r.append(reference)
            elif piece:
                paragraph.add_run(piece)
    if footnotes:
        notes = "".join(
            f'<w:footnote w:id="{note_id}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
            for note_id, text in footnotes.items()
        )
        blob = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f"{notes}</w:footnotes>"
        ).encode()
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, blob, document.part.package)
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _split_markers(text: str) -> list[str]:
    pieces, rest = [], text
    while "{note:" in rest:
        before, _, after = rest.partition("{note:")
        note_id, _, rest = after.partition("}")
        pieces += [before, "{note:" + note_id + "}"]
    return [*pieces, rest]


def make_pdf(paragraphs: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `paragraphs` (ASCII), wrapped at the page width."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for text in paragraphs:
        pdf.multi_cell(0, 6, text)
        pdf.ln(6)
    return bytes(pdf.output())


def make_image_only_pdf() -> bytes:
    """A PDF that shows a picture of a page and has no text layer, like a scan."""
    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (200, 100), "white"), x=10, y=10, w=100)
    return bytes(pdf.output())


def make_encrypted_pdf(paragraphs: list[str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(paragraphs))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_odt(paragraphs: list[str], note: str | None = None) -> bytes:
    """An OpenDocument text; a note, if given, is anchored at the end of the first paragraph."""
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    body = []
    for index, text in enumerate(paragraphs):
        anchor = ""
        if note and index == 0:
            anchor = (
                '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                f"<text:note-body><text:p>{note}</text:p></text:note-body></text:note>"
            )
        body.append(f"<text:p>{text}{anchor}</text:p>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office_ns}" '
        f'xmlns:text="{text_ns}"><office:body><office:text>{"".join(body)}</office:text></office:body>'
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def make_zip_bomb_docx(padding_bytes: int = 3 * 1024 * 1024) -> bytes:
    """A real .docx with one more part of `padding_bytes` zeros: over 1000:1 compressed."""
    buffer = io.BytesIO(make_docx(["Stalinism continued Leninism."]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/media/padding.bin", b"\0" * padding_bytes, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
