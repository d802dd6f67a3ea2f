"""One spaCy memory zone over many analyses: nested blocks enter it once, and it frees what it made."""

from service.extraction import ExtractionLimits
from service.grading import grader


def test_nested_blocks_free_strings_only_when_the_outermost_ends(analyzer):
    strings = analyzer.nlp.vocab.strings
    with analyzer.memory_zone():
        with analyzer.memory_zone():
            analyzer.analyze("Qwzxplor argued that Vbnmtrewq was wrong.")
        # The inner block ended, but the zone is still open: its strings are still there.
        assert "Qwzxplor" in strings
        analyzer.analyze("Another essay about Lenin.")
    assert "Qwzxplor" not in strings
    assert "Vbnmtrewq" not in strings


def test_analyses_outside_any_block_still_free_their_strings(analyzer):
    analyzer.analyze("Plokmijnuhb wrote a short essay.")
    assert "Plokmijnuhb" not in analyzer.nlp.vocab.strings


def test_grading_more_chunks_than_one_zone_holds(analyzer, tmp_path, monkeypatch):
    # Chunks of 2 essays, 2 chunks per zone: 7 essays make 4 chunks in 2 zones.
    monkeypatch.setattr(grader, "PIPE_BATCH_SIZE", 2)
    monkeypatch.setattr(grader, "ZONE_CHUNKS", 2)
    paths = []
    for number in range(7):
        path = tmp_path / f"{number:04d}.txt"
        text = f"Essay {number}: Stalin continued what Lenin began. Wordnum{number} is here."
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    options = grader.GradingOptions(pipeline="unused", limits=ExtractionLimits(), max_text_chars=10_000)
    chunks = list(grader.grade_files(paths, analyzer, options, jobs=1))
    assert [len(chunk) for chunk in chunks] == [2, 2, 2, 1]
    rows = [row for chunk in chunks for row in chunk]
    assert [row["file"] for row in rows] == [str(path) for path in paths]
    assert all(row["error"] is None and row["words"] > 5 for row in rows)
    assert not any(f"Wordnum{number}" in analyzer.nlp.vocab.strings for number in range(7))
