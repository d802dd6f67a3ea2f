"""Measure the copy/paraphrase detector on the hand-labelled essays in tests/data/essays.

Prints, per essay, the share of sentences flagged and the sentence-level confusion counts
at the shipped thresholds, then a grid of paraphrase thresholds (data/meaning.json: a pair
alone, a link of a passage) with precision and recall.
With --shared, also runs the essays of ../shared/datasets (other prompts, so every one
should be off topic and none copied) and prints how many were flagged. With --lenin-real,
runs only the real essays on the reference's own question (../shared/datasets/lenin_real:
none copies the reference), the published copy in lenin_real/copies (must be flagged) and
the PERSUADE sample (other prompts: none flagged), and prints the copy figures of each.
Run: .venv/bin/python scripts/measure_overlap.py [--shared | --lenin-real]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis import EssayAnalyzer  # noqa: E402
from service.analysis.comparison import overlap  # noqa: E402
from service.analysis.comparison.features import extract_features  # noqa: E402
from service.analysis.comparison.meaning import settings  # noqa: E402
from service.analysis.references import load_references  # noqa: E402
from service.config import DEFAULT_PIPELINE  # noqa: E402

ESSAYS = ROOT / "tests" / "data" / "essays"


def scores(student, reference):
    """Best copy and best paraphrase (meaning) similarity of each sentence against any reference sentence."""
    pairs = overlap.meaning_pairs(student, reference)
    rows = []
    for row, sentence in enumerate(student.sentences):
        copy = max((overlap.copy_similarity(sentence, r, reference) for r in reference.sentences), default=0.0)
        evidenced = pairs.similarity[row][pairs.evidenced[row]]
        para = float(evidenced.max()) if evidenced.size else 0.0
        rows.append((sentence, overlap.long_enough(sentence), copy, para))
    return rows


def main() -> None:
    labels = json.loads((ESSAYS / "overlap_labels.json").read_text(encoding="utf-8"))
    labels.pop("_comment")
    analyzer = EssayAnalyzer.load(DEFAULT_PIPELINE)
    reference = load_references(ROOT / "essay_samples" / "references", analyzer)["lenin_stalin_continuity"]
    table = []
    print(f"{'essay':26} {'sents':>5} {'share':>6} {'TP':>3} {'FP':>3} {'FN':>3}  max-neg-copy max-neg-para")
    for name, positive_paragraphs in labels.items():
        text = (ESSAYS / f"{name}.txt").read_text(encoding="utf-8")
        with analyzer.nlp.memory_zone():
            doc = analyzer.nlp(text)
            from service.analysis.analyzer import build_analysis

            analysis = build_analysis(doc, analyzer.info)
            features = extract_features(doc, analysis)
        rows = scores(features, reference.profile.features)
        flagged = {s.index for s, _ in overlap.find_overlap(features, reference.profile.features)}
        truth = {s.index for s, *_ in rows if s.paragraph in positive_paragraphs and analysis.paragraphs[s.paragraph].role != "title"}
        tp, fp, fn = len(flagged & truth), len(flagged - truth), len(truth - flagged)
        negatives = [(c, p) for s, ok, c, p in rows if s.index not in truth and ok]
        max_copy = max((c for c, _ in negatives), default=0.0)
        max_para = max((p for _, p in negatives), default=0.0)
        share = len(flagged) / len(rows) if rows else 0.0
        print(f"{name:26} {len(rows):5d} {share:6.3f} {tp:3d} {fp:3d} {fn:3d}  {max_copy:12.3f} {max_para:12.3f}")
        table.append((features, truth))

    chosen = settings()["paraphrase"]
    print("\nsentence level, all essays above, COPY_MIN =", overlap.COPY_MIN)
    print(f"{'alone_min':>9} {'link_min':>8} {'precision':>9} {'recall':>6} {'max own-words essay share':>26}")
    shipped = dict(chosen)
    for alone, link in [(a, l) for a in (0.5, 0.55, 0.6) for l in (0.3, 0.35, 0.4)]:
        chosen.update(alone_min=alone, passage_link_min=link)
        tp = fp = fn = 0
        worst = 0.0
        for features, truth in table:
            flagged = {s.index for s, _ in overlap.find_overlap(features, reference.profile.features)}
            tp, fp, fn = tp + len(flagged & truth), fp + len(flagged - truth), fn + len(truth - flagged)
            if not truth:
                worst = max(worst, len(flagged) / len(features.sentences))
        precision = tp / (tp + fp) if tp + fp else 1.0
        print(f"{alone:9.2f} {link:8.2f} {precision:9.3f} {tp / (tp + fn):6.3f} {worst:26.3f}")
    chosen.update(shipped)

    samples = sorted(ROOT.glob("essay_samples/*.txt"))
    if samples:
        print("\nessay_samples (no sentence labels): share of sentences paired, and whether REFERENCE_COPIED fires")
    for path in samples:
        analysis = analyzer.analyze(path.read_text(encoding="utf-8"), reference)
        overlap_found = analysis.comparison.overlap
        print(f"{path.stem:26} {len(analysis.sentences):5d} {overlap_found.share:6.3f} copied={overlap_found.copied}")


def measure_shared(analyzer, reference) -> None:
    """Essays written for other prompts: count OFF_TOPIC and REFERENCE_COPIED (both should be all / none)."""
    datasets = ROOT.parent / "shared" / "datasets"
    files = [datasets / "aae2" / "dev.jsonl", datasets / "persuade_texts" / "sample_300.jsonl"]
    for path in files:
        if not path.exists():
            print(f"{path} absent; skipped")
            continue
        texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        off = copied = 0
        shares, topic = [], []
        for analysis in analyzer.analyze_many(texts, reference=reference):
            comparison = analysis.comparison
            off += not comparison.topic.on_topic
            copied += comparison.overlap.copied
            shares.append(comparison.overlap.share)
            topic.append(comparison.topic.share)
        print(
            f"{path.parent.name}/{path.name}: {len(texts)} essays, off topic {off}, copied {copied}, "
            f"max overlap share {max(shares):.3f}, max topic share {max(topic):.3f}"
        )


def measure_lenin_real(analyzer, reference) -> None:
    """Real essays on the same question (none copied), the published copy (copied), PERSUADE (none copied)."""
    datasets = ROOT.parent / "shared" / "datasets"
    real = datasets / "lenin_real"
    if not real.exists():
        print(f"{real} absent; skipped")
        return
    groups = [
        ("lenin_real", sorted(real.glob("*.txt"))),
        ("lenin_real/copies", sorted((real / "copies").glob("*.txt"))),
    ]
    for name, paths in groups:
        texts = [path.read_text(encoding="utf-8") for path in paths]
        print(f"\n{name}: share of sentences paired, pairs, REFERENCE_COPIED, arguments covered")
        flagged, shares = 0, []
        for path, analysis in zip(paths, analyzer.analyze_many(texts, reference=reference)):
            comparison = analysis.comparison
            found = comparison.overlap
            flagged += found.copied
            shares.append(found.share)
            covered = [argument.id for argument in comparison.arguments if argument.covered]
            print(
                f"  {path.stem[:44]:44} {len(analysis.sentences):4d} {found.share:6.3f} {len(found.pairs):3d} "
                f"copied={found.copied!s:5} covered={len(covered)}"
            )
            if name == "lenin_real":
                for pair in found.pairs:
                    print(f"      {pair.kind} {pair.similarity:.2f} s{pair.sentence}->r{pair.reference_sentence}: "
                          f"{analysis.sentences[pair.sentence].text[:90]}")
        print(f"{name}: {len(paths)} texts, copied {flagged}, max overlap share {max(shares, default=0.0):.3f}")
    sample = datasets / "persuade_texts" / "sample_300.jsonl"
    if sample.exists():
        texts = [json.loads(line)["text"] for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
        results = [analysis.comparison.overlap for analysis in analyzer.analyze_many(texts, reference=reference)]
        print(
            f"\npersuade_texts/sample_300.jsonl: {len(texts)} essays, copied {sum(r.copied for r in results)}, "
            f"with a pair {sum(bool(r.pairs) for r in results)}, max overlap share {max(r.share for r in results):.3f}"
        )


if __name__ == "__main__":
    if "--lenin-real" in sys.argv:
        analyzer = EssayAnalyzer.load(DEFAULT_PIPELINE)
        references = load_references(ROOT / "essay_samples" / "references", analyzer)
        measure_lenin_real(analyzer, references["lenin_stalin_continuity"])
        sys.exit(0)
    main()
    if "--shared" in sys.argv:
        analyzer = EssayAnalyzer.load(DEFAULT_PIPELINE)
        measure_shared(analyzer, load_references(ROOT / "essay_samples" / "references", analyzer)["lenin_stalin_continuity"])
