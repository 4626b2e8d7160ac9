"""Scores extract_quotes on the hand-written gold sets in tests/eval/quotes/ (JSONL).

Each line: {"id", "text" (or "file": a seed article name), "quotes": [{"content", "speaker", "direct"}]},
``content`` being a verbatim substring of the text. A gold quote is found when a predicted quote
overlaps it; its speaker is right when one speaker text contains the other (case-insensitive),
or both are None. Run as a script to print the figures: ``python tests/eval/quotes_score.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

from wirewatch.extract.quotes import extract_quotes
from wirewatch.records import Article

HERE = Path(__file__).resolve().parent / "quotes"


def load_gold(path: Path, seeds_dir: Path | None = None) -> list[dict]:
    """Gold items, with each seed item's text read from ``seeds_dir``."""
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    for item in items:
        if "file" in item:
            item["text"] = (seeds_dir / item["file"]).read_text("utf-8")
    return items


def _same_speaker(gold: str | None, predicted: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is predicted
    g, p = gold.lower(), predicted.lower()
    return g in p or p in g


def score(items: list[dict], nlp) -> dict:
    """Content recall/precision (overlap) and speaker accuracy for direct and indirect quotes."""
    counts = {"gold": 0, "found": 0, "predicted": 0, "true_predicted": 0}
    speakers = {True: [0, 0], False: [0, 0]}
    misses = []
    for item, doc in zip(items, nlp.pipe([i["text"] for i in items])):
        predicted = extract_quotes(doc, Article.create(item["text"]))
        spans = []
        for gold in item["quotes"]:
            start = item["text"].index(gold["content"])
            spans.append((start, start + len(gold["content"])))
            match = next((q for q in predicted if q.start < spans[-1][1] and spans[-1][0] < q.end), None)
            counts["gold"] += 1
            if match is None:
                misses.append((item["id"], gold["content"][:60], "not found"))
                continue
            counts["found"] += 1
            speakers[gold["direct"]][1] += 1
            if _same_speaker(gold["speaker"], match.speaker_text):
                speakers[gold["direct"]][0] += 1
            else:
                misses.append((item["id"], gold["content"][:60], f"speaker {match.speaker_text!r}"))
        counts["predicted"] += len(predicted)
        counts["true_predicted"] += sum(any(q.start < e and s < q.end for s, e in spans) for q in predicted)
    return {
        "recall": counts["found"] / counts["gold"],
        "precision": counts["true_predicted"] / max(counts["predicted"], 1),
        "speaker_direct": speakers[True][0] / max(speakers[True][1], 1),
        "speaker_indirect": speakers[False][0] / max(speakers[False][1], 1),
        "gold": counts["gold"],
        "misses": misses,
    }


if __name__ == "__main__":
    from wirewatch.nlp import load_nlp
    from wirewatch.settings import Settings

    seeds = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"
    model = load_nlp(Settings().model)
    for name in ("own.jsonl", "seeds_gold.jsonl"):
        result = score(load_gold(HERE / name, seeds), model)
        print(name, json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in result.items()}, indent=1))
