"""Throughput of `essay-feedback grade --jobs 1`, `--jobs 2` and plain `nlp.pipe` on the same essays.

    python benchmarks/grade_throughput.py [--rounds 3] [--limit N] [--warmup 32] [--data FILE.jsonl]

The essays are written as .txt files to a temporary folder (deleted afterwards). Four modes
are timed in this one process:

* plain `nlp.pipe`: the trained pipeline alone, as `spacy.load(name)` gives it (its default
  components, none of the essay components), over the texts with the batch size `grade`
  uses, inside `nlp.memory_zone()` as `grade` runs it, docs discarded;
* trained `nlp.pipe`: the same, with the pipeline as `grade` loads it before adding the essay
  components (`load_trained_pipeline`: spaCy's attribute ruler and lemmatizer replaced by
  their array form, which gives the same annotations), to show what that saves and what the
  essay analysis adds on top;
* `grade FOLDER --jobs 1` and `grade FOLDER --jobs 2`, through the real command, so they
  include walking the folder, reading and decoding each file, the analysis, the comparison
  with the default reference, building the rows and writing the CSV.

The pipelines are loaded beforehand (no figure includes loading one), and every mode first
runs once, untimed, over the first `--warmup` essays, so lazily built state (the reference's
index, spaCy's caches, the worker pool's code paths) exists before the first timed round.
Each round runs every mode once, in an order rotated from round to round, so no mode is
always first or always follows the parallel run. Reported per mode: the best and the median
round, wall-clock and CPU time (this process plus its finished worker processes), and the
load average; the ratios are printed for both the best and the median rounds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis.pipeline import load_pipeline, load_trained_pipeline  # noqa: E402
from service.cli import main  # noqa: E402
from service.config import DEFAULT_PIPELINE  # noqa: E402
from service.grading.essay_stream import PIPE_BATCH_SIZE  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "persuade_texts" / "sample_300.jsonl"
PLAIN, TRAINED, JOBS_1, JOBS_2 = "plain nlp.pipe", "trained nlp.pipe", "grade --jobs 1", "grade --jobs 2"
MODES = (PLAIN, TRAINED, JOBS_1, JOBS_2)


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


def write_essays(texts: list[str], folder: Path) -> Path:
    folder.mkdir()
    for number, text in enumerate(texts):
        (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8", newline="")
    return folder


def time_plain_pipe(nlp, texts: list[str]) -> Timer:
    with Timer() as timer:
        with nlp.memory_zone():
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


def rotated(modes: tuple[str, ...], round_number: int) -> tuple[str, ...]:
    """The modes in the order of round `round_number` (0-based): each round starts one later."""
    shift = round_number % len(modes)
    return modes[shift:] + modes[:shift]


def main_benchmark() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--data", type=Path, default=DEFAULT_DATA)
    arguments.add_argument("--rounds", type=int, default=3)
    arguments.add_argument("--limit", type=int, default=None, help="Use only the first N essays (for quick iterations).")
    arguments.add_argument("--warmup", type=int, default=32, help="Essays of the untimed first run of every mode.")
    options = arguments.parse_args()
    if not options.data.exists():
        raise SystemExit(f"{options.data} not found: the benchmark needs ../shared/datasets beside the repository.")

    texts = read_texts(options.data)[: options.limit]
    warmup_texts = texts[: max(options.warmup, 1)]
    plain = spacy.load(DEFAULT_PIPELINE)
    trained = load_trained_pipeline(DEFAULT_PIPELINE)
    load_pipeline(DEFAULT_PIPELINE)  # what grade uses, loaded once per process and cached
    wall: dict[str, list[float]] = {mode: [] for mode in MODES}
    cpu: dict[str, list[float]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory(prefix="grade-throughput-") as workspace:
        folder = write_essays(texts, Path(workspace) / "essays")
        warmup_folder = write_essays(warmup_texts, Path(workspace) / "warmup")
        output = Path(workspace) / "grades.csv"
        runs = {
            PLAIN: lambda _folder, essays: time_plain_pipe(plain, essays),
            TRAINED: lambda _folder, essays: time_plain_pipe(trained, essays),
            JOBS_1: lambda folder, essays: time_grade(folder, output, 1, len(essays)),
            JOBS_2: lambda folder, essays: time_grade(folder, output, 2, len(essays)),
        }
        for mode in MODES:
            runs[mode](warmup_folder, warmup_texts)
        load_before = os.getloadavg()
        for round_number in range(options.rounds):
            order = rotated(MODES, round_number)
            timings = {mode: runs[mode](folder, texts) for mode in order}
            print(
                f"round {round_number + 1} (load {os.getloadavg()[0]:.2f}): "
                + ", ".join(f"{mode} {timings[mode].wall:.2f} s wall {timings[mode].cpu:.2f} s CPU" for mode in order),
                flush=True,
            )
            for mode, timer in timings.items():
                wall[mode].append(timer.wall)
                cpu[mode].append(timer.cpu)
    load_after = os.getloadavg()

    words = sum(len(text.split()) for text in texts)
    print(
        f"\n{len(texts)} essays, {words:,} words, {os.cpu_count()} CPUs, {options.rounds} rounds (order rotated), "
        f"warm-up {len(warmup_texts)} essays, batch size {PIPE_BATCH_SIZE}"
    )
    print(f"plain: spacy.load({DEFAULT_PIPELINE!r}) [{', '.join(plain.pipe_names)}]")
    print(f"trained: load_trained_pipeline({DEFAULT_PIPELINE!r}) [{', '.join(trained.pipe_names)}]")
    print(f"grade: [{', '.join(load_pipeline(DEFAULT_PIPELINE).pipe_names)}] + comparison with the default reference")
    print(
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}"
    )
    print(f"  {'mode':<16} {'best wall':>10} {'median wall':>12} {'essays/s':>9} {'best CPU':>9} {'median CPU':>11}")
    for mode in MODES:
        print(
            f"  {mode:<16} {min(wall[mode]):9.2f}s {statistics.median(wall[mode]):11.2f}s "
            f"{len(texts) / min(wall[mode]):9.2f} {min(cpu[mode]):8.2f}s {statistics.median(cpu[mode]):10.2f}s"
        )
    # Each round's modes run back to back, so a slow spell of the machine hits them alike:
    # the ratio within each round is the steadiest figure when the CPU's speed drifts.
    paired = [jobs_1 / plain for jobs_1, plain in zip(cpu[JOBS_1], cpu[PLAIN])]
    print(
        "grade --jobs 1 / plain nlp.pipe, CPU time, round by round: "
        + ", ".join(f"{ratio:.3f}" for ratio in paired)
        + f"; median {statistics.median(paired):.3f}  (target <= 1.10)"
    )
    for label, pick in (("best", min), ("median", statistics.median)):
        print(f"ratios of the {label} rounds:")
        print(f"  grade --jobs 1 / plain nlp.pipe, CPU time:  {pick(cpu[JOBS_1]) / pick(cpu[PLAIN]):.3f}  (target <= 1.10)")
        print(f"  grade --jobs 1 / plain nlp.pipe, wall time: {pick(wall[JOBS_1]) / pick(wall[PLAIN]):.3f}")
        print(f"  trained nlp.pipe / plain nlp.pipe, CPU time: {pick(cpu[TRAINED]) / pick(cpu[PLAIN]):.3f}  (array ruler and lemmatizer)")
        print(f"  grade --jobs 1 / trained nlp.pipe, CPU time: {pick(cpu[JOBS_1]) / pick(cpu[TRAINED]):.3f}  (what grading adds)")
        print(
            f"  grade --jobs 2 speed-up over --jobs 1, wall: {pick(wall[JOBS_1]) / pick(wall[JOBS_2]):.3f}  "
            "(target >= 1.60 on two idle cores)"
        )


if __name__ == "__main__":
    main_benchmark()
