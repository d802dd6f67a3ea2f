"""One pipeline, several threads: each essay gets the same result as when it runs alone.

The components (paragraphs, sentences, question title, citations with their signal-phrase
finder, works cited, argument roles) live as long as the pipeline; anything one essay
left on them while another was read would show up here as a changed result or an error.
"""

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.analysis.citations import find_citations

ANNOTATED = Path(__file__).resolve().parent.parent / "essay_samples" / "annotated"
# Signal phrases, parenthetical markers, footnotes, page-only markers and works-cited lists among them.
ESSAYS = ("signal_phrases_only", "page_only_sources", "apa_mixed", "thesis_in_conclusion", "footnotes_bracketed", "strong_mla_continuity")
THREADS = 4
CITATION_ROUNDS = 20


def essays() -> list[str]:
    return [(ANNOTATED / f"{name}.txt").read_text(encoding="utf-8") for name in ESSAYS]


def what_the_components_found(nlp, text: str) -> dict:
    doc = nlp(text)
    return {
        "paragraphs": [(p.start, p.end, p.role) for p in doc._.paragraphs],
        "sentences": [(s.start_char, s.end_char, tuple(s._.roles or ())) for s in doc._.sentences],
        "citations": [(c.start, c.end, c.style, tuple(c.sources)) for c in doc._.citations],
        "works_cited": [(e.start, e.end, e.cited) for e in doc._.works_cited or []],
        "thesis": None if doc._.thesis is None else (doc._.thesis.start_char, doc._.thesis.end_char),
        "stance": doc._.stance,
    }


@pytest.fixture
def frequent_thread_switches():
    """Let threads take turns every few microseconds, so that they interleave inside each component."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def test_threads_sharing_one_pipeline_get_the_single_threaded_results(nlp, frequent_thread_switches):
    texts = essays()
    alone = [what_the_components_found(nlp, text) for text in texts]
    styles = {style for found in alone for _, _, style, _ in found["citations"]}
    assert {"signal_phrase", "parenthetical", "footnote"} <= styles
    assert any(found["works_cited"] for found in alone)

    def read_all(shift: int) -> list[dict]:
        # Each thread starts at a different essay, so different essays are read at the same time.
        return [what_the_components_found(nlp, text) for text in texts[shift:] + texts[:shift]]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(read_all, range(THREADS)))
    for shift, found in enumerate(results):
        assert found == alone[shift:] + alone[:shift]


def test_threads_sharing_one_citation_finder_get_the_single_threaded_citations(nlp, frequent_thread_switches):
    # The finder alone, many times over parsed essays: the calls overlap far more often than whole analyses do.
    finder = nlp.get_pipe("citation_finder").signal_phrases
    docs = [nlp(text) for text in essays()]

    def citations(doc) -> list[tuple]:
        return [(c.start, c.end, c.style, tuple(c.sources)) for c in find_citations(doc, finder)]

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
