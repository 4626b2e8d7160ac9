"""Quality gate: actor scores on the gold sets must not drop below the floors in baselines.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actors_scorer import SEEDS, load_gold, score

FLOORS = json.loads((Path(__file__).parent / "baselines.json").read_text("utf-8"))["actors"]


def _figures(result: dict) -> dict:
    mentions = result["mentions"]
    return {
        "person_f1": mentions["person"]["f1"],
        "organization_f1": mentions["organization"]["f1"],
        "all_f1": mentions["all"]["f1"],
        "role_title_acc": result["roles"]["title_acc"],
        "merge_p": result["merge"]["p"],
        "merge_r": result["merge"]["r"],
    }


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_actor_scores_stay_above_floors(nlp, name):
    rows = load_gold(name)
    if not rows:
        pytest.skip(f"no gold rows for {name} (seed articles not found at {SEEDS})")
    figures = _figures(score(nlp, rows))
    below = {k: (v, FLOORS[name][k]) for k, v in figures.items() if v < FLOORS[name][k]}
    assert not below, f"{name}: scores below their floors (got, floor): {below}"
