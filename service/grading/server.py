"""`grade --server URL`: the files go to a running essay-feedback service as jobs, the rows
come back the same as when graded here.

Only the standard library: a multipart POST /v1/jobs per batch of files (with an
Idempotency-Key, so a retried POST cannot submit twice), polling, then the results as NDJSON.
"""

from __future__ import annotations

import json
import mimetypes
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

from service.grading.rows import document_row, error_row

# Essays per job: well under the service's default limit (5,000) and its body size.
FILES_PER_JOB = 500
ENDED = ("succeeded", "failed", "cancelled")


class ServerError(Exception):
    """The service refused or could not be reached; the message says why."""


class JobClient:
    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 60.0, poll_seconds: float = 1.0):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.poll_seconds = poll_seconds

    def _request(self, path: str, data: bytes | None = None, headers: dict | None = None, attempts: int = 3):
        headers = dict(headers or {})
        if self.api_key:
            headers["X-API-Key"] = self.api_key
        url = path if path.startswith("http") else self.base_url + path
        for attempt in range(attempts):
            request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
            try:
                return urllib.request.urlopen(request, timeout=self.timeout)
            except urllib.error.HTTPError as error:
                if error.code in (429, 502, 503, 504) and attempt + 1 < attempts:
                    time.sleep(float(error.headers.get("Retry-After") or 2))
                    continue
                raise ServerError(f"{error.code} from {url}: {_problem_detail(error)}") from error
            except OSError as error:
                if attempt + 1 < attempts:
                    time.sleep(2)
                    continue
                raise ServerError(f"cannot reach {url}: {error}") from error
        raise ServerError(f"no answer from {url}")  # pragma: no cover - the loop returns or raises

    def submit(self, paths: Sequence[Path], reference: str | None) -> dict:
        boundary = uuid.uuid4().hex
        parts = []
        for path in paths:
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{_quoted(path.name)}"\r\n'
                f"Content-Type: {media_type}\r\n\r\n".encode("utf-8") + path.read_bytes() + b"\r\n"
            )
        if reference:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="reference"\r\n\r\n{reference}\r\n'.encode("utf-8"))
        body = b"".join(parts) + f"--{boundary}--\r\n".encode("ascii")
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Idempotency-Key": str(uuid.uuid4())}
        with self._request("/v1/jobs", body, headers) as response:
            return json.load(response)

    def wait(self, job: dict) -> dict:
        while job["status"] not in ENDED:
            time.sleep(self.poll_seconds)
            with self._request(job["links"]["self"]) as response:
                job = json.load(response)
        return job

    def results(self, job: dict) -> Iterator[dict]:
        with self._request(job["links"]["results"], headers={"Accept": "application/x-ndjson"}) as response:
            for line in response:
                if line.strip():
                    yield json.loads(line)


def grade_on_server(
    paths: Sequence[Path], client: JobClient, reference: str | None = None, files_per_job: int = FILES_PER_JOB
) -> Iterator[list[dict]]:
    """Rows for `paths` in order, a job's worth at a time."""
    for start in range(0, len(paths), files_per_job):
        batch = list(paths[start : start + files_per_job])
        job = client.wait(client.submit(batch, reference))
        by_index = {result["index"]: result for result in client.results(job)}
        rows = []
        for index, path in enumerate(batch):
            result = by_index.get(index)
            if result is None:
                rows.append(error_row(str(path), f"no result: the job ended {job['status']}"))
            elif "feedback" in result:
                rows.append(document_row(str(path), result["feedback"]))
            else:
                rows.append(error_row(str(path), result["error"].get("detail") or result["error"].get("title")))
        yield rows


def _quoted(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", " ")


def _problem_detail(error: urllib.error.HTTPError) -> str:
    try:
        return json.loads(error.read()).get("detail") or error.reason
    except (ValueError, AttributeError, OSError):
        return str(error.reason)
