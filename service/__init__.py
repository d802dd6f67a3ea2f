"""essay-feedback: structural feedback on history essays.

`service.analysis` is the spaCy pipeline and the analysis, importable without Flask; the web
app is built by `create_app` (service/app.py), loaded only when asked for.
"""

from __future__ import annotations


def __getattr__(name: str):
    # `from service import create_app` and gunicorn's "service:create_app()" find the app
    # factory here without every `import service.analysis` importing Flask.
    if name == "create_app":
        from service.app import create_app

        return create_app
    raise AttributeError(f"module 'service' has no attribute {name!r}")
