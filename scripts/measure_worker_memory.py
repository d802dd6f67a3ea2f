#!/usr/bin/env python3
"""Measure the memory of each gunicorn worker serving essay-feedback, for sizing.

Starts gunicorn with the project's settings on a loopback port, waits for /readyz,
posts the reference essay a few times to every worker, then reads /proc/<pid>/smaps_rollup
of the master and each worker and prints RSS, PSS and USS (private memory) in MiB:

    python scripts/measure_worker_memory.py --workers 2 --requests 20

USS is what one more worker costs (preload_app lets workers share the model pages with
the master); PSS adds each process's fair share of the shared pages. Linux only.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "essay_samples" / "references" / "lenin_stalin_continuity.txt"


def smaps_rollup(pid: int) -> dict[str, int]:
    """kB figures of /proc/<pid>/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        values[name.strip()] = int(rest.split()[0])
    return values


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def wait_ready(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the service did not become ready in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=20, help="essays posted in total (bounded)")
    parser.add_argument("--port", type=int, default=18642)
    parser.add_argument(
        "--essay-chars", type=int, default=0,
        help="repeat the reference essay up to this many characters (e.g. 100000, the default text limit)",
    )
    args = parser.parse_args()

    url = f"http://127.0.0.1:{args.port}"
    env = {**os.environ, "ESSAY_FEEDBACK_BIND": f"127.0.0.1:{args.port}", "WEB_CONCURRENCY": str(args.workers)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "--config", "python:service.gunicorn_settings", "service:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(url, time.monotonic() + 120)
        essay = REFERENCE.read_bytes()
        if args.essay_chars:
            text = REFERENCE.read_text(encoding="utf-8")
            essay = ("\n".join([text] * (args.essay_chars // len(text) + 1)))[: args.essay_chars].encode("utf-8")
        started = time.monotonic()
        for _ in range(args.requests):
            request = urllib.request.Request(
                url + "/v1/feedback", data=essay, headers={"Content-Type": "text/plain; charset=utf-8"}
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
        elapsed = time.monotonic() - started
        print(f"{args.requests} essays ({len(essay):,} bytes) in {elapsed:.1f}s "
              f"with {args.workers} workers: {args.requests / elapsed:.2f} essays/s")
        print(f"{'process':<16}{'RSS MiB':>10}{'PSS MiB':>10}{'USS MiB':>10}")
        for label, pid in [("master", server.pid)] + [(f"worker {pid}", pid) for pid in children(server.pid)]:
            memory = smaps_rollup(pid)
            uss = memory.get("Private_Clean", 0) + memory.get("Private_Dirty", 0)
            print(f"{label:<16}{memory['Rss'] / 1024:>10.0f}{memory['Pss'] / 1024:>10.0f}{uss / 1024:>10.0f}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
