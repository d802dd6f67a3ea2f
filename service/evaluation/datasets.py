"""Annotated essays: the AAE v2 JSONL format, and the project's own essays with labels files.

Two on-disk formats, one in-memory shape (`AnnotatedEssay`):

* a `.jsonl` file, one essay a line: `{"id", "text", "spans": [{"start", "end", "label"}],
  "citations": [...]?}` with offsets in code points (Argument Annotated Essays v2 as
  rebuilt in ../shared/datasets/aae2/);
* a folder of `NAME.txt` essays, each with `NAME.labels.json` naming its spans by their
  exact text rather than by offsets, so a person can read and check them (format in
  essay_samples/annotated/README.md);
* a folder of `NAME.txt` essays with one `gold.json` for all of them (the real essays of
  ../shared/datasets/lenin_real/): per essay `thesis_expected`, `thesis` and `restatement`
  strings, `stance`, and `citations` as `[marker, style]` in reading order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

# AAE labels; the project's finer roles map onto them for scoring.
LABELS = ("MajorClaim", "Claim", "Premise")


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    label: str
    role: str | None = None


@dataclass(frozen=True)
class GoldCitation:
    start: int
    end: int
    style: str | None = None
    source: str | None = None


@dataclass
class AnnotatedEssay:
    id: str
    text: str
    spans: list[GoldSpan]
    citations: list[GoldCitation] | None = None
    metadata: dict = field(default_factory=dict)


def _locate(text: str, quoted: str, occurrence: int, essay_id: str) -> tuple[int, int]:
    position = -1
    for _ in range(occurrence):
        position = text.find(quoted, position + 1)
        if position < 0:
            raise ValueError(f"{essay_id}: labelled text not found (occurrence {occurrence}): {quoted[:60]!r}")
    return position, position + len(quoted)


def _from_labels_file(text_path: Path) -> AnnotatedEssay:
    labels_path = text_path.with_name(text_path.stem + ".labels.json")
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    with text_path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    essay_id = labels.get("id", text_path.stem)
    spans = []
    for entry in labels.get("spans", []):
        start, end = _locate(text, entry["text"], entry.get("occurrence", 1), essay_id)
        if entry["label"] not in LABELS:
            raise ValueError(f"{essay_id}: unknown label {entry['label']!r}")
        spans.append(GoldSpan(start, end, entry["label"], entry.get("role")))
    citations = None
    if "citations" in labels:
        citations = []
        for entry in labels["citations"]:
            start, end = _locate(text, entry["text"], entry.get("occurrence", 1), essay_id)
            citations.append(GoldCitation(start, end, entry.get("style"), entry.get("source")))
    metadata = {key: value for key, value in labels.items() if key not in {"id", "spans", "citations"}}
    return AnnotatedEssay(essay_id, text, spans, citations, metadata)


def _gold_style(citation: dict, text: str) -> str | None:
    """A gold citation's style, or, where the dataset names none (ets_citations reviewed
    every parenthesis), the style its shape shows: a parenthesis or bracket is parenthetical."""
    if citation.get("style"):
        return citation["style"]
    return "parenthetical" if text[citation["start"] : citation["start"] + 1] in "([" else None


def _from_json_line(record: dict) -> AnnotatedEssay:
    spans = [GoldSpan(s["start"], s["end"], s["label"], s.get("role")) for s in record.get("spans", [])]
    citations = None
    if "citations" in record:
        citations = [
            GoldCitation(c["start"], c["end"], _gold_style(c, record["text"]), c.get("source"))
            for c in record["citations"]
        ]
    metadata = {key: value for key, value in record.items() if key not in {"id", "text", "spans", "citations"}}
    return AnnotatedEssay(record["id"], record["text"], spans, citations, metadata)


LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def as_one_block(essay: AnnotatedEssay) -> AnnotatedEssay:
    """The essay as a form field that drops paragraph breaks would send it: every line break
    after the first line becomes spaces of the same length, so every offset still holds."""
    first = LINE_BREAK.search(essay.text)
    if first is None:
        return essay
    rest = LINE_BREAK.sub(lambda match: " " * len(match.group()), essay.text[first.end() :])
    return replace(essay, text=essay.text[: first.end()] + rest)


def hard_wrapped(essay: AnnotatedEssay, width: int) -> AnnotatedEssay:
    """The essay as a plain-text editor or an e-mail would send it, its lines broken at `width`
    characters: the last space before the width becomes a line break, so every offset still holds."""
    text = list(essay.text)
    line_start, last_space = 0, -1
    for index, char in enumerate(essay.text):
        if LINE_BREAK.match(char):
            line_start, last_space = index + 1, -1
        elif char == " ":
            if index - line_start >= width and last_space > line_start:
                text[last_space] = "\n"
                line_start = last_space + 1
            last_space = index
    return replace(essay, text="".join(text))


# The space after a sentence's closing mark (and a closing quote or a footnote marker after it:
# 'terror."[3] Then', "1921.¹ Stalin"), before a capital or an opening quote.
SENTENCE_SPACE = re.compile(r"(?<=[.!?])([\"\u201d\u2019]?(?:\[\d{1,3}(?:[,\u2013-] ?\d{1,3})*\]|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+)?) (?=[A-Z\"\u201c])")


def line_per_sentence(essay: AnnotatedEssay) -> AnnotatedEssay:
    """The essay with every sentence on a line of its own, as some students type: the space
    after a sentence's closing mark, before a capital, becomes a line break (offsets hold)."""
    return replace(essay, text=SENTENCE_SPACE.sub("\\1\n", essay.text))


# The layouts `essay-feedback evaluate --layout` can send the essays in: the ways real
# submissions lose or change their paragraph breaks.
HARD_WRAP_WIDTH = 72
LAYOUTS = {
    "as-sent": lambda essay: essay,
    "one-block": as_one_block,
    "line-per-sentence": line_per_sentence,
    "hard-wrap": lambda essay: hard_wrapped(essay, HARD_WRAP_WIDTH),
}


# gold.json names citation styles by the annotators' words; the analysis names them so.
GOLD_STYLES = {"signal": "signal_phrase", "parenthetical": "parenthetical", "footnote": "footnote"}
# A bare footnote number in gold.json ("2") is the digit glued to a word or a closing quote
# ('hand"2', 'Precisely2', 'orientation.1') or a space after a closing quote ('said" 1').
BARE_NOTE_NUMBER = r"(?:(?<=[^\s\d])|(?<=[\"\u201d\u2019] )){}(?!\d)"


def _locate_marker(text: str, marker: str, after: int, essay_id: str) -> tuple[int, int]:
    if marker.isdigit():
        found = re.compile(BARE_NOTE_NUMBER.format(marker)).search(text, after)
        if found is None:
            raise ValueError(f"{essay_id}: note number {marker} not found after offset {after}")
        return found.start(), found.end()
    start = text.find(marker, after)
    if start < 0:
        raise ValueError(f"{essay_id}: citation not found after offset {after}: {marker[:60]!r}")
    return start, start + len(marker)


def _from_gold_file(folder: Path) -> list[AnnotatedEssay]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    essays = []
    for essay_id, entry in gold.items():
        with (folder / f"{essay_id}.txt").open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        spans = [
            GoldSpan(*_locate(text, quoted, 1, essay_id), "MajorClaim", role)
            for role, key in (("thesis", "thesis"), ("thesis_restatement", "restatement"))
            for quoted in entry.get(key, [])
        ]
        citations, after = [], 0
        for marker, style in entry.get("citations", []):
            start, end = _locate_marker(text, marker, after, essay_id)
            citations.append(GoldCitation(start, end, GOLD_STYLES.get(style, style)))
            after = start + 1
        metadata = {key: value for key, value in entry.items() if key not in {"citations"}}
        essays.append(AnnotatedEssay(essay_id, text, spans, citations, metadata))
    return essays


def load_dataset(path: str | Path) -> list[AnnotatedEssay]:
    """Load a `.jsonl` file, a folder of `.txt` + `.labels.json` essays, or a folder with a `gold.json`."""
    path = Path(path)
    if path.is_dir() and (path / "gold.json").is_file():
        return _from_gold_file(path)
    if path.is_dir():
        return [_from_labels_file(text_path) for text_path in sorted(path.glob("*.txt"))]
    with path.open(encoding="utf-8") as handle:
        return [_from_json_line(json.loads(line)) for line in handle if line.strip()]
