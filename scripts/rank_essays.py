"""How well `scores.overall` orders essays as a teacher does: Spearman's rank correlation.

Reads essay_samples/ranking.json (a teacher's ranking of essays written for this project),
analyses each essay against the default reference as the service does, and prints each
essay's teacher rank and overall score, then Spearman's rho (ties get their average rank).

    python scripts/rank_essays.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis import EssayAnalyzer  # noqa: E402
from service.cli.analyze import resolve_reference  # noqa: E402
from service.config import Settings  # noqa: E402

RANKING = ROOT / "essay_samples" / "ranking.json"


def average_ranks(values: list[float]) -> np.ndarray:
    """1 for the largest value, ties sharing the mean of their places."""
    order = sorted(range(len(values)), key=lambda index: -values[index])
    ranks = np.empty(len(values))
    place = 0
    while place < len(order):
        tied = [i for i in order[place:] if values[i] == values[order[place]]]
        ranks[tied] = place + (len(tied) + 1) / 2
        place += len(tied)
    return ranks


def spearman(first: np.ndarray, second: np.ndarray) -> float:
    return float(np.corrcoef(first, second)[0, 1])


def main() -> None:
    essays = json.loads(RANKING.read_text(encoding="utf-8"))["essays"]
    settings = Settings.from_env()
    analyzer = EssayAnalyzer.load(settings.spacy_pipeline)
    reference = resolve_reference(None, settings, analyzer)
    texts = [(ROOT / essay["path"]).read_text(encoding="utf-8") for essay in essays]
    overall = [analysis.scores.overall for analysis in analyzer.analyze_many(texts, reference=reference)]
    for essay, score in zip(essays, overall):
        print(f"{essay['rank']:>5} {score:>4.1f}  {essay['path']}")
    teacher = np.array([float(essay["rank"]) for essay in essays])
    print(f"Spearman rho, scores.overall against the teacher's ranking: {spearman(-teacher, -average_ranks(overall)):.3f}")


if __name__ == "__main__":
    main()
