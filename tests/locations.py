"""Where the tests find the project's files and the shared datasets."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PATH = ROOT / "essay_samples" / "references" / "lenin_stalin_continuity.txt"
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"


def sample_texts() -> list[str]:
    """Every essay in essay_samples/, as sent (for tests comparing pipelines on real essays)."""
    return [path.read_text(encoding="utf-8") for path in sorted((ROOT / "essay_samples").rglob("*.txt"))]
