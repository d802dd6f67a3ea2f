"""Throughput of `essay-feedback grade --jobs 1`, `--jobs 2` and plain `nlp.pipe` on the same essays.

    python benchmarks/grade_throughput.py [--rounds 3] [--data ../shared/datasets/persuade_texts/sample_300.jsonl]

The essays are written as .txt files to a temporary folder (deleted afterwards), then each
round times, in this order: plain `nlp.pipe` over the texts with the full default pipeline
(the trained pipeline plus the essay components, docs discarded); `grade FOLDER --jobs 1`;
`grade FOLDER --jobs 2`. The grade runs go through the real command in this process, so
they include walking the folder, reading and decoding each file, building the rows and
writing the CSV; the pipeline is loaded once beforehand and shared by all three, so no
figure includes loading it. Each mode's best round is reported, with the load average
beside it, because other processes on the machine slow any single round.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis.pipeline import load_pipeline  # noqa: E402
from service.cli import main  # noqa: E402
from service.config import DEFAULT_PIPELINE  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "persuade_texts" / "sample_300.jsonl"
PIPE_BATCH_SIZE = 16


def read_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def time_plain_pipe(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE):
        pass
    return time.perf_counter() - start


def time_grade(folder: Path, output: Path, jobs: int, expected: int) -> float:
    start = time.perf_counter()
    main.main(["grade", str(folder), "--jobs", str(jobs), "--no-progress", "--output", str(output)], standalone_mode=False)
    elapsed = time.perf_counter() - start
    with output.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    if rows != expected:
        raise SystemExit(f"grade --jobs {jobs} wrote {rows} rows for {expected} essays")
    return elapsed


def main_benchmark() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--data", type=Path, default=DEFAULT_DATA)
    arguments.add_argument("--rounds", type=int, default=3)
    options = arguments.parse_args()
    if not options.data.exists():
        raise SystemExit(f"{options.data} not found: the benchmark needs ../shared/datasets beside the repository.")

    texts = read_texts(options.data)
    nlp = load_pipeline(DEFAULT_PIPELINE)
    list(nlp.pipe(texts[:PIPE_BATCH_SIZE]))  # warm up caches before the first timed round
    load_before = os.getloadavg()
    best = {"plain nlp.pipe": float("inf"), "grade --jobs 1": float("inf"), "grade --jobs 2": float("inf")}
    with tempfile.TemporaryDirectory(prefix="grade-throughput-") as workspace:
        folder = Path(workspace) / "essays"
        folder.mkdir()
        for number, text in enumerate(texts):
            (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8", newline="")
        output = Path(workspace) / "grades.csv"
        for round_number in range(1, options.rounds + 1):
            timings = {
                "plain nlp.pipe": time_plain_pipe(nlp, texts),
                "grade --jobs 1": time_grade(folder, output, 1, len(texts)),
                "grade --jobs 2": time_grade(folder, output, 2, len(texts)),
            }
            print(f"round {round_number}: " + ", ".join(f"{mode} {seconds:.2f} s" for mode, seconds in timings.items()))
            for mode, seconds in timings.items():
                best[mode] = min(best[mode], seconds)
    load_after = os.getloadavg()

    words = sum(len(text.split()) for text in texts)
    print(f"\n{len(texts)} essays, {words:,} words, pipeline {DEFAULT_PIPELINE}, {os.cpu_count()} CPUs, best of {options.rounds} rounds")
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    for mode, seconds in best.items():
        print(f"  {mode:<16} {seconds:7.2f} s  {len(texts) / seconds:7.1f} essays/s")
    jobs_1_over_pipe = best["grade --jobs 1"] / best["plain nlp.pipe"]
    speedup = best["grade --jobs 1"] / best["grade --jobs 2"]
    print(f"grade --jobs 1 time / plain nlp.pipe time: {jobs_1_over_pipe:.3f}  (target <= 1.10)")
    print(f"grade --jobs 2 speed-up over --jobs 1:     {speedup:.3f}  (target >= 1.60 on two idle cores)")


if __name__ == "__main__":
    main_benchmark()
