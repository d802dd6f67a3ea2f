"""Reference essays: text plus metadata, analysed once with the same pipeline as students' essays."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from service.analysis.analyzer import EssayAnalyzer
from service.analysis.model import EssayAnalysis


@dataclass
class Reference:
    id: str
    title: str
    question: str
    text: str
    analysis: EssayAnalysis
    metadata: dict = field(default_factory=dict)


def read_reference(text_path: Path, analyzer: EssayAnalyzer) -> Reference:
    """Read `<id>.txt` and its optional `<id>.json` metadata, and analyse the text."""
    metadata_path = text_path.with_suffix(".json")
    metadata = json.loads(metadata_path.read_text(encoding="utf-8")) if metadata_path.exists() else {}
    # newline="" keeps the file's line ends, so offsets match the file byte for byte.
    with text_path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    return Reference(
        id=metadata.get("id", text_path.stem),
        title=metadata.get("title", text_path.stem.replace("_", " ")),
        question=metadata.get("question", ""),
        text=text,
        analysis=analyzer.analyze(text),
        metadata=metadata,
    )


def load_references(directory: str | Path, analyzer: EssayAnalyzer) -> dict[str, Reference]:
    """Every reference essay in `directory`, by id."""
    references = {}
    for text_path in sorted(Path(directory).glob("*.txt")):
        reference = read_reference(text_path, analyzer)
        references[reference.id] = reference
    return references
