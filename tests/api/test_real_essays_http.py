"""Real student essays through the HTTP API (POST /v1/feedback/batch): no errors, offsets round-trip.

A sample of each dataset file (every k-th essay, about 60 per file, so the test stays
well under a minute and a half); `scripts/run_real_essays.py` sends them all.
"""

import importlib.util

import pytest

from locations import ROOT, SHARED_DATASETS

SPEC = importlib.util.spec_from_file_location("run_real_essays", ROOT / "scripts" / "run_real_essays.py")
run_real_essays = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(run_real_essays)
PER_FILE = 60

pytestmark = [
    pytest.mark.dataset,
    pytest.mark.skipif(not SHARED_DATASETS.exists(), reason=f"{SHARED_DATASETS} is absent"),
]


@pytest.fixture(scope="module")
def api_client():
    return run_real_essays.test_client()


@pytest.mark.parametrize("name", sorted(run_real_essays.FILES))
def test_real_essays_come_back_with_feedback_whose_offsets_index_them(api_client, name):
    path = run_real_essays.FILES[name]
    if not path.exists():
        pytest.skip(f"{path} is absent")
    essays = run_real_essays.read_essays(path)
    sample = essays[:: max(1, len(essays) // PER_FILE)]
    analysed, failures = run_real_essays.check_essays(api_client, sample, batch_size=25)
    assert failures == []
    assert analysed == len(sample) > 0


def test_the_offset_check_catches_a_wrong_offset():
    text = "Lenin banned factions."
    good = {"sentences": [{"start": 0, "end": 22, "text": text}]}
    assert run_real_essays.offset_mismatches(good, text) == []
    shifted = {"sentences": [{"start": 1, "end": 22, "text": text}], "feedback": [{"start": 3, "end": 99}]}
    assert len(run_real_essays.offset_mismatches(shifted, text)) == 2
