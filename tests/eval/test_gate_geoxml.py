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
    by_name = {m["name"]: m for m in report["metrics"]}
    recognition = by_name["recognition"]
    scores = {"precision": recognition["precision"], "recall": recognition["recall"],
              "f1": recognition["f1"], "acc@161km": by_name["acc@161km"]["accuracy"],
              "recall with coordinates": by_name["recall (with coordinates)"]["accuracy"],
              "acc@161km end to end": by_name["acc@161km end to end"]["accuracy"]}
    assert report["documents"] >= floors["documents"]
    for name, floor in floors.items():
        if name != "documents":
            assert scores[name] >= floor, f"{key}: {name} {scores[name]} fell below the floor {floor}"
