"""The one way tests build the app."""

from service import create_app
from service.analyzer_extension import EXTENSION_KEY

# Without a reference loaded no question is known, so the thesis is found by its opinion cue.
ESSAY = "I believe Stalinism was a logical continuation of Leninism. In 1921 Lenin banned factions (Service, p. 45)."


def ready_app(analyzer=None, **config):
    """The app for a test, `config` on top of the settings.

    Without `analyzer`, it loads its analyzer and the reference essays from the settings as the
    service does (the spaCy pipeline itself is loaded once per process). With the session's
    `analyzer`, it loads nothing and uses that one, with no reference essay: each test gets
    fresh counters at no cost.
    """
    app = create_app({"TESTING": True, "LOAD_PIPELINE": analyzer is None, **config})
    if analyzer is not None:
        app.extensions[EXTENSION_KEY].analyzer = analyzer
    return app
