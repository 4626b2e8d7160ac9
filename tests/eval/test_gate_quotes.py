"""Quality gate for quotes: scores on the gold sets may not fall below the floors in baselines.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from quotes_score import HERE, load_gold, score

from wirewatch.evaluate.polnear import evaluate
from wirewatch.settings import Settings

FLOORS = json.loads((Path(__file__).parent / "baselines.json").read_text("utf-8"))["quotes"]


def _check(result: dict, floors: dict) -> None:
    low = {k: (round(result[k], 3), floor) for k, floor in floors.items() if result[k] < floor}
    assert not low, f"below floor (score, floor): {low}"


def test_gate_own_quotes(nlp):
    _check(score(load_gold(HERE / "own.jsonl"), nlp), FLOORS["own"])


def test_gate_seed_quotes(nlp, seeds_dir):
    _check(score(load_gold(HERE / "seeds_gold.jsonl", seeds_dir), nlp), FLOORS["seeds"])


#: the first articles of PolNeAR dev (about half of it), enough to catch a drop while staying quick
POLNEAR_SAMPLE = 40


def test_gate_polnear(dev_data):
    """Attribution contents, speakers and the direct/indirect split on a PolNeAR dev sample."""
    folder = dev_data / "polnear-dev"
    if not folder.is_dir():
        pytest.skip(f"PolNeAR dev set not found at {folder}")
    metrics = {m["name"]: m for m in evaluate(folder, Settings(), limit=POLNEAR_SAMPLE)["metrics"]}
    result = {
        "content exact f1": metrics["content exact"]["f1"],
        "content overlap f1": metrics["content overlap"]["f1"],
        "content overlap precision": metrics["content overlap"]["precision"],
        "speaker accuracy": metrics["speaker accuracy (overlap-matched)"]["accuracy"],
        "direct recall": metrics["direct overlap"]["recall"],
        "indirect recall": metrics["indirect overlap"]["recall"],
    }
    _check(result, FLOORS["polnear"])
