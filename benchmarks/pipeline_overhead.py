"""Print how much slower the full essay analysis is than plain `nlp(text)`.

All sides run in this one process on the same real essays (PERSUADE sample):

* plain: the trained pipeline alone, as `spacy.load(name)` gives it (its default components,
  none of ours): the baseline of the target;
* trained: the same pipeline as the service loads it before adding its own components
  (`load_trained_pipeline`: the attribute ruler and the lemmatizer in their array form, with
  the same annotations);
* full: `EssayAnalyzer.analyze_many` (that pipeline plus the essay components, the
  EssayAnalysis with its feedback, and, as the service does by default, the comparison with
  the default reference essay and the scores).

All go through `nlp.pipe` with the batch size the service uses, inside `nlp.memory_zone()`.
Each side first runs once, untimed, on a few essays; then every repeat runs each side once,
in an order rotated from repeat to repeat, so that load from other processes hits all sides
alike. Printed: the median and best run of each side, wall-clock and CPU time, and the ratios
full / plain (the target), trained / plain (what the array components save) and full /
trained (what the essay analysis itself adds); the CPU ratios are the steadier figures on a
shared machine.

    python benchmarks/pipeline_overhead.py [--essays 100] [--repeats 5] [--no-reference]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis import EssayAnalyzer  # noqa: E402
from service.analysis.pipeline import load_pipeline, load_trained_pipeline  # noqa: E402
from service.analysis.references import find_reference  # noqa: E402
from service.config import DEFAULT_PIPELINE, Settings  # noqa: E402
from service.grading.essay_stream import PIPE_BATCH_SIZE  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "datasets" / "persuade_texts" / "sample_300.jsonl"


def timed(run) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `run()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def plain_run(nlp, texts: list[str]) -> None:
    with nlp.memory_zone():
        for _ in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE):
            pass


def full_run(analyzer: EssayAnalyzer, texts: list[str], reference) -> None:
    for _ in analyzer.analyze_many(texts, batch_size=PIPE_BATCH_SIZE, reference=reference):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--essays", type=int, default=100, help="How many essays of the sample to use.")
    parser.add_argument("--repeats", type=int, default=5, help="How many runs of each side.")
    parser.add_argument("--no-reference", action="store_true", help="Leave out the comparison with the reference essay.")
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"{SAMPLE} is absent")
    with SAMPLE.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()][: args.essays]

    plain = spacy.load(DEFAULT_PIPELINE)
    trained = load_trained_pipeline(DEFAULT_PIPELINE)
    analyzer = EssayAnalyzer(load_pipeline(DEFAULT_PIPELINE))
    settings = Settings.from_env()
    # Loaded once per process, as the service and `grade` do, so not part of any timed run.
    reference = None if args.no_reference else find_reference(settings.references_dir, settings.default_reference, analyzer)
    sides = {
        "plain": lambda essays: plain_run(plain, essays),
        "trained": lambda essays: plain_run(trained, essays),
        "full": lambda essays: full_run(analyzer, essays, reference),
    }
    for run in sides.values():
        run(texts[:PIPE_BATCH_SIZE])  # warm up every side

    walls: dict[str, list[float]] = {side: [] for side in sides}
    cpus: dict[str, list[float]] = {side: [] for side in sides}
    load_before = os.getloadavg()
    for repeat in range(args.repeats):
        # Rotate the order so that no side always runs first or always follows the same one.
        order = list(sides)[repeat % len(sides) :] + list(sides)[: repeat % len(sides)]
        for side in order:
            wall, cpu = timed(lambda: sides[side](texts))
            walls[side].append(wall)
            cpus[side].append(cpu)
    load_after = os.getloadavg()

    words = sum(len(text.split()) for text in texts)
    compared = "no reference" if reference is None else f"compared with reference {reference.id!r}"
    print(f"essays: {len(texts)} ({words} words), repeats: {args.repeats}, batch size {PIPE_BATCH_SIZE}")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print(f"plain nlp(text), spacy.load({DEFAULT_PIPELINE!r}) [{', '.join(plain.pipe_names)}]")
    print(f"trained nlp(text), load_trained_pipeline({DEFAULT_PIPELINE!r}) [{', '.join(trained.pipe_names)}]")
    print(f"full analysis [{', '.join(analyzer.nlp.pipe_names)}], {compared}")
    for side in sides:
        print(
            f"  {side:<7} wall median {statistics.median(walls[side]):7.2f} s best {min(walls[side]):7.2f} s   "
            f"CPU median {statistics.median(cpus[side]):7.2f} s best {min(cpus[side]):7.2f} s"
        )
    for label, pick in (("median", statistics.median), ("best", min)):
        for top, bottom, note in (
            ("full", "plain", "  (target <= 1.10)"),
            ("trained", "plain", "  (array ruler and lemmatizer against spaCy's own)"),
            ("full", "trained", "  (what the essay analysis adds)"),
        ):
            print(
                f"ratio {top} / {bottom}, {label}: CPU {pick(cpus[top]) / pick(cpus[bottom]):.3f}, "
                f"wall {pick(walls[top]) / pick(walls[bottom]):.3f}{note}"
            )


if __name__ == "__main__":
    main()
