from service import create_app


def test_factory_reads_overrides():
    app = create_app({"TESTING": True, "LOAD_PIPELINE": False, "MAX_TEXT_CHARS": 10})
    assert app.testing
    assert app.config["MAX_TEXT_CHARS"] == 10


def test_environment_sets_limits(monkeypatch):
    monkeypatch.setenv("ESSAY_FEEDBACK_MAX_TEXT_CHARS", "1234")
    app = create_app({"LOAD_PIPELINE": False})
    assert app.config["MAX_TEXT_CHARS"] == 1234


def test_healthz_answers_before_the_pipeline_is_loaded():
    client = create_app({"LOAD_PIPELINE": False}).test_client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_is_503_until_loaded():
    client = create_app({"LOAD_PIPELINE": False}).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "5"


def test_analysis_routes_answer_503_until_loaded():
    client = create_app({"LOAD_PIPELINE": False}).test_client()
    response = client.post("/v1/feedback", json={"text": "Stalinism continued Leninism."})
    assert response.status_code == 503
    assert response.json["status"] == 503


def test_readyz_once_loaded(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["reference"] == "lenin_stalin_continuity"
    assert response.json["pipeline"].startswith("en_core_web_sm")


def test_a_missing_pipeline_is_reported_not_raised():
    client = create_app({"SPACY_PIPELINE": "no_such_pipeline_xyz"}).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "no_such_pipeline_xyz" in response.json["detail"]
