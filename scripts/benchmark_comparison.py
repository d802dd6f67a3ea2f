"""Print how much the comparison with the reference adds to the analysis of one essay.

Run: .venv/bin/python scripts/benchmark_comparison.py [ESSAY.txt ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis import EssayAnalyzer  # noqa: E402
from service.analysis.references import load_references  # noqa: E402
from service.config import DEFAULT_PIPELINE  # noqa: E402

ROUNDS = 5


def timed(function, texts) -> float:
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for text in texts:
            function(text)
    return time.perf_counter() - start


def main() -> None:
    paths = [Path(arg) for arg in sys.argv[1:]] or sorted((ROOT / "tests" / "data" / "essays").glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    analyzer = EssayAnalyzer.load(DEFAULT_PIPELINE)
    reference = load_references(ROOT / "essay_samples" / "references", analyzer)["lenin_stalin_continuity"]
    analyzer.analyze(texts[0], reference)  # warm up
    plain = timed(analyzer.analyze, texts)
    compared = timed(lambda text: analyzer.analyze(text, reference), texts)
    print(f"{len(texts)} essays x {ROUNDS}: without reference {plain:.2f}s, with reference {compared:.2f}s, ratio {compared / plain:.2f}")


if __name__ == "__main__":
    main()
