#!/usr/bin/env python3
"""What grows in one worker: the load test's request mix, in process, with memory read as it goes.

    python benchmarks/memory_probe.py [--requests 400] [--every 25] [--trim] [--trim-cost] [--tracemalloc]

Builds the app as gunicorn does (`create_app()`, the pipeline loaded once, rate limits
off) and sends `benchmarks/load.py`'s mix (single essays, batches of 5, .txt and .docx
uploads, same essays, same weights) one at a time through the Flask test client. Every
--every requests it prints the process's RSS and private memory (/proc/self/smaps_rollup),
glibc's heap (`mallinfo2`: bytes in use, bytes free but kept), Python's own allocations,
the number of live Python objects, spaCy's string store and the lexemes its vocab
indexes. So one can tell a leak (objects, strings or bytes in use rising) from memory the
allocator keeps (free bytes rising, in-use flat).

--trim calls glibc's `malloc_trim(0)` after every request, as the gunicorn hook does (the
CPU time and page faults printed at the end show what that costs);
--trim-cost measures only that, interleaving blocks with and without the trim;
--tracemalloc prints the 15 biggest growths of Python allocations between the first
sample and the last, by line (slow: several times the run time). One process, one core;
Linux with glibc only (the heap columns are blank elsewhere).
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gc
import io
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import MIX, build_request, docx_bytes, load_essays  # noqa: E402


class Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def glibc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        libc.mallinfo2.restype = Mallinfo2
        return libc
    except (OSError, AttributeError, TypeError):
        return None


def smaps_rollup() -> dict[str, int]:
    values = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        values[name.strip()] = int(rest.split()[0])
    return values


def sample(libc, nlp) -> dict[str, float]:
    memory = smaps_rollup()
    row = {
        "rss": memory["Rss"] / 1024,
        "private": (memory.get("Private_Clean", 0) + memory.get("Private_Dirty", 0)) / 1024,
        "py_blocks": sys.getallocatedblocks(),
        "objects": len(gc.get_objects()),
        "strings": len(nlp.vocab.strings),
        # Not len(nlp.vocab): spaCy 3.8 counts every lexeme ever added there, including the
        # transient ones a memory zone has since removed from the index.
        "lexemes": sum(1 for _ in nlp.vocab),
    }
    if libc is not None:
        info = libc.mallinfo2()
        row["heap_used"] = info.uordblks / 2**20
        row["heap_free"] = info.fordblks / 2**20
        row["mmapped"] = info.hblkhd / 2**20
    return row


def flask_request(request: dict) -> dict:
    """load.py's httpx arguments as the Flask test client's."""
    if "files" not in request:
        return {"path": request["url"], "json": request["json"]}
    name, content, mimetype = request["files"]["file"]
    return {"path": request["url"], "data": {"file": (io.BytesIO(content), name, mimetype)}, "content_type": "multipart/form-data"}


COLUMNS = ("rss", "private", "heap_used", "heap_free", "mmapped", "py_blocks", "objects", "strings", "lexemes")


def print_row(label, row) -> None:
    cells = "".join(f"{row[name]:>11.1f}" if isinstance(row.get(name), float) else f"{row.get(name, ''):>11}" for name in COLUMNS)
    print(f"{label:>9}{cells}", flush=True)


def trim_cost(client, libc, size: int, essays, docx_files, kinds) -> int:
    """CPU seconds and page faults of the same requests with and without malloc_trim, interleaved
    (ABBA, so that other processes' load falls on both alike)."""
    totals = {True: [0.0, 0], False: [0.0, 0]}
    print(f"8 blocks of the same {size} requests, with and without malloc_trim; load average {os.getloadavg()[0]:.1f}")
    for trim in (True, False, False, True, True, False, False, True):
        rng = random.Random(7)
        cpu, faults = time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for _ in range(size):
            response = client.post(**flask_request(build_request(rng.choice(kinds), essays, docx_files, rng)))
            assert response.status_code == 200, response.status_code
            del response
            if trim:
                libc.malloc_trim(0)
        totals[trim][0] += time.process_time() - cpu
        totals[trim][1] += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
        print(f"  trim={trim!s:<6}{time.process_time() - cpu:7.1f} s CPU", flush=True)
    (with_cpu, with_faults), (without_cpu, without_faults) = totals[True], totals[False]
    print(f"CPU with trim / without: {with_cpu:.1f} / {without_cpu:.1f} s = {with_cpu / without_cpu:.3f}; page faults per "
          f"request {with_faults / (4 * size):,.0f} / {without_faults / (4 * size):,.0f}; load average {os.getloadavg()[0]:.1f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--every", type=int, default=25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trim", action="store_true", help="malloc_trim(0) after every request")
    parser.add_argument("--tracemalloc", action="store_true", help="diff Python allocations, first sample to last")
    parser.add_argument("--trim-cost", action="store_true",
                        help="only measure what trimming costs: 8 blocks of --every requests, with and without, ABBA order")
    args = parser.parse_args()

    os.environ.setdefault("ESSAY_FEEDBACK_RATE_LIMIT_ENABLED", "false")
    os.environ.setdefault("ESSAY_FEEDBACK_LOG_LEVEL", "warning")
    from service import create_app
    from service.analyzer_extension import EXTENSION_KEY

    app = create_app()
    client = app.test_client()
    nlp = app.extensions[EXTENSION_KEY].analyzer.nlp
    essays, source = load_essays()
    docx_files = [docx_bytes(text) for text in essays[:20]]
    rng = random.Random(args.seed)
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    libc = glibc()
    if args.trim_cost:
        return trim_cost(client, libc, args.every, essays, docx_files, kinds)
    print(f"{args.requests} requests of load.py's mix from {source}, one process; trim={args.trim}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'requests':>9}" + "".join(f"{name:>11}" for name in COLUMNS))
    print_row(0, sample(libc, nlp))
    first = None
    trim_seconds = 0.0
    started, cpu_started, faults_started = time.monotonic(), time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for number in range(1, args.requests + 1):
        response = client.post(**flask_request(build_request(rng.choice(kinds), essays, docx_files, rng)))
        assert response.status_code == 200, response.status_code
        del response
        if args.trim and libc is not None:
            trim_started = time.perf_counter()
            libc.malloc_trim(0)
            trim_seconds += time.perf_counter() - trim_started
        if number % args.every == 0:
            # No gc.collect() first: a worker does not call it either.
            print_row(number, sample(libc, nlp))
            if args.tracemalloc and first is None:
                tracemalloc.start(5)
                first = tracemalloc.take_snapshot()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_started
    print(f"{args.requests} requests in {time.monotonic() - started:.0f} s ({time.process_time() - cpu_started:.0f} s of CPU, "
          f"{faults / args.requests:,.0f} page faults per request); load average {os.getloadavg()[0]:.1f}")
    if args.trim:
        print(f"malloc_trim: {trim_seconds / args.requests * 1000:.1f} ms per request on average")
    if first is not None:
        last = tracemalloc.take_snapshot()
        for stat in last.compare_to(first, "traceback")[:15]:
            print(f"{stat.size_diff / 1024:+10.1f} KiB {stat.count_diff:+7} blocks")
            for line in stat.traceback.format()[-6:]:
                print("    " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
