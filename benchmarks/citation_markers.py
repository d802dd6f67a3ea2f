"""Score the citation finder on annotated essays, and time it against plain spaCy.

    python benchmarks/citation_markers.py tests/data/citation_essays [more folders or .jsonl]
    python benchmarks/citation_markers.py --speed ../shared/datasets/persuade_texts/sample_300.jsonl

Markers match one-to-one when their character spans overlap (as `essay-feedback evaluate`
scores them). Prints precision, recall and F1 overall and per style, how many matched
markers got the gold source key, and every miss and false alarm. With --speed, prints the
time of the full analysis over the time of plain `nlp(text)` with the full default pipeline
on the same essays, in one process.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

import click
import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis.analyzer import EssayAnalyzer  # noqa: E402
from service.config import DEFAULT_PIPELINE  # noqa: E402
from service.evaluation.datasets import load_dataset  # noqa: E402


def match_markers(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) of overlapping spans, each used once, in reading order."""
    pairs, used = [], set()
    for g, (g_start, g_end) in enumerate(gold):
        for p, (p_start, p_end) in enumerate(predicted):
            if p not in used and p_start < g_end and g_start < p_end:
                pairs.append((g, p))
                used.add(p)
                break
    return pairs


def score(paths: list[str], analyzer: EssayAnalyzer, verbose: bool = True) -> dict:
    counts = Counter()
    by_style: dict[str, Counter] = {}
    for path in paths:
        for essay in load_dataset(path):
            if essay.citations is None:
                continue
            analysis = analyzer.analyze(essay.text)
            gold = [(c.start, c.end) for c in essay.citations]
            predicted = [(c.start, c.end) for c in analysis.citations]
            pairs = match_markers(gold, predicted)
            matched_gold, matched_predicted = {g for g, _ in pairs}, {p for _, p in pairs}
            counts["gold"] += len(gold)
            counts["predicted"] += len(predicted)
            counts["matched"] += len(pairs)
            for g, p in pairs:
                gold_source = essay.citations[g].source
                if gold_source is not None:
                    counts["with_source"] += 1
                    counts["same_source"] += analysis.citations[p].source == gold_source
                    if verbose and analysis.citations[p].source != gold_source:
                        print(f"  source  {essay.id}: {analysis.citations[p].text!r} -> {analysis.citations[p].source!r}, gold {gold_source!r}")
            for g, citation in enumerate(essay.citations):
                style = by_style.setdefault(citation.style or "?", Counter())
                style["gold"] += 1
                style["matched"] += g in matched_gold
                if verbose and g not in matched_gold:
                    print(f"  miss    {essay.id}: {essay.text[citation.start:citation.end]!r} ({citation.style})")
            for p, citation in enumerate(analysis.citations):
                style = by_style.setdefault(citation.style, Counter())
                style["predicted"] += 1
                style["correct"] += p in matched_predicted
                if verbose and p not in matched_predicted:
                    print(f"  false   {essay.id}: {citation.text!r} ({citation.style})")
            counts["essays"] += 1
    return {"overall": counts, "styles": by_style}


def _prf(correct: int, predicted: int, matched: int, gold: int) -> tuple[float, float, float]:
    precision = correct / predicted if predicted else 1.0
    recall = matched / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _texts(path: str) -> list[str]:
    if Path(path).is_dir():
        return [essay.text for essay in load_dataset(path)]
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def speed(paths: list[str], analyzer: EssayAnalyzer, rounds: int) -> None:
    """Time plain `nlp(text)` and the full analysis essay by essay, interleaved, so load from
    other processes falls on both alike; keep each essay's best of `rounds`."""
    texts = [text for path in paths for text in _texts(path)]
    plain = spacy.load(DEFAULT_PIPELINE)
    for text in texts[:5]:  # warm up both pipelines
        plain(text)
        analyzer.analyze(text)
    plain_total = full_total = 0.0
    for text in texts:
        best_plain = best_full = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            plain(text)
            best_plain = min(best_plain, time.perf_counter() - started)
            started = time.perf_counter()
            analyzer.analyze(text)
            best_full = min(best_full, time.perf_counter() - started)
        plain_total += best_plain
        full_total += best_full
    print(f"{len(texts)} essays: plain nlp(text) {plain_total:.2f}s, full analysis {full_total:.2f}s, ratio {full_total / plain_total:.3f}")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--speed", "time_it", is_flag=True, help="Time the analysis against plain spaCy instead of scoring.")
@click.option("--rounds", default=3, show_default=True, help="Timing rounds; the best is kept.")
@click.option("--quiet", is_flag=True, help="Only the table, not each miss and false alarm.")
def main(paths: tuple[str, ...], time_it: bool, rounds: int, quiet: bool) -> None:
    analyzer = EssayAnalyzer.load(DEFAULT_PIPELINE)
    if time_it:
        speed(list(paths), analyzer, rounds)
        return
    result = score(list(paths), analyzer, verbose=not quiet)
    overall = result["overall"]
    precision, recall, f1 = _prf(overall["matched"], overall["predicted"], overall["matched"], overall["gold"])
    print(f"{overall['essays']} essays, {overall['gold']} gold markers, {overall['predicted']} found")
    print(f"{'style':<15}{'gold':>6}{'found':>7}{'P':>7}{'R':>7}{'F1':>7}")
    for style, counts in sorted(result["styles"].items()):
        p, r, f = _prf(counts["correct"], counts["predicted"], counts["matched"], counts["gold"])
        print(f"{style:<15}{counts['gold']:>6}{counts['predicted']:>7}{p:>7.3f}{r:>7.3f}{f:>7.3f}")
    print(f"{'all markers':<15}{overall['gold']:>6}{overall['predicted']:>7}{precision:>7.3f}{recall:>7.3f}{f1:>7.3f}")
    if overall["with_source"]:
        print(f"source key agrees with gold on {overall['same_source']}/{overall['with_source']} matched markers")


if __name__ == "__main__":
    main()
