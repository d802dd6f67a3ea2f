"""The README a newcomer reads first: short, runnable, honest about privacy, pointing on."""

import re

from locations import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_short():
    assert len(README.splitlines()) <= 200


def test_the_readme_gives_the_command_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command == "scripts/test"
    assert f"{command}    # set up, then run the whole test suite" in README
    assert "scripts/serve   # set up, then serve" in README


def test_the_readme_shows_five_calls_that_name_real_files():
    calls = re.findall(r"^# \d\. .*\ncurl ", README, re.M)
    assert len(calls) == 5
    for path in re.findall(r"@(essay_samples/[\w/.]+)", README):
        assert (ROOT / path).is_file(), path


def test_the_readme_says_essays_are_personal_data_never_logged_kept_only_if_configured():
    assert "personal data" in README
    assert "never logs essay text" in README
    assert "kept only if configured" in README


def test_every_page_the_readme_points_to_exists():
    pages = re.findall(r"\]\(((?:docs|essay_samples)/[\w./-]+)\)", README)
    assert len(pages) >= 8
    for page in pages:
        assert (ROOT / page).is_file(), page
