"""Reference essays: text plus metadata, analysed once with the same pipeline as students' essays."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from service.analysis.analyzer import EssayAnalyzer
from service.analysis.comparison import ReferenceProfile
from service.analysis.model import EssayAnalysis
from service.analysis.question import Question, assignment_question


@dataclass
class Reference:
    id: str
    title: str
    question: str
    text: str
    analysis: EssayAnalysis
    metadata: dict = field(default_factory=dict)
    profile: ReferenceProfile | None = None
    # The question essays on this assignment answer: key terms and stance poles from the metadata.
    assignment: Question | None = None


@dataclass
class AskedQuestion:
    """A question sent with an essay: the assignment the thesis answers, compared with `reference`."""

    question: str
    reference: Reference | None
    assignment: Question

    @classmethod
    def ask(cls, nlp: Language, question: str, reference: Reference | None) -> "AskedQuestion":
        return cls(question, reference, assignment_question(nlp, question, {}))

    @property
    def id(self) -> str:
        return self.reference.id if self.reference is not None else ""

    @property
    def title(self) -> str:
        return self.reference.title if self.reference is not None else self.question

    @property
    def profile(self) -> ReferenceProfile | None:
        return self.reference.profile if self.reference is not None else None


def read_reference(text_path: Path, analyzer: EssayAnalyzer) -> Reference:
    """Read `<id>.txt` and its optional `<id>.json` metadata, and analyse the text."""
    metadata_path = text_path.with_suffix(".json")
    metadata = json.loads(metadata_path.read_text(encoding="utf-8")) if metadata_path.exists() else {}
    # newline="" keeps the file's line ends, so offsets match the file byte for byte.
    with text_path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    return build_reference(
        analyzer,
        text,
        id=metadata.get("id", text_path.stem),
        title=metadata.get("title", text_path.stem.replace("_", " ")),
        question=metadata.get("question", ""),
        metadata=metadata,
    )


def build_reference(analyzer: EssayAnalyzer, text: str, id: str, title: str, question: str, metadata: dict) -> Reference:
    """Analyse a reference once: its document and the profile every comparison reuses."""
    analysis, profile = analyzer.analyze_reference(text, metadata, question)
    return Reference(
        id=id,
        title=title,
        question=question,
        text=text,
        analysis=analysis,
        metadata=metadata,
        profile=profile,
        assignment=assignment_question(analyzer.nlp, question, metadata),
    )


def save_reference(directory: str | Path, reference: Reference) -> None:
    """Write `<id>.txt` and `<id>.json` so the reference is loaded again after a restart.

    The text is written first and both files are renamed into place, so a crash never
    leaves metadata without its essay.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    metadata = {**reference.metadata, "id": reference.id, "title": reference.title, "question": reference.question}
    for suffix, content in ((".txt", reference.text), (".json", json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")):
        target = directory / f"{reference.id}{suffix}"
        partial = target.with_suffix(suffix + ".partial")
        with partial.open("w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        partial.replace(target)


def load_references(directory: str | Path, analyzer: EssayAnalyzer) -> dict[str, Reference]:
    """Every reference essay in `directory`, by id."""
    references = {}
    for text_path in sorted(Path(directory).glob("*.txt")):
        reference = read_reference(text_path, analyzer)
        references[reference.id] = reference
    return references


def find_reference(directory: str | Path, reference_id: str, analyzer: EssayAnalyzer) -> Reference | None:
    """Load one reference by id (its file is `<id>.txt`), or None if the folder has no such essay."""
    path = Path(directory) / f"{reference_id}.txt"
    if not reference_id or "/" in reference_id or "\\" in reference_id or not path.is_file():
        return None
    return read_reference(path, analyzer)


def reference_stamps(directory: str | Path) -> dict[str, tuple[int, int]]:
    """Each `<stem>.txt` of `directory` by stem, with the modification times (ns) of it and its `.json`.

    One `scandir`: cheap enough to compare on every listing, and it changes whenever a
    reference is added (`save_reference` renames both files into place), replaced or removed.
    """
    try:
        entries = {entry.name: entry for entry in os.scandir(directory)}
    except (FileNotFoundError, NotADirectoryError):
        return {}
    stamps = {}
    for name, entry in entries.items():
        if not name.endswith(".txt"):
            continue
        stem = name[: -len(".txt")]
        metadata = entries.get(f"{stem}.json")
        try:
            if entry.is_file():
                stamps[stem] = (entry.stat().st_mtime_ns, metadata.stat().st_mtime_ns if metadata is not None else 0)
        except FileNotFoundError:
            continue  # removed while we looked
    return stamps
