"""Finding essay files: the paths named on the command line, folders walked recursively."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from service.extraction import SUPPORTED_SUFFIXES


def find_essays(paths: Iterable[str | Path]) -> list[Path]:
    """Every essay file under `paths`, in a stable order.

    A file named explicitly is always graded (an unsupported one gets a row saying so);
    inside folders only supported types are taken, and hidden files and folders
    (`.git`, `~$essay.docx` lock files aside) are skipped.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in map(Path, paths):
        candidates = sorted(_walk(path)) if path.is_dir() else [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _walk(folder: Path) -> Iterable[Path]:
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(part.startswith((".", "~$")) for part in relative):
            continue
        if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path
