"""Writing graded rows as CSV, JSON or NDJSON, to stdout or atomically to a file."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from service.grading.rows import columns_of

FORMATS = ("csv", "json", "ndjson")
SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson"}


def write_rows(rows: list[dict], handle: IO[str], output_format: str) -> None:
    if output_format == "csv":
        _write_csv(rows, handle)
    elif output_format == "json":
        json.dump([_complete(row, rows) for row in rows], handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    elif output_format == "ndjson":
        for row in rows:
            handle.write(json.dumps(_complete(row, rows), ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"unknown format {output_format!r}")


def _complete(row: dict, rows: list[dict]) -> dict:
    """Every row with every column, so that JSON consumers see one shape (null where unknown)."""
    return {column: row.get(column) for column in columns_of(rows)}


def _write_csv(rows: list[dict], handle: IO[str]) -> None:
    writer = csv.DictWriter(handle, fieldnames=columns_of(rows), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _csv_value(value) for column, value in row.items()})


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(value)
    return value


@contextmanager
def atomic_output(path: str | Path) -> Iterator[IO[str]]:
    """A text handle whose content replaces `path` only once everything is written.

    The rows go to a temporary file beside `path` and are renamed over it at the end, so
    an interrupted run leaves the previous file (or none), never half a file.
    """
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    # mkstemp creates the file private (0600); the output gets the usual permissions instead.
    mask = os.umask(0)
    os.umask(mask)
    return mask
