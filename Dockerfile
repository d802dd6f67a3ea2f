# syntax=docker/dockerfile:1
# essay-feedback: build the wheel and its dependencies (spaCy model included) in one stage,
# run them as a non-root user in a slim one. Nothing is downloaded at run time.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY service ./service
COPY schemas ./schemas
COPY essay_samples ./essay_samples
RUN /opt/venv/bin/pip install --upgrade pip \
    && /opt/venv/bin/pip install .

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ESSAY_FEEDBACK_BIND=0.0.0.0:8000
RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
USER app
EXPOSE 8000
# Loading the model and analysing the reference takes a few seconds: give it a start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status != 200)"]
CMD ["gunicorn", "--config", "python:service.gunicorn_settings", "service:create_app()"]
