"""Print how the citation finder's CPU time grows on long hostile input, shape by shape.

Each shape is repeated to two sizes (N and 4N pieces); the text goes through the trained
pipeline and the paragraph/sentence components once, then the citation finder alone is timed
(best of `--repeats`). Printed: seconds at each size, the growth ratio (about 4 for a linear
finder), and the finder's share of spaCy's own time on the larger text.

    python benchmarks/citation_hostile.py [--pieces 1500] [--repeats 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis.analyzer import EssayAnalyzer  # noqa: E402
from service.config import DEFAULT_PIPELINE  # noqa: E402

SHAPES = {
    "plain lines": "Lenin banned factions in 1921.\n",
    "parenthetical": "The party grew (Service, 2000, p. 45; Fitzpatrick 2008: 12). ",
    "near-misses": "The police (the Cheka) grew (1917-1924) (NEP) (or so it seemed) (Lenin, Stalin). ",
    "note digits": 'It grew.1 It fell."2 It rose,3 in 1921.4 Then ',
    "brackets": "[1] [^2] ^3 [Source A] [sic] ¹²³ ",
    "signal phrases": "Pipes, Figes and Conquest all argue that Historians such as Service claim it. ",
    "open parentheses": "( ( ( Service, 2000 [ [ ",
    "web addresses": "(https://www.history.com/a/b) (history.com) www.bbc.co.uk ",
    "ibid runs": "It grew (Service 12). It fell (ibid.). It rose (p. 4). ",
}


def finder_seconds(analyzer: EssayAnalyzer, text: str, repeats: int) -> tuple[float, float]:
    """Best CPU seconds of the citation finder on `text`, and of spaCy's trained components."""
    nlp = analyzer.nlp
    doc = nlp.make_doc(text)
    spacy_seconds = 0.0
    finder = None
    for name, component in nlp.pipeline:
        if name == "citation_finder":
            finder = component
            break
        started = time.process_time()
        doc = component(doc)
        spacy_seconds += time.process_time() - started
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        finder(doc)
        best = min(best, time.process_time() - started)
    return best, spacy_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pieces", type=int, default=1500)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    analyzer = EssayAnalyzer.load(DEFAULT_PIPELINE)
    small, large = options.pieces, options.pieces * 4
    print(f"{'shape':<18}{f'{small} pieces':>14}{f'{large} pieces':>14}{'growth':>9}{'share of spaCy':>16}")
    for shape, piece in SHAPES.items():
        first, _ = finder_seconds(analyzer, piece * small, options.repeats)
        second, spacy_seconds = finder_seconds(analyzer, piece * large, options.repeats)
        growth = second / first if first > 0.0005 else float("nan")
        print(f"{shape:<18}{first:>14.4f}{second:>14.4f}{growth:>9.2f}{second / spacy_seconds:>16.3f}")
    print("size ratio 4.00: a shape that grows by much more is super-linear")


if __name__ == "__main__":
    main()
