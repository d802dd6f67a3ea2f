"""One pipeline, several threads: each essay gets the same result as when it runs alone.

The components (paragraphs, sentences, question title, citations with their signal-phrase
finder, works cited, argument roles), the analyzer's memory zone and the reference live as
long as the pipeline; anything one essay left on them while another was read would show up
here as a changed result or an error.
"""

import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pytest

from service.analysis.references import read_reference

ROOT = Path(__file__).resolve().parents[2]
ANNOTATED = ROOT / "essay_samples" / "annotated"
REFERENCE_FILE = ROOT / "essay_samples" / "references" / "lenin_stalin_continuity.txt"
# Signal phrases, parenthetical markers, footnotes, page-only markers and works-cited lists among them.
ESSAYS = ("signal_phrases_only", "page_only_sources", "apa_mixed", "thesis_in_conclusion", "footnotes_bracketed", "strong_mla_continuity")
THREADS = 4
CITATION_ROUNDS = 20


def essays() -> list[str]:
    return [(ANNOTATED / f"{name}.txt").read_text(encoding="utf-8") for name in ESSAYS]


@pytest.fixture
def frequent_thread_switches():
    """Let threads take turns every few microseconds, so that they interleave inside each component."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def test_threads_sharing_one_analyzer_get_the_single_threaded_analyses(analyzer, frequent_thread_switches):
    # The whole analysis, compared with the reference: components, memory zones, comparison, scores.
    reference = read_reference(REFERENCE_FILE, analyzer)
    texts = essays()
    alone = [asdict(analyzer.analyze(text, reference)) for text in texts]
    styles = {citation["style"] for found in alone for citation in found["citations"]}
    assert {"signal_phrase", "parenthetical", "footnote"} <= styles
    assert any(found["works_cited"] for found in alone) and all(found["comparison"] for found in alone)

    def read_all(shift: int) -> list[dict]:
        # Each thread starts at a different essay, so different essays are read at the same time.
        return [asdict(analyzer.analyze(text, reference)) for text in texts[shift:] + texts[:shift]]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(read_all, range(THREADS)))
    for shift, found in enumerate(results):
        assert found == alone[shift:] + alone[:shift]


def test_threads_sharing_one_citation_finder_get_the_single_threaded_citations(nlp, frequent_thread_switches):
    # The finder alone, many times over parsed essays: the calls overlap far more often than whole analyses do.
    finder = nlp.get_pipe("citation_finder")
    docs = [nlp(text) for text in essays()]

    def citations(doc) -> list[tuple]:
        return [(c.start, c.end, c.style, tuple(c.sources)) for c in finder.find(doc)]

    alone = [citations(doc) for doc in docs]
    assert all(alone[:4]), "the first essays have citations"

    def read_all(shift: int) -> list[list[tuple]]:
        order = docs[shift:] + docs[:shift]
        return [citations(doc) for _ in range(CITATION_ROUNDS) for doc in order]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(read_all, range(THREADS)))
    for shift, found in enumerate(results):
        expected = (alone[shift:] + alone[:shift]) * CITATION_ROUNDS
        assert found == expected
