"""A generator of news-like articles for benchmarks: varied sentences with actors, quotes, places, dates."""

from __future__ import annotations

import json
import random
from pathlib import Path

FIRST = ["Amir", "Lena", "Viktor", "Sofia", "Omar", "Ingrid", "Tomas", "Nadia", "Karim", "Elena", "Jonas", "Leila"]
LAST = ["Haddad", "Petrova", "Lindqvist", "Okafor", "Morales", "Novak", "Rahimi", "Kowalski", "Sato", "Brennan"]
TITLES = ["Foreign Minister", "Defence Minister", "army spokesman", "Interior Minister", "senior commander",
          "Prime Minister", "opposition leader", "UN envoy"]
STATES = ["Ukraine", "Poland", "Turkey", "Egypt", "Kenya", "Pakistan", "Georgia", "Armenia", "Mali", "Jordan"]
PLACES = ["Kharkiv", "Gdansk", "Izmir", "Aswan", "Mombasa", "Peshawar", "Batumi", "Gyumri", "Timbuktu", "Aqaba"]
VERBS = ["met with", "accused", "criticised", "praised", "warned", "thanked", "called on", "signed a deal with"]
DATES = ["on Monday", "last week", "on March 3", "earlier this month", "on Friday", "in 2019", "two days ago"]
TOPICS = ["grain exports", "border security", "refugee flows", "fuel prices", "a ceasefire", "water rights",
          "troop deployments", "election monitoring", "debt talks", "a prisoner exchange"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng: random.Random) -> str:
    kind = rng.randrange(4)
    a, b = rng.sample(STATES, 2)
    if kind == 0:
        return (f"{rng.choice(TITLES)} {person(rng)} of {a} {rng.choice(VERBS)} officials from {b} in "
                f"{rng.choice(PLACES)} {rng.choice(DATES)} to discuss {rng.choice(TOPICS)}.")
    if kind == 1:
        return (f'"We will not accept any delay on {rng.choice(TOPICS)}," said {person(rng)}, a '
                f"{rng.choice(TITLES).lower()} in {a}.")
    if kind == 2:
        return (f"According to {person(rng)}, some {rng.randrange(100, 20000):,} people crossed from {a} into "
                f"{b} near {rng.choice(PLACES)} {rng.choice(DATES)}.")
    return (f"{a} {rng.choice(VERBS)} {b} over {rng.choice(TOPICS)}, the {rng.choice(TITLES).lower()} "
            f"{person(rng)} told reporters {rng.choice(DATES)}.")


def article(rng: random.Random, words: int = 300) -> dict:
    """One article as a JSONL-ready dict with about ``words`` words."""
    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < words:
        parts.append(" ".join(sentence(rng) for _ in range(rng.randrange(2, 5))))
    title = f"{rng.choice(STATES)} and {rng.choice(STATES)} at odds over {rng.choice(TOPICS)}"
    day = rng.randrange(1, 28)
    return {"title": title, "text": "\n\n".join(parts), "published": f"2021-07-{day:02d}",
            "source": rng.choice(["Wire A", "Wire B", "Courier"])}


def write_jsonl(path: Path, n: int, seed: int = 7, words: int = 300) -> Path:
    """Write ``n`` generated articles to ``path`` as JSON Lines."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(n):
            handle.write(json.dumps(article(rng, words)) + "\n")
    return path
