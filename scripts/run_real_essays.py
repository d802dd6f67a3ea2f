#!/usr/bin/env python3
"""Send every real essay of ../shared/datasets through the HTTP API and check each answer.

    .venv/bin/python scripts/run_real_essays.py [--sample N] [--batch-size 50]

PERSUADE 2.0 (persuade_texts/sample_300.jsonl) and AAE2 (aae2/train.jsonl, dev.jsonl) go
through POST /v1/feedback/batch of an in-process app (the Flask test client): every essay
must come back with feedback, none with an error, and every start/end in its document must
index the text sent (`text[start:end]` is the reported text). Prints one line per dataset
and exits 1 on any failure. The shared data is read in place, never copied.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
FILES = {
    "persuade_texts/sample_300": DATASETS / "persuade_texts" / "sample_300.jsonl",
    "aae2/train": DATASETS / "aae2" / "train.jsonl",
    "aae2/dev": DATASETS / "aae2" / "dev.jsonl",
}


def read_essays(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def offset_mismatches(document: dict, text: str) -> list[str]:
    """Every object with integer start/end in `document` that does not index `text` as it says."""
    found = []

    def walk(value, where: str) -> None:
        if isinstance(value, dict):
            start, end = value.get("start"), value.get("end")
            if isinstance(start, int) and isinstance(end, int):
                if not 0 <= start <= end <= len(text):
                    found.append(f"{where}: [{start}:{end}] outside a text of {len(text)}")
                elif isinstance(value.get("text"), str) and text[start:end] != value["text"]:
                    found.append(f"{where}: text[{start}:{end}] is not the reported text")
            for key, inner in value.items():
                walk(inner, f"{where}.{key}")
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, f"{where}[{index}]")

    walk(document, "$")
    return found


def check_essays(client, essays: list[dict], batch_size: int) -> tuple[int, list[str]]:
    """Post `essays` in batches; the number analysed and a description of each failure."""
    analysed, failures = 0, []
    for first in range(0, len(essays), batch_size):
        chunk = essays[first : first + batch_size]
        body = {"essays": [{"id": str(essay["id"]), "text": essay["text"]} for essay in chunk]}
        response = client.post("/v1/feedback/batch", json=body)
        if response.status_code != 200:
            failures.append(f"batch at {first}: HTTP {response.status_code} {response.get_data(as_text=True)[:200]}")
            continue
        for essay, result in zip(chunk, response.json["results"]):
            if result["id"] != str(essay["id"]):
                failures.append(f"{essay['id']}: result for {result['id']}")
            elif "error" in result:
                failures.append(f"{essay['id']}: {result['error']['status']} {result['error']['detail']}")
            else:
                analysed += 1
                failures += [f"{essay['id']}: {problem}" for problem in offset_mismatches(result["feedback"], essay["text"])]
    return analysed, failures


def test_client():
    from service import create_app

    logging.getLogger("service").setLevel(logging.WARNING)
    app = create_app({"TESTING": True, "RATE_LIMIT_ENABLED": False, "LOG_LEVEL": "warning", "ANALYSIS_TIMEOUT": 0})
    return app.test_client()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="every k-th essay only, so that about N per file (0: all)")
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args(argv)
    present = {name: path for name, path in FILES.items() if path.exists()}
    if not present:
        print(f"no datasets under {DATASETS}", file=sys.stderr)
        return 1
    client = test_client()
    failed = False
    for name, path in present.items():
        essays = read_essays(path)
        if args.sample:
            essays = essays[:: max(1, len(essays) // args.sample)]
        started = time.perf_counter()
        analysed, failures = check_essays(client, essays, args.batch_size)
        seconds = time.perf_counter() - started
        print(f"{name}: {analysed}/{len(essays)} essays analysed, {len(failures)} failures, {seconds:.1f} s")
        for failure in failures[:20]:
            print(f"  {failure}")
        failed = failed or bool(failures) or analysed != len(essays)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
