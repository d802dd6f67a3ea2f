"""Throughput of `essay-feedback grade --jobs 1`, `--jobs 2` and plain `nlp.pipe` on the same essays.

    python benchmarks/grade_throughput.py [--rounds 3] [--data ../shared/datasets/persuade_texts/sample_300.jsonl]

The essays are written as .txt files to a temporary folder (deleted afterwards), then each
round times, in this order: plain `nlp.pipe` over the texts with the full default pipeline
(the trained pipeline plus the essay components, docs discarded); `grade FOLDER --jobs 1`;
`grade FOLDER --jobs 2`. The grade runs go through the real command in this process, so
they include walking the folder, reading and decoding each file, building the rows and
writing the CSV; the pipeline is loaded once beforehand and shared by all three, so no
figure includes loading it. Each mode's best round is reported, wall-clock and CPU time,
with the load average beside it, because other processes on the machine slow any round.
"""

from __future__ import annotations

import argparse
import csv
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


class Timer:
    """Wall-clock seconds, and CPU seconds of this process and of its finished children.

    On a shared machine the wall clock of a single-process run grows with other people's
    load; its CPU time does not, so the CPU ratio of `--jobs 1` to plain `nlp.pipe` is the
    steadier figure. The speed-up of `--jobs 2` can only be seen on the wall clock.
    """

    def __enter__(self) -> "Timer":
        self._wall, self._cpu = time.perf_counter(), self._cpu_now()
        return self

    def __exit__(self, *_exc) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = self._cpu_now() - self._cpu

    @staticmethod
    def _cpu_now() -> float:
        times = os.times()
        return times.user + times.system + times.children_user + times.children_system


def time_plain_pipe(nlp, texts: list[str]) -> Timer:
    with Timer() as timer:
        for _doc in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE):
            pass
    return timer


def time_grade(folder: Path, output: Path, jobs: int, expected: int) -> Timer:
    with Timer() as timer:
        main.main(["grade", str(folder), "--jobs", str(jobs), "--no-progress", "--output", str(output)], standalone_mode=False)
    with output.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    graded = sum(1 for row in rows if not row["error"])
    if len(rows) != expected or graded != expected:
        raise SystemExit(f"grade --jobs {jobs} graded {graded} of {expected} essays")
    return timer


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
    modes = ("plain nlp.pipe", "grade --jobs 1", "grade --jobs 2")
    best_wall = dict.fromkeys(modes, float("inf"))
    best_cpu = dict.fromkeys(modes, float("inf"))
    with tempfile.TemporaryDirectory(prefix="grade-throughput-") as workspace:
        folder = Path(workspace) / "essays"
        folder.mkdir()
        for number, text in enumerate(texts):
            (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8", newline="")
        output = Path(workspace) / "grades.csv"
        for round_number in range(1, options.rounds + 1):
            timings = dict(
                zip(
                    modes,
                    (
                        time_plain_pipe(nlp, texts),
                        time_grade(folder, output, 1, len(texts)),
                        time_grade(folder, output, 2, len(texts)),
                    ),
                )
            )
            print(
                f"round {round_number} (load {os.getloadavg()[0]:.2f}): "
                + ", ".join(f"{mode} {timer.wall:.2f} s wall {timer.cpu:.2f} s CPU" for mode, timer in timings.items())
            )
            for mode, timer in timings.items():
                best_wall[mode] = min(best_wall[mode], timer.wall)
                best_cpu[mode] = min(best_cpu[mode], timer.cpu)
    load_after = os.getloadavg()

    words = sum(len(text.split()) for text in texts)
    print(f"\n{len(texts)} essays, {words:,} words, pipeline {DEFAULT_PIPELINE}, {os.cpu_count()} CPUs, best of {options.rounds} rounds")
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    for mode in modes:
        print(f"  {mode:<16} {best_wall[mode]:7.2f} s wall  {len(texts) / best_wall[mode]:6.2f} essays/s  "
              f"{best_cpu[mode]:7.2f} s CPU")
    print(f"grade --jobs 1 / plain nlp.pipe, wall time: {best_wall['grade --jobs 1'] / best_wall['plain nlp.pipe']:.3f}  (target <= 1.10)")
    print(f"grade --jobs 1 / plain nlp.pipe, CPU time:  {best_cpu['grade --jobs 1'] / best_cpu['plain nlp.pipe']:.3f}")
    print(f"grade --jobs 2 speed-up over --jobs 1:      {best_wall['grade --jobs 1'] / best_wall['grade --jobs 2']:.3f}  "
          "(target >= 1.60 on two idle cores)")


if __name__ == "__main__":
    main_benchmark()
