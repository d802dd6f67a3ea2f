"""Apps for the production-layer tests: built without loading a pipeline, then handed
the session's analyzer, so that each test gets fresh counters without a second spaCy load."""

from service import create_app
from service.essay_analyzer import EXTENSION_KEY

# Without a reference loaded no question is known, so the thesis is found by its opinion cue.
ESSAY = "I believe Stalinism was a logical continuation of Leninism. In 1921 Lenin banned factions (Service, p. 45)."


def ready_app(analyzer=None, **config):
    app = create_app({"TESTING": True, "LOAD_PIPELINE": False, **config})
    if analyzer is not None:
        app.extensions[EXTENSION_KEY].analyzer = analyzer
    return app
