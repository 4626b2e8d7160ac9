"""The score rows every evaluator reports: P/R/F1 with counts, and accuracy with counts."""

from __future__ import annotations


def prf(name: str, *, gold: int, predicted: int, matched: int) -> dict:
    """Precision, recall and F1 of ``matched`` items out of ``predicted`` and ``gold``."""
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"name": name, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "gold": gold, "predicted": predicted, "matched": matched}


def accuracy(name: str, *, total: int, correct: int) -> dict:
    """Share of ``correct`` out of ``total``."""
    return {"name": name, "accuracy": round(correct / total, 4) if total else 0.0, "total": total, "correct": correct}
