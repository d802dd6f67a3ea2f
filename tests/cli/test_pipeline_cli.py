"""`essay-feedback pipeline save`: the analysis written as a folder spaCy loads."""

from service.config import DEFAULT_PIPELINE


def test_pipeline_save_writes_a_folder_whose_config_sources_the_model(invoke, tmp_path):
    result = invoke("pipeline", "save", tmp_path / "pipeline")
    assert result.exit_code == 0, result.output
    assert "argument_roles" in result.output
    config = (tmp_path / "pipeline" / "config.cfg").read_text(encoding="utf-8")
    assert f'source = "{DEFAULT_PIPELINE}"' in config
    assert 'factory = "argument_roles"' in config and "thesis_min_score = 2.0" in config
    assert (tmp_path / "pipeline" / "argument_roles" / "thesis.json").is_file()
