"""Nothing lost: an interrupted `grade` leaves no half-written output, and `--resume` grades only what is left."""

import csv
import importlib
import json

import pytest

from service.cli import main
from service.grading.resume import checkpoint_path

grade_command = importlib.import_module("service.cli.grade")

ESSAYS = {
    "anna.txt": "Stalinism was a logical continuation of Leninism.\nLenin banned factions in 1921 (Service, p. 45).",
    "ben.txt": "Stalin broke with Lenin.\nThe Terror of 1937 had no Leninist precedent (Conquest, p. 3).",
    "cleo.txt": "Lenin built the one-party state.\nStalin only used it (Figes 1996).",
}


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for name, text in ESSAYS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def graded_paths(monkeypatch):
    """The files each run hands to the grader, one row per file, a chunk of one file at a time."""
    seen = []
    real = grade_command.grade_files

    def one_at_a_time(paths, analyzer, options, jobs=1):
        for path in paths:
            seen.append(path.name)
            yield from real([path], analyzer, options, jobs=1)

    monkeypatch.setattr(grade_command, "grade_files", one_at_a_time)
    return seen


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_resume_grades_only_the_essays_added_since(runner, folder, tmp_path, graded_paths):
    output = tmp_path / "grades.csv"
    assert runner.invoke(main, ["grade", str(folder), "--output", str(output)]).exit_code == 0
    first = output.read_text(encoding="utf-8")
    (folder / "dora.txt").write_text("Lenin’s vanguard ruled alone (Service).", encoding="utf-8")
    graded_paths.clear()
    result = runner.invoke(main, ["grade", str(folder), "--output", str(output), "--resume"])
    assert result.exit_code == 0, result.output
    assert graded_paths == ["dora.txt"]
    assert "3 of 4 files graded already" in result.stderr
    rows = read_csv(output)
    assert [row["file"].rsplit("/", 1)[1] for row in rows] == ["anna.txt", "ben.txt", "cleo.txt", "dora.txt"]
    # The rows graded before are as they were.
    assert read_csv(output)[:3] == [row for row in csv.DictReader(first.splitlines())]
    assert not checkpoint_path(output).exists()


def test_an_interrupted_run_leaves_no_output_and_resumes_where_it_stopped(runner, folder, tmp_path, graded_paths, monkeypatch):
    output = tmp_path / "grades.json"
    recording = grade_command.grade_files

    def interrupted(paths, analyzer, options, jobs=1):
        generator = recording(paths, analyzer, options, jobs)
        yield next(generator)  # anna.txt is graded, then the run is stopped
        raise KeyboardInterrupt

    monkeypatch.setattr(grade_command, "grade_files", interrupted)
    result = runner.invoke(main, ["grade", str(folder), "--output", str(output)])
    assert result.exit_code != 0
    assert not output.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    kept = [json.loads(line) for line in checkpoint_path(output).read_text(encoding="utf-8").splitlines()]
    assert [row["file"].rsplit("/", 1)[1] for row in kept] == ["anna.txt"]

    monkeypatch.setattr(grade_command, "grade_files", recording)
    graded_paths.clear()
    result = runner.invoke(main, ["grade", str(folder), "--output", str(output), "--resume"])
    assert result.exit_code == 0, result.output
    assert graded_paths == ["ben.txt", "cleo.txt"]
    rows = json.loads(output.read_text(encoding="utf-8"))
    assert [row["file"].rsplit("/", 1)[1] for row in rows] == ["anna.txt", "ben.txt", "cleo.txt"]
    assert rows[0] == {column: kept[0].get(column) for column in rows[0]}
    assert all(row["error"] is None for row in rows)
    assert not checkpoint_path(output).exists()


def test_a_line_cut_short_in_the_checkpoint_is_graded_again(runner, folder, tmp_path, graded_paths):
    output = tmp_path / "grades.ndjson"
    anna = str(folder / "anna.txt")
    checkpoint_path(output).write_text(json.dumps({"file": anna, "words": 1, "error": None}) + '\n{"file": "', encoding="utf-8")
    result = runner.invoke(main, ["grade", str(folder), "--output", str(output), "--resume"])
    assert result.exit_code == 0, result.output
    assert graded_paths == ["ben.txt", "cleo.txt"]
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["file"] == anna and rows[0]["words"] == 1


def test_rows_with_an_error_are_graded_again_on_resume(runner, folder, tmp_path, graded_paths):
    output = tmp_path / "grades.csv"
    (folder / "broken.txt").write_bytes(b"\0\0\0 binary")
    runner.invoke(main, ["grade", str(folder), "--output", str(output)])
    (folder / "broken.txt").write_text("Lenin banned factions (Service).", encoding="utf-8")
    graded_paths.clear()
    result = runner.invoke(main, ["grade", str(folder), "--output", str(output), "--resume"])
    assert graded_paths == ["broken.txt"]
    assert all(row["error"] == "" for row in read_csv(output)), result.output


def test_a_fresh_run_ignores_an_old_checkpoint(runner, folder, tmp_path, graded_paths):
    output = tmp_path / "grades.csv"
    checkpoint_path(output).write_text(json.dumps({"file": str(folder / "anna.txt"), "words": 1}) + "\n", encoding="utf-8")
    assert runner.invoke(main, ["grade", str(folder), "--output", str(output)]).exit_code == 0
    assert graded_paths == ["anna.txt", "ben.txt", "cleo.txt"]
    assert read_csv(output)[0]["words"] != "1"


def test_resume_without_output_is_a_usage_error(runner, folder):
    result = runner.invoke(main, ["grade", str(folder), "--resume"])
    assert result.exit_code == 2
    assert "--output" in result.output
