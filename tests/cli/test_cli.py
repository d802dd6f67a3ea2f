import json

from service.cli import main


def test_analyze_a_file(runner, reference_text, tmp_path):
    path = tmp_path / "essay.txt"
    path.write_text(reference_text, encoding="utf-8", newline="")
    result = runner.invoke(main, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["stats"]["paragraphs"] == 14
    assert len([c for c in document["citations"] if c["style"] == "parenthetical"]) == 18


def test_analyze_stdin_gives_the_api_document(runner, client):
    text = "Stalinism was a logical continuation of Leninism.\nLenin banned factions in 1921 (Service, p. 12).\n"
    result = runner.invoke(main, ["analyze", "-"], input=text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == client.post("/v1/feedback", json={"text": text}).json


def test_analyze_keeps_crlf_offsets(runner, tmp_path):
    text = "Lenin led.\r\nStalin followed (Service).\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    document = json.loads(runner.invoke(main, ["analyze", str(path)]).output)
    for sentence in document["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]


def test_missing_file_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "nope.txt" in result.output


def test_empty_file_is_an_error(runner, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n", encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(path)])
    assert result.exit_code == 1
    assert "empty" in result.output


def test_serve_hands_over_to_gunicorn_with_the_project_config(runner, monkeypatch):
    calls = []
    monkeypatch.setattr("os.execvp", lambda program, args: calls.append(args))
    result = runner.invoke(main, ["serve", "--workers", "1"])
    assert result.exit_code == 0, result.output
    (args,) = calls
    assert args[0].endswith("gunicorn")
    assert "python:service.gunicorn_settings" in args
    assert args[-1] == "service:create_app()"
    assert "--workers" in args
