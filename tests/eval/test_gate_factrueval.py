"""Quality gate: the Russian pipeline on the first factRuEval-2016 dev documents must not drop below the pinned
floors, and must stay at least as good as the bare natasha NER model on every type (same code, same run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("natasha")

BASELINES = Path(__file__).parent / "baselines.json"


def test_russian_scores_stay_above_floors_and_the_bare_model(dev_data):
    from wirewatch.evaluate.factrueval import evaluate
    from wirewatch.settings import Settings

    folder = dev_data / "factrueval-dev"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    floors = json.loads(BASELINES.read_text("utf-8"))["factrueval"]
    report = evaluate(folder, Settings(), limit=floors["documents"], baseline=True)
    m = {row["name"]: row for row in report["metrics"]}
    assert report["documents"] == floors["documents"]
    for kind in ("PER", "ORG", "LOC"):
        ours, bare = m[f"wirewatch NER {kind}"]["f1"], m[f"natasha NER {kind}"]["f1"]
        assert ours >= floors[f"{kind}_f1"], f"{kind} F1 {ours} fell below the floor {floors[f'{kind}_f1']}"
        assert ours >= bare, f"{kind} F1 {ours} below the bare natasha model's {bare}"
    assert m["wirewatch NER ORG"]["f1"] - m["natasha NER ORG"]["f1"] >= floors["margin_over_natasha_ORG"]
    assert m["occupation who+position"]["f1"] >= floors["occupation_f1"]
    assert m["meetings found"]["recall"] >= floors["meetings_recall"]
