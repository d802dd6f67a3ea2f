#!/usr/bin/env python3
"""Load test: gunicorn with 2 workers on 127.0.0.1, 32 concurrent clients for 60 seconds.

    python benchmarks/load.py [--clients 32] [--seconds 60] [--workers 2] [--port 18743] [--warmup 20] [--rss-every 0]

Starts gunicorn with the project's settings on a loopback port (rate limits off, worker
recycling off so that the same workers are measured before and after), waits for /readyz,
warms the workers up with --warmup seconds of the same load, records the resident memory (RSS, from /proc) of every worker, then
runs the clients: each sends one request at a time, picking single essays (JSON), batches
of 5 essays, and file uploads (.txt and .docx) in a fixed mix. Essays come from
../shared/datasets/persuade_texts/sample_300.jsonl when present, else from essay_samples/.
Prints requests/s, p50/p95/p99 latency per kind and overall, the errors (any non-2xx or
transport error), and each worker's RSS before and after (with --rss-every, also during
the run). Exits 1 on any error or on memory growth of 10 % or more. Loopback only;
bounded by --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PERSUADE = ROOT.parent / "shared" / "datasets" / "persuade_texts" / "sample_300.jsonl"
SAMPLES = ROOT / "essay_samples"
# Share of each kind of request in the mix (by weight).
MIX = (("single", 6), ("batch", 2), ("upload_txt", 1), ("upload_docx", 1))
BATCH_SIZE = 5
MAX_GROWTH = 0.10
# Memory is read from idle workers: the last responses are out, but a worker may still be
# in gunicorn's post_request hook (which hands freed memory back) for a few milliseconds.
SETTLE_SECONDS = 1.0


def load_essays() -> tuple[list[str], str]:
    if PERSUADE.exists():
        with PERSUADE.open(encoding="utf-8") as handle:
            return [json.loads(line)["text"] for line in handle if line.strip()], str(PERSUADE.relative_to(ROOT.parent))
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    return texts, "essay_samples/*.txt"


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def worker_pids(master: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{master}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return sorted(found)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def wait_ready(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the service did not become ready in time")


def build_request(kind: str, essays: list[str], docx_files: list[bytes], rng: random.Random) -> dict:
    if kind == "single":
        return {"url": "/v1/feedback", "json": {"text": rng.choice(essays)}}
    if kind == "batch":
        chosen = rng.sample(range(len(essays)), BATCH_SIZE)
        return {"url": "/v1/feedback/batch", "json": {"essays": [{"id": str(i), "text": essays[i]} for i in chosen]}}
    if kind == "upload_txt":
        return {"url": "/v1/feedback", "files": {"file": ("essay.txt", rng.choice(essays).encode("utf-8"), "text/plain")}}
    return {"url": "/v1/feedback", "files": {"file": ("essay.docx", rng.choice(docx_files), "application/octet-stream")}}


def batch_errors(kind: str, response: httpx.Response) -> int:
    """Essays of a 200 batch that came back with an error instead of feedback."""
    if kind != "batch" or response.status_code != 200:
        return 0
    return sum(1 for result in response.json()["results"] if "error" in result)


async def client_loop(number: int, client: httpx.AsyncClient, stop: float, essays, docx_files, results: list) -> None:
    rng = random.Random(number)
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    while time.monotonic() < stop:
        kind = rng.choice(kinds)
        request = build_request(kind, essays, docx_files, rng)
        started = time.perf_counter()
        try:
            response = await client.post(request.pop("url"), **request)
            status, failed = response.status_code, response.status_code >= 300 or batch_errors(kind, response) > 0
        except httpx.HTTPError as error:
            status, failed = type(error).__name__, True
        results.append((kind, time.perf_counter() - started, status, failed))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def sample_rss(pids: list[int], every: float, stop: float, started: float, results: list) -> None:
    """Print every worker's RSS every `every` seconds while the clients run."""
    while time.monotonic() + every <= stop:
        await asyncio.sleep(every)
        rss = ", ".join(f"{rss_mib(pid):.0f}" for pid in pids if Path(f"/proc/{pid}").exists())
        print(f"  {time.monotonic() - started:5.0f} s {len(results):5} requests  worker RSS MiB: {rss}", flush=True)


async def run_load(
    url: str, clients: int, seconds: float, essays: list[str], docx_files: list[bytes], pids: list[int] = (), every: float = 0
) -> tuple[list, float]:
    results: list = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        started = time.monotonic()
        stop = started + seconds
        tasks = [client_loop(n, client, stop, essays, docx_files, results) for n in range(clients)]
        if pids and every > 0:
            tasks.append(sample_rss(pids, every, stop, started, results))
        await asyncio.gather(*tasks)
        return results, time.monotonic() - started


def report(results: list, elapsed: float) -> int:
    errors = [result for result in results if result[3]]
    print(f"{len(results)} requests in {elapsed:.1f} s: {len(results) / elapsed:.2f} requests/s, {len(errors)} errors")
    print(f"{'kind':<12}{'count':>7}{'p50 s':>8}{'p95 s':>8}{'p99 s':>8}")
    for kind in [kind for kind, _ in MIX] + ["all"]:
        latencies = [seconds for name, seconds, _, _ in results if kind in ("all", name)]
        if latencies:
            print(f"{kind:<12}{len(latencies):>7}{percentile(latencies, 0.5):>8.2f}"
                  f"{percentile(latencies, 0.95):>8.2f}{percentile(latencies, 0.99):>8.2f}")
    statuses = {}
    for _, _, status, _ in errors:
        statuses[status] = statuses.get(status, 0) + 1
    if statuses:
        print(f"errors by status: {statuses}")
    return len(errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=18743)
    parser.add_argument("--warmup", type=float, default=20, help="seconds of load before the memory is first read")
    parser.add_argument("--rss-every", type=float, default=0, help="also print every worker's RSS this often (seconds) during the run")
    args = parser.parse_args()

    essays, source = load_essays()
    docx_files = [docx_bytes(text) for text in essays[:20]]
    url = f"http://127.0.0.1:{args.port}"
    env = {
        **os.environ,
        "ESSAY_FEEDBACK_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
        "ESSAY_FEEDBACK_RATE_LIMIT_ENABLED": "false",
        "ESSAY_FEEDBACK_MAX_REQUESTS": "0",
        "ESSAY_FEEDBACK_LOG_LEVEL": "warning",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "--config", "python:service.gunicorn_settings", "service:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(url, time.monotonic() + 180)
        # Warm-up at full concurrency, so that first-use allocations (spaCy's and the
        # allocator's arenas, sized by the largest request seen) are not counted as growth.
        warm, _ = asyncio.run(run_load(url, args.clients, args.warmup, essays, docx_files))
        time.sleep(SETTLE_SECONDS)
        pids = worker_pids(server.pid)
        before = {pid: rss_mib(pid) for pid in pids}
        print(f"{len(essays)} essays from {source}; {args.workers} workers, {args.clients} clients, {args.seconds:g} s; "
              f"warm-up {len(warm)} requests in {args.warmup:g} s; load average {os.getloadavg()[0]:.1f}")
        results, elapsed = asyncio.run(run_load(url, args.clients, args.seconds, essays, docx_files, pids, args.rss_every))
        errors = report(results, elapsed)
        time.sleep(SETTLE_SECONDS)
        after_pids = worker_pids(server.pid)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        print(f"{'worker':<10}{'RSS before MiB':>16}{'RSS after MiB':>15}{'growth':>9}")
        grown = False
        for pid in pids:
            if pid not in after_pids:
                print(f"{pid:<10}{before[pid]:>16.0f}{'(replaced)':>15}")
                grown = True
                continue
            after = rss_mib(pid)
            growth = after / before[pid] - 1
            grown = grown or growth >= MAX_GROWTH
            print(f"{pid:<10}{before[pid]:>16.0f}{after:>15.0f}{growth:>9.1%}")
        return 1 if errors or grown else 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
