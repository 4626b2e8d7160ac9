"""Quality gate: geoparsing on the TR-News and GeoVirus dev sets must not drop below the pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.evaluate.geoxml import evaluate
from wirewatch.settings import Settings

BASELINES = Path(__file__).parent / "baselines.json"
SETS = {"geoxml_trnews": "tr-news", "geoxml_geovirus": "geovirus"}


@pytest.mark.parametrize("key", sorted(SETS))
def test_geoparsing_scores_stay_above_floors(key, dev_data):
    folder = dev_data / SETS[key]
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    floors = json.loads(BASELINES.read_text("utf-8"))[key]
    report = evaluate(folder, Settings())
    recognition, resolution = report["metrics"][0], report["metrics"][1]
    scores = {"precision": recognition["precision"], "recall": recognition["recall"],
              "f1": recognition["f1"], "acc@161km": resolution["accuracy"]}
    assert report["documents"] >= floors["documents"]
    for name, floor in floors.items():
        if name != "documents":
            assert scores[name] >= floor, f"{key}: {name} {scores[name]} fell below the floor {floor}"
