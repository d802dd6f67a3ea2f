"""A teacher grades a class folder on the school's essay-feedback service: `grade --server URL`
sends the files as a job and writes the same CSV as grading on the laptop."""

import csv
import threading

import pytest
from file_builders import make_docx
from werkzeug.serving import make_server

from service.cli import main
from service.analyzer_extension import EXTENSION_KEY
from service_apps import ready_app

ANNA = "Stalinism was a logical continuation of Leninism.\nLenin banned factions in 1921 (Service, p. 45).\nIn 1937 Stalin purged the party (Figes 1996)."
BEN = ["Stalin broke with Lenin.", "The Terror of 1937 had no Leninist precedent (Conquest, p. 3)."]


@pytest.fixture
def class_set(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "anna.txt").write_text(ANNA, encoding="utf-8")
    (folder / "ben.docx").write_bytes(make_docx(BEN))
    (folder / "broken.docx").write_bytes(b"this is not a zip archive")
    return folder


def serve_in_thread(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def service_url(analyzer, tmp_path):
    """A running service with the default reference, whose jobs run as they are posted."""
    app = ready_app(analyzer, DATA_DIR=str(tmp_path / "data"), JOBS_EAGER=True, API_KEYS=("school-key",))
    app.extensions[EXTENSION_KEY].current_references()
    server = serve_in_thread(app)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_grading_on_a_server_writes_the_same_csv_as_grading_here(runner, class_set, service_url, tmp_path):
    here, there = tmp_path / "here.csv", tmp_path / "there.csv"
    local = runner.invoke(main, ["grade", str(class_set), "--output", str(here)])
    remote = runner.invoke(main, ["grade", str(class_set), "--output", str(there), "--server", service_url,
                                  "--api-key", "school-key"])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output

    assert there.read_text(encoding="utf-8") == here.read_text(encoding="utf-8")
    rows = read_csv(there)
    assert [row["file"].rsplit("/", 1)[-1] for row in rows] == ["anna.txt", "ben.docx", "broken.docx"]
    assert rows[0]["stance"] == "continuity" and rows[0]["thesis_found"] == "true"
    assert rows[2]["error"] and not rows[2]["words"]


def test_the_csv_has_a_score_per_criterion_and_the_stance(runner, class_set, tmp_path):
    output = tmp_path / "grades.csv"
    runner.invoke(main, ["grade", str(class_set / "anna.txt"), "--output", str(output)])
    header = output.read_text(encoding="utf-8").splitlines()[0].split(",")
    for column in ("stance", "score_thesis", "score_evidence", "score_citations", "score_organization",
                   "score_counterargument", "score_overall"):
        assert column in header, column
    (row,) = read_csv(output)
    assert 0 <= int(row["score_thesis"]) <= 4 and row["stance"] == "continuity"


def test_a_server_that_refuses_the_key_is_a_clear_error(runner, class_set, service_url):
    result = runner.invoke(main, ["grade", str(class_set), "--server", service_url, "--api-key", "wrong"])
    assert result.exit_code == 1
    assert "401" in result.output and "not valid" in result.output


def test_a_server_that_is_not_there_is_a_clear_error(runner, class_set):
    result = runner.invoke(main, ["grade", str(class_set / "anna.txt"), "--server", "http://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach" in result.output
