"""A teacher grades a folder of essays with `essay-feedback grade` and opens the CSV."""

import csv
import importlib
import io
import json

import pytest
from file_builders import make_docx, make_pdf

from service.cli import main
from service.grading import writers
from service.analysis.feedback import CATALOGUE
from service.grading.resume import checkpoint_path

ANNA = "Stalinism was a logical continuation of Leninism.\nLenin banned factions in 1921 (Service, p. 45).\nIn 1937 Stalin purged the party (Figes 1996)."
BEN = ["Stalin broke with Lenin.", "The Terror of 1937 had no Leninist precedent (Conquest, p. 3)."]


@pytest.fixture
def class_set(tmp_path):
    """A class folder: text, Windows-1252 text, Word, PDF, a broken .docx, a subfolder, and files to ignore."""
    folder = tmp_path / "class"
    (folder / "late").mkdir(parents=True)
    (folder / "anna.txt").write_text(ANNA, encoding="utf-8")
    (folder / "ben.docx").write_bytes(make_docx(BEN))
    (folder / "broken.docx").write_bytes(b"this is not a zip archive")
    (folder / "cleo.pdf").write_bytes(make_pdf(BEN))
    (folder / "late" / "dora.txt").write_bytes("Lenin’s café “vanguard” ruled (Service).".encode("cp1252"))
    (folder / "rubric.md").write_text("# not an essay", encoding="utf-8")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return folder


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_folder_with_a_broken_file_gives_a_row_per_essay(runner, class_set, tmp_path):
    output = tmp_path / "grades.csv"
    result = runner.invoke(main, ["grade", str(class_set), "--output", str(output)])
    assert result.exit_code == 0, result.output
    rows = read_csv(output)
    names = [row["file"].replace(str(class_set) + "/", "") for row in rows]
    assert names == ["anna.txt", "ben.docx", "broken.docx", "cleo.pdf", "late/dora.txt"]
    by_name = dict(zip(names, rows))
    assert "not a Word document" in by_name["broken.docx"]["error"]
    assert by_name["broken.docx"]["words"] == ""
    anna = by_name["anna.txt"]
    assert anna["error"] == ""
    assert anna["paragraphs"] == "3"
    assert anna["thesis_found"] == "true"
    assert anna["thesis_text"] == "Stalinism was a logical continuation of Leninism."
    assert anna["citations"] == "2" and anna["distinct_sources"] == "2"
    assert by_name["ben.docx"]["paragraphs"] == by_name["cleo.pdf"]["paragraphs"] == "2"
    assert by_name["ben.docx"]["words"] == by_name["cleo.pdf"]["words"]
    assert by_name["late/dora.txt"]["citations"] == "1"
    assert "1 of 5 files could not be graded" in result.stderr


def test_columns(runner, class_set, tmp_path):
    output = tmp_path / "grades.csv"
    runner.invoke(main, ["grade", str(class_set / "anna.txt"), "--output", str(output)])
    with open(output, encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
    assert header[:9] == [
        "file", "words", "paragraphs", "thesis_found", "thesis_text", "claims", "evidence_sentences", "citations", "distinct_sources",
    ]
    assert header[-2:] == ["feedback_codes", "error"]


def test_feedback_codes_are_the_main_ones_most_severe_first(runner, tmp_path):
    essay = tmp_path / "short.txt"
    essay.write_text("Lenin and Stalin were both leaders.", encoding="utf-8")
    result = runner.invoke(main, ["grade", str(essay), "--format", "json"])
    (row,) = json.loads(result.stdout)
    # A sentence on the question that takes no position: asked about (a warning), not "no thesis".
    assert "THESIS_UNCLEAR" in row["feedback_codes"] and "THESIS_MISSING" not in row["feedback_codes"]
    order = {"problem": 0, "warning": 1, "suggestion": 2, "info": 3}
    severities = [order[CATALOGUE[code]["severity"]] for code in row["feedback_codes"]]
    assert severities == sorted(severities)
    bare = tmp_path / "bare.txt"
    bare.write_text("Lenin and Stalin\n\nIt rained all week in the capital.\n", encoding="utf-8")
    (row,) = json.loads(runner.invoke(main, ["grade", str(bare), "--format", "json"]).stdout)
    assert "THESIS_MISSING" in row["feedback_codes"]  # nothing answers the question at all
    severities = [order[CATALOGUE[code]["severity"]] for code in row["feedback_codes"]]
    assert severities == sorted(severities)


@pytest.mark.parametrize(("option", "suffix"), [(["--format", "json"], ".out"), ([], ".json")])
def test_json_output(runner, class_set, tmp_path, option, suffix):
    output = tmp_path / f"grades{suffix}"
    result = runner.invoke(main, ["grade", str(class_set), "--output", str(output), *option])
    assert result.exit_code == 0, result.output
    rows = json.loads(output.read_text(encoding="utf-8"))
    assert len(rows) == 5
    assert rows[0]["thesis_found"] is True and isinstance(rows[0]["feedback_codes"], list)
    assert rows[2]["error"] and rows[2]["words"] is None


def test_ndjson_to_stdout(runner, class_set):
    result = runner.invoke(main, ["grade", str(class_set), "--format", "ndjson"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert [json.loads(line)["file"].rsplit("/", 1)[-1] for line in lines] == [
        "anna.txt", "ben.docx", "broken.docx", "cleo.pdf", "dora.txt",
    ]


def test_two_jobs_give_the_same_rows_as_one(runner, class_set, tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert runner.invoke(main, ["grade", str(class_set), "--output", str(one)]).exit_code == 0
    result = runner.invoke(main, ["grade", str(class_set), "--jobs", "2", "--output", str(two)])
    assert result.exit_code == 0, result.output
    assert read_csv(two) == read_csv(one)


def test_an_explicit_unsupported_file_gets_an_error_row(runner, class_set, tmp_path):
    result = runner.invoke(main, ["grade", str(class_set / "anna.txt"), str(class_set / "rubric.md"), "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows[1]["error"] and ".md" in rows[1]["error"]


def test_nothing_graded_is_exit_1_with_the_error_rows_written(runner, class_set, tmp_path):
    output = tmp_path / "grades.csv"
    result = runner.invoke(main, ["grade", str(class_set / "broken.docx"), "--output", str(output)])
    assert result.exit_code == 1
    assert len(read_csv(output)) == 1


def test_a_folder_without_essays_is_exit_1(runner, tmp_path):
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["grade", str(tmp_path)])
    assert result.exit_code == 1
    assert "no essay files" in result.output


@pytest.mark.parametrize(
    "arguments",
    [
        ["grade"],
        ["grade", "no/such/folder"],
        ["grade", ".", "--format", "xlsx"],
        ["grade", ".", "--jobs", "0"],
        ["grade", ".", "--output", "no/such/folder/grades.csv"],
    ],
)
def test_usage_errors_are_exit_2(runner, arguments):
    assert runner.invoke(main, arguments).exit_code == 2


def test_unknown_reference_is_a_usage_error(runner, class_set):
    result = runner.invoke(main, ["grade", str(class_set / "anna.txt"), "--reference", "nope"])
    assert result.exit_code == 2
    assert "lenin_stalin_continuity" in result.output


def test_known_reference_is_accepted(runner, class_set):
    result = runner.invoke(main, ["grade", str(class_set / "anna.txt"), "--reference", "lenin_stalin_continuity"])
    assert result.exit_code == 0, result.output


def test_an_interrupted_run_leaves_the_previous_output_whole(runner, class_set, tmp_path, monkeypatch):
    output = tmp_path / "grades.csv"
    output.write_text("previous,complete\n", encoding="utf-8")

    def write_half_then_fail(rows, handle, output_format):
        handle.write("file,words\nanna.txt,")
        raise KeyboardInterrupt

    # The module, not the `grade` command that service.cli exports under the same name.
    monkeypatch.setattr(importlib.import_module("service.cli.grade"), "write_rows", write_half_then_fail)
    result = runner.invoke(main, ["grade", str(class_set / "anna.txt"), "--output", str(output)])
    assert result.exit_code != 0
    assert output.read_text(encoding="utf-8") == "previous,complete\n"
    # No temporary file is left; the checkpoint of graded rows is, for `--resume`.
    left = sorted(path.name for path in tmp_path.iterdir() if path.name != "class")
    assert left == sorted(["grades.csv", checkpoint_path(output).name])


def test_atomic_output_replaces_the_file_with_usual_permissions(tmp_path):
    target = tmp_path / "out.csv"
    with writers.atomic_output(target) as handle:
        handle.write("a,b\n")
    assert target.read_text() == "a,b\n"
    assert target.stat().st_mode & 0o044  # readable by others, not left private like a temp file


def test_no_progress_bar_when_output_is_not_a_terminal(runner, class_set, tmp_path):
    result = runner.invoke(main, ["grade", str(class_set / "anna.txt"), "--format", "json"])
    assert "essay/s" not in result.stderr and "%|" not in result.stderr


def test_progress_bar_on_request(runner, class_set, tmp_path):
    result = runner.invoke(main, ["grade", str(class_set / "anna.txt"), "--progress", "--output", str(tmp_path / "g.csv")])
    assert "100%" in result.stderr


def test_csv_lists_codes_separated_by_spaces(tmp_path):
    buffer = io.StringIO()
    writers.write_rows([{"file": "a.txt", "thesis_found": False, "feedback_codes": ["A", "B"], "error": None}], buffer, "csv")
    row = next(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row["feedback_codes"] == "A B" and row["thesis_found"] == "false" and row["error"] == ""
