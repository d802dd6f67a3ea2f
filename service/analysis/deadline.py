"""A time limit on one analysis, checked between its steps.

Python cannot stop a thread from outside, and SIGALRM works only in a process's main
thread (not under threaded servers, and it would interrupt spaCy's C code mid-state).
So the analysis asks the clock itself: before each pipeline component and before the
feedback and comparison steps. An analysis past its limit stops at the next check and
raises AnalysisTimeout; the process is untouched and serves the next request as usual.
A step already running is finished first, so the limit may be overrun by one step: for
the longest text the service accepts, the parser's few seconds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc


class AnalysisTimeout(Exception):
    """The analysis ran past its time limit and was stopped between two steps."""

    def __init__(self, seconds: float, step: str):
        super().__init__(f"analysis stopped before {step}: over the limit of {seconds:g} s")
        self.seconds = seconds
        self.step = step


@dataclass
class Deadline:
    """`seconds` from now; None means no limit."""

    seconds: float | None
    started: float = field(default_factory=time.monotonic)

    def check(self, step: str) -> None:
        if self.seconds is not None and time.monotonic() - self.started > self.seconds:
            raise AnalysisTimeout(self.seconds, step)


def run_pipeline(nlp: Language, doc: Doc | str, deadline: Deadline) -> Doc:
    """`nlp(doc)`, one component at a time, checking `deadline` before each (and before the
    tokenizer, when given text)."""
    if deadline.seconds is None:
        return nlp(doc)
    if isinstance(doc, str):
        deadline.check("tokenizer")
        doc = nlp.make_doc(doc)
    for name, component in nlp.pipeline:
        deadline.check(name)
        doc = component(doc)
    return doc


def within(deadline: Deadline, docs: Iterator[Doc]) -> Iterator[Doc]:
    """The docs of `nlp.pipe`, checking `deadline` before each is taken."""
    for doc in docs:
        deadline.check("the next essay")
        yield doc
