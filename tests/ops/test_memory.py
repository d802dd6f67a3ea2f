"""A long-lived worker keeps nothing of its requests: no spaCy strings or Docs, a bounded lemma cache, no freed heap."""

import gc
import io
import json
import os
import shutil
import subprocess
import sys
import weakref
from itertools import product
from pathlib import Path

import pytest

from service import memory_release
from service.analysis import analyzer as analyzer_module
from service.analysis.pipeline import bound_lemma_cache
from service.analyzer_extension import EXTENSION_KEY
from service_apps import ready_app

ROOT = Path(__file__).resolve().parents[2]
PACKAGED = ROOT / "essay_samples" / "references"
# Made-up words: in no English vocabulary, so analysing them would add strings and lexemes.
INVENTED = ["Brastovian", "quorblemization", "Zhelnikovism", "splintrovated", "Vartushenko", "glimmerhaft"]


def essay_with(word: str) -> str:
    return (
        f"Stalinism was a logical continuation of Leninism, as {word} argued in 1925. "
        f"Lenin built the one-party state that Stalin later used (Service 45).\n\n"
        f"However, the {word} school overstates the break: terror began under Lenin. "
        f"In conclusion, the {word} view is right."
    )


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    references = tmp_path_factory.mktemp("references")
    for path in PACKAGED.glob("lenin_stalin_continuity.*"):
        shutil.copy(path, references)
    app = ready_app(REFERENCES_DIR=str(references))
    return app, app.test_client()


def vocabulary(nlp) -> tuple[int, int]:
    # The lexemes indexed, not len(nlp.vocab): spaCy counts there every lexeme ever
    # added, also those a memory zone has removed again.
    return len(nlp.vocab.strings), sum(1 for _ in nlp.vocab)


def test_every_analysing_route_leaves_spacys_vocabulary_as_it_was(api):
    app, client = api
    nlp = app.extensions[EXTENSION_KEY].analyzer.nlp
    client.post("/v1/feedback", json={"text": essay_with("Lenin")})  # first-use allocations, known words only
    before = vocabulary(nlp)
    words = iter(INVENTED)

    assert client.post("/v1/feedback", json={"text": essay_with(next(words))}).status_code == 200
    batch = {"essays": [{"text": essay_with(next(words))}, {"text": essay_with(next(words))}]}
    assert client.post("/v1/feedback/batch", json=batch).status_code == 200
    streamed = client.post("/v1/feedback/batch", json={"essays": [{"text": essay_with(next(words))}]},
                           headers={"Accept": "application/x-ndjson"})
    assert streamed.status_code == 200 and len(streamed.get_data(as_text=True).splitlines()) == 1
    upload = {"file": (io.BytesIO(essay_with(next(words)).encode()), "essay.txt", "text/plain")}
    assert client.post("/v1/feedback", data=upload, content_type="multipart/form-data").status_code == 200
    reference = {"text": essay_with(next(words)), "title": "An invented reference", "question": "Was Stalinism a logical continuation of Leninism?"}
    assert client.post("/v1/references", json=reference).status_code == 201

    assert vocabulary(nlp) == before
    assert not any(word in nlp.vocab.strings for word in INVENTED)


def test_without_a_memory_zone_the_same_essay_would_grow_the_vocabulary(nlp):
    # The check above can fail: outside a zone spaCy keeps the new words for good.
    word = "Plonkertavian"
    assert word not in nlp.vocab.strings
    nlp(essay_with(word))
    assert word in nlp.vocab.strings


@pytest.fixture
def docs_made(monkeypatch):
    """Weak references to the Docs the analyzer makes, single essays and batches."""
    made = []
    run_pipeline, within = analyzer_module.run_pipeline, analyzer_module.within

    def recorded(nlp, text, deadline):
        doc = run_pipeline(nlp, text, deadline)
        made.append(weakref.ref(doc))
        return doc

    def recorded_each(deadline, docs):
        for doc in within(deadline, docs):
            made.append(weakref.ref(doc))
            yield doc

    monkeypatch.setattr(analyzer_module, "run_pipeline", recorded)
    monkeypatch.setattr(analyzer_module, "within", recorded_each)
    return made


@pytest.fixture
def no_garbage_collector():
    """Only reference counting frees memory while the test runs."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_no_doc_outlives_its_analysis(analyzer, docs_made, no_garbage_collector):
    # A Doc kept by a pipeline component, or caught in a reference cycle (extension values
    # are Spans pointing back at it), stays in memory after its request: until the next
    # essay, or until Python's occasional full garbage collection. Past its memory zone
    # spaCy no longer even guarantees its strings.
    cited = " As Service argues, Lenin paved the way (Service 45)."
    analysis = analyzer.analyze(essay_with("Brastovian") + cited)
    analyses = list(analyzer.analyze_many([essay_with("Zhelnikovism") + cited, essay_with("Vartushenko")]))
    assert analysis.citations and analyses[0].citations and len(docs_made) == 3
    assert [made() is None for made in docs_made] == [True, True, True]


def invented_verbs_and_nouns(count: int) -> str:
    stems = ["".join(pair) for pair in product(["blak", "krov", "zent", "vurn", "pimb", "dorf", "sulk", "grep"], repeat=2)]
    return " ".join(f"The {stem}ers {stem}ed the {stem}ings." for stem in stems[:count])


def test_lemmatizer_cache_is_emptied_past_its_limit(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    with nlp.memory_zone():
        nlp(invented_verbs_and_nouns(40))
    filled = len(lemmatizer.cache)
    assert filled > 100  # each invented word form is remembered
    bound_lemma_cache(nlp, limit=filled)
    assert len(lemmatizer.cache) == filled
    bound_lemma_cache(nlp, limit=filled - 1)
    assert lemmatizer.cache == {}


def test_analyses_keep_the_lemmatizer_cache_bounded(analyzer, monkeypatch):
    monkeypatch.setattr(analyzer, "lemma_cache_limit", 30)
    analysis = analyzer.analyze(invented_verbs_and_nouns(40))
    assert len(analyzer.nlp.get_pipe("lemmatizer").cache) <= 30
    list(analyzer.analyze_many([invented_verbs_and_nouns(20), invented_verbs_and_nouns(30)]))
    assert len(analyzer.nlp.get_pipe("lemmatizer").cache) <= 30
    assert analysis.stats.sentences == 40


def test_no_malloc_trim_outside_linux(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory_release.find_malloc_trim() is None
    monkeypatch.setattr(memory_release, "_malloc_trim", None)
    assert memory_release.release_free_memory() is False


# Frees 64 MiB of small blocks below a block still in use, as an analysis leaves its heap;
# free() cannot give that back (only the heap's top), gunicorn's post_request hook must.
FRAGMENTED_HEAP = """
import ctypes, json
from pathlib import Path
import service.gunicorn_settings as settings

def rss_kib():
    return int(next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmRSS:")).split()[1])

libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
blocks = [libc.malloc(64 * 1024) for _ in range(1024)]
for block in blocks:
    ctypes.memset(block, 1, 64 * 1024)
fence = libc.malloc(64 * 1024)
for block in blocks:
    libc.free(block)
freed = rss_kib()
settings.post_request(None, None, {}, None)
print(json.dumps({"freed": freed, "trimmed": rss_kib()}))
"""


@pytest.mark.skipif(memory_release.find_malloc_trim() is None, reason="needs glibc's malloc_trim")
def test_gunicorn_hands_freed_heap_memory_back_after_each_request(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    output = subprocess.run([sys.executable, "-c", FRAGMENTED_HEAP], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    memory = json.loads(output.stdout.strip().splitlines()[-1])
    # At least 48 of the 64 MiB freed leave the process.
    assert memory["freed"] - memory["trimmed"] >= 48 * 1024, memory
