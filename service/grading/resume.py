"""Nothing lost: graded rows are kept as they are made, so an interrupted `grade` resumes.

While `grade --output FILE` runs, each finished chunk of rows is appended to a checkpoint
beside FILE (`.FILE.partial.ndjson`), flushed to disk before the next chunk starts. FILE
itself is only written, atomically, once every essay is graded; then the checkpoint goes.
`grade --resume` takes the rows already in FILE and in the checkpoint and grades only the
files that have none (or whose row is an error, since the file may have been fixed).
"""

from __future__ import annotations

import csv
import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def checkpoint_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.partial.ndjson")


class Checkpoint:
    """The append-only file of rows graded so far in this run."""

    def __init__(self, output: Path, keep_existing: bool):
        self.path = checkpoint_path(output)
        if not keep_existing:
            self.path.unlink(missing_ok=True)

    def add(self, rows: list[dict]) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def finished_rows(output: Path, output_format: str) -> dict[str, dict]:
    """Rows without an error, by file, from a previous complete output and from the checkpoint."""
    rows: dict[str, dict] = {}
    for row in [*_output_rows(output, output_format), *_checkpoint_rows(checkpoint_path(output))]:
        if row.get("file") and not row.get("error"):
            rows[row["file"]] = row
    return rows


def _output_rows(output: Path, output_format: str) -> list[dict]:
    if not output.is_file():
        return []
    try:
        with output.open(encoding="utf-8", newline="") as handle:
            if output_format == "csv":
                # Read back as text; written out again as CSV it is the same text.
                return list(csv.DictReader(handle))
            if output_format == "json":
                return json.load(handle)
            return [json.loads(line) for line in handle if line.strip()]
    except (ValueError, csv.Error, UnicodeDecodeError):
        log.warning("previous output cannot be read as %s; grading every file again", output_format)
        return []


def _checkpoint_rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                rows.append(json.loads(line))
            except ValueError:
                # A line cut short when the run was killed: that chunk is graded again.
                break
    return rows
