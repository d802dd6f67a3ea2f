"""The analysis's data files: cue words, patterns and thresholds in data/NAME.json.

Each file explains itself in its `_comment` entries, which the readers do not see.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

DATA_DIR = Path(__file__).parent / "data"


def lexicon_path(name: str) -> Path:
    return DATA_DIR / f"{name}.json"


def load_lexicon(name: str) -> dict:
    """Read data/NAME.json, without its top-level `_comment` entries; a new dict on every call."""
    lexicon = json.loads(lexicon_path(name).read_text(encoding="utf-8"))
    return {key: value for key, value in lexicon.items() if not key.startswith("_comment")}


def save_lexicons(path, lexicons: dict[str, dict]) -> None:
    """Write each lexicon to PATH/NAME.json: a component's `to_disk`."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    for name, lexicon in lexicons.items():
        (path / f"{name}.json").write_text(json.dumps(lexicon, ensure_ascii=False, indent=1), encoding="utf-8")


def read_lexicons(path, names) -> dict[str, dict]:
    """Read PATH/NAME.json for each name: a component's `from_disk`."""
    return {name: json.loads((Path(path) / f"{name}.json").read_text(encoding="utf-8")) for name in names}


class LexiconComponent:
    """A pipeline component whose state is its word lists, kept as spaCy's EntityRuler keeps its
    patterns: read in `initialize()` (data/NAME.json for each name of LEXICONS, or the `lexicons`
    given), written by `to_disk` and read back by `from_disk`, so a saved pipeline carries them.
    A component names its files in LEXICONS and builds its matchers from them in `_build`."""

    LEXICONS: tuple[str, ...] = ()
    # Empty until `initialize()` or `from_disk`: nothing to save before.
    lexicons: Mapping[str, dict] = MappingProxyType({})

    def initialize(self, get_examples=None, *, nlp=None, lexicons: dict[str, dict] | None = None) -> None:
        """Read the component's lexicons: `lexicons` by name, else data/NAME.json."""
        self._keep(lexicons or {name: load_lexicon(name) for name in self.LEXICONS})

    def to_disk(self, path, *, exclude=tuple()) -> None:
        save_lexicons(path, self.lexicons)

    def from_disk(self, path, *, exclude=tuple()):
        self._keep(read_lexicons(path, self.LEXICONS))
        return self

    def _keep(self, lexicons: dict[str, dict]) -> None:
        self.lexicons = lexicons
        self._build(lexicons)

    def _build(self, lexicons: dict[str, dict]) -> None:
        raise NotImplementedError
