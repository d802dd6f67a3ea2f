"""Give the heap pages a request freed back to the operating system (glibc's `malloc_trim`).

An analysis allocates tens of MiB (spaCy's arrays, the parsed Docs of a batch) and frees
them when the response is sent, but glibc keeps freed memory inside the process for
reuse: a worker's resident memory follows the largest request it has served lately,
not what it holds. `malloc_trim(0)` returns the free pages, so between requests a worker
holds what it uses. Measured in docs/performance.md (Load). Elsewhere (macOS, musl)
there is no `malloc_trim`, and nothing is done.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable


def find_malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        # The process's own symbols, which include the C library's: no search for its file.
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_malloc_trim = find_malloc_trim()


def release_free_memory() -> bool:
    """Return free heap pages to the system; True if the C library could be asked."""
    if _malloc_trim is None:
        return False
    _malloc_trim(0)
    return True
