"""One spaCy memory zone over many analyses: nested blocks enter it once, and it frees what it made."""

import threading

from service.analysis import EssayAnalyzer
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


CITING = "As Zorbulath argues, Lenin was wrong (Zorbulath 45)."


def test_a_thread_ending_its_analysis_leaves_another_threads_strings_alone(analyzer):
    # spaCy's memory zone belongs to the shared vocabulary: had each thread its own, the
    # first to finish would free the strings of an essay another thread is still reading.
    strings = analyzer.nlp.vocab.strings
    first_essay_read, second_essay_done = threading.Event(), threading.Event()
    seen = {}

    def first_thread():
        with analyzer.memory_zone():
            seen["before"] = analyzer.analyze(CITING).citations
            first_essay_read.set()
            second_essay_done.wait(timeout=60)
            seen["kept"] = "Zorbulath" in strings
            seen["after"] = analyzer.analyze(CITING).citations

    def second_thread():
        first_essay_read.wait(timeout=60)
        analyzer.analyze("Quenthrax wrote a short essay about Stalin.")
        seen["second freed"] = "Quenthrax" not in strings
        second_essay_done.set()

    threads = [threading.Thread(target=first_thread), threading.Thread(target=second_thread)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # The zone stays open while the first thread is inside it, and is freed once both are done.
    assert [citation.text for citation in seen["before"]] == ["As Zorbulath argues", "(Zorbulath 45)"]
    assert seen["after"] == seen["before"]
    assert seen["kept"] is True and seen["second freed"] is False
    assert "Zorbulath" not in strings and "Quenthrax" not in strings


def test_analyzers_on_one_pipeline_share_its_zone(analyzer):
    other = EssayAnalyzer(analyzer.nlp)
    strings = analyzer.nlp.vocab.strings
    with analyzer.memory_zone():
        other.analyze("Vyrnoplast argued that Lenin was wrong.")
        assert "Vyrnoplast" in strings
    assert "Vyrnoplast" not in strings
