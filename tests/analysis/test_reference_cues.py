"""Reference cues are lemmatized in one batch: the lemmas must be those each cue gets on its own."""

import json
from pathlib import Path

from service.analysis.comparison.reference_arguments import CUE_KEYS, lemmatize_phrases, load_arguments
from service.config import Settings


def reference_cues() -> list[str]:
    cues = []
    for path in sorted(Path(Settings().references_dir).glob("*.json")):
        metadata = json.loads(path.read_text(encoding="utf-8"))
        cues += [cue for entry in metadata.get("arguments", []) for key in CUE_KEYS for cue in entry.get(key, [])]
        cues += metadata.get("topic_lemmas", [])
    return cues


def test_batched_lemmas_equal_one_cue_at_a_time(nlp):
    cues = reference_cues()
    assert len(cues) > 50
    assert lemmatize_phrases(nlp, cues) == [lemmatize_phrases(nlp, [cue])[0] for cue in cues]


def test_cue_lemmas_by_hand(nlp):
    assert lemmatize_phrases(nlp, ["collective farms", "the Five-Year Plans", "purged", ""]) == [
        ("collective", "farm"),
        ("the", "five", "year", "plan"),
        ("purge",),
        (),
    ]


def test_every_cue_of_an_argument_is_kept(nlp):
    metadata = {
        "arguments": [
            {"id": "terror", "phrases": ["show trials"], "entities": ["Cheka"], "lemmas": ["purges", "terror"]},
            {"id": "economy", "phrases": ["show trials"], "lemmas": ["famines"]},
        ]
    }
    terror, economy = load_arguments(metadata, nlp)
    assert terror.phrases == [("cheka",), ("show", "trial")]
    assert terror.lemmas == {"purge", "purges", "terror"}
    assert economy.phrases == [("show", "trial")]
    assert economy.lemmas == {"famine", "famines"}
