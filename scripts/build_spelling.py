"""Write the slips of the cue words that are English words into service/analysis/data/spelling.json.

Run after editing `cue_words`: python scripts/build_spelling.py
It reads pyspellchecker's English word list (a test dependency), so the service needs no word
list at run time. A slip counts as a word when it is at least WORD_SHARE as frequent as the cue
word it misspells: "summery" (a word) is never corrected to "summary"; "therefor", 0.5% as
frequent as "therefore", is corrected.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from spellchecker import SpellChecker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from service.analysis.lexicons import lexicon_path  # noqa: E402
from service.analysis.spelling import SPELLING_CONFIG, slips  # noqa: E402

DATA_FILE = lexicon_path("spelling")

WORD_SHARE = 0.01


def english_slips(cue_words: list[str]) -> list[str]:
    frequency = SpellChecker().word_frequency
    found = set()
    for word in cue_words:
        if len(word) < SPELLING_CONFIG["min_word_length"]:
            continue
        for slip in slips(word):
            if slip in frequency and frequency[slip] >= WORD_SHARE * frequency[word]:
                found.add(slip)
    return sorted(found)


def main() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["english_words"] = english_slips(data["cue_words"])
    DATA_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(data['english_words'])} slips are English words: {', '.join(data['english_words'])}")


if __name__ == "__main__":
    main()
