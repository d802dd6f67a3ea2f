"""Refresh the response examples in service/data/api_examples.json from the service itself.

The examples in /openapi.json, /docs and the Postman collection show what the service
really answers for the example essay; re-run this after changing the feedback document:

    .venv/bin/python scripts/build_api_examples.py && .venv/bin/python scripts/build_postman.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service import create_app  # noqa: E402
from service.config import PACKAGED_REFERENCES  # noqa: E402

EXAMPLES_PATH = ROOT / "service" / "data" / "api_examples.json"
NEW_REFERENCE = {
    "title": "Stalin broke with Lenin",
    "question": "Was Stalinism a logical continuation of Leninism?",
    "text": (
        "Stalinism was a break with Leninism, not its continuation.\n"
        "Lenin allowed debate inside the party until 1921, and the New Economic Policy let peasants trade.\n"
        "Stalin ended the NEP in 1928 and ruled through terror, so his system broke with Lenin's.\n"
    ),
}


def job_examples(app, batch: dict) -> dict:
    """A job of the batch's essays, run in the request (JOBS_EAGER), and its results."""
    with tempfile.TemporaryDirectory() as data_dir:
        jobs_app = create_app({**app.config, "DATA_DIR": data_dir, "JOBS_EAGER": True})
        client = jobs_app.test_client()
        job = client.post("/v1/jobs", json=batch).get_json()
        results = client.get(job["links"]["results"]).get_json()
    # Stable values in place of this run's id and clock.
    job_id = "job_5f0c9a7e2b1d4c3a8e6f0b12"
    job.update(
        id=job_id,
        created_at="2026-12-04T14:00:00+00:00",
        started_at="2026-12-04T14:00:01+00:00",
        finished_at="2026-12-04T14:00:02+00:00",
        expires_at="2026-12-11T14:00:00+00:00",
        links={"self": f"/v1/jobs/{job_id}", "results": f"/v1/jobs/{job_id}/results"},
    )
    for result in results["results"]:
        if "error" in result:
            result["error"]["instance"] = f"/v1/jobs#/essays/{result['index']}"
    return {"Job": job, "JobResults": results}


def main() -> None:
    examples = json.loads(EXAMPLES_PATH.read_text(encoding="utf-8"))
    schemas = examples["schemas"]
    with tempfile.TemporaryDirectory() as references_dir:
        for path in PACKAGED_REFERENCES.glob("lenin_stalin_continuity.*"):
            (Path(references_dir) / path.name).write_bytes(path.read_bytes())
        app = create_app({"TESTING": True, "REFERENCES_DIR": references_dir, "RATE_LIMIT_ENABLED": False})
        client = app.test_client()
        schemas["Feedback"] = client.post("/v1/feedback", json={"text": examples["essay"]}).get_json()
        schemas["ReferenceCreate"] = NEW_REFERENCE
        schemas["Reference"] = client.post("/v1/references", json=NEW_REFERENCE).get_json()
        schemas["ReferenceList"] = client.get("/v1/references").get_json()
        batch = {"essays": [{"id": "student-17", "text": examples["essay"]}, {"id": "student-18", "text": "  "}]}
        schemas["BatchRequest"] = batch
        schemas["BatchResponse"] = client.post("/v1/feedback/batch", json=batch).get_json()
        schemas.update(job_examples(app, batch))
    EXAMPLES_PATH.write_text(json.dumps(examples, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {EXAMPLES_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
