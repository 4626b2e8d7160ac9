"""Quality gate: TempEval-3 scores on the TimeBank+AQUAINT dev set stay above the pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.evaluate.timeml import evaluate
from wirewatch.settings import Settings

BASELINES = Path(__file__).parent / "baselines.json"


def _score(metric: dict) -> float:
    return metric["f1"] if "f1" in metric else metric["accuracy"]


def test_timeml_scores_stay_above_floors(dev_data):
    path = dev_data / "timebank-aquaint-tbaq"
    if not path.is_dir():
        pytest.skip(f"TimeML dev set not found at {path}")
    floors = json.loads(BASELINES.read_text("utf-8"))["timeml"]["timebank-aquaint-tbaq"]
    report = evaluate(path, Settings())
    assert report["documents"] == 256 and not report.get("skipped")
    scores = {m["name"] + (" f1" if "f1" in m else ""): _score(m) for m in report["metrics"]}
    below = {name: (scores[name], floor) for name, floor in floors.items() if scores[name] < floor}
    assert not below, f"scores below their floors (score, floor): {below}"
