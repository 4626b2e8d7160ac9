"""Cross-article actor resolution: spelling variants merge, namesakes and prefixes do not."""

from __future__ import annotations

import pytest

from wirewatch.records import Actor, Role
from wirewatch.resolve.actors import ActorContext, ActorResolver, blocking_keys, merge, name_score, split


def person(name: str, *roles: Role, id: str | None = None) -> Actor:
    return Actor(id or name.lower().replace(" ", "-"), name, "person", roles=roles)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sergey Shoigu", "Sergei Shoigu"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),
        ("Usama bin Laden", "Osama bin Laden"),
        ("Muammar Qaddafi", "Muammar Gaddafi"),
        ("Mikhail Mishustin", "Mihail Mishustin"),
        ("Kassym-Jomart Tokayev", "Kassym-Jomart Tokaev"),
    ],
)
def test_transliteration_variants_merge(a, b):
    resolver = ActorResolver([person(a)])
    result = resolver.add(person(b))
    assert result.merged and result.canonical_id == person(a).id
    assert result.score >= 0.85 and "name" in result.evidence


@pytest.mark.parametrize(
    "a, b",
    [("Stanislav Pritchin", "Stanislav Zas"), ("Ivan Petrov", "Ivan Petrovsky"), ("Anna Kuznetsova", "Olga Kuznetsova")],
)
def test_shared_first_name_surname_or_prefix_never_merges(a, b):
    assert name_score(a, b) == 0.0
    assert not ActorResolver([person(a)]).add(person(b)).merged


def test_kinds_never_merge():
    resolver = ActorResolver([Actor("city", "Kabul", "state", code="AFGGOV")])
    assert not resolver.add(person("Kabulov")).merged


def test_namesakes_with_conflicting_roles_and_contexts_stay_apart():
    police = person("Ahmad Shah", Role("police chief", "Kandahar police", "AFG"), id="a1")
    cricket = person("Ahmad Shah", Role("selector", "Pakistan Cricket Board", "PAK"), id="a2")
    resolver = ActorResolver()
    resolver.add(police, ActorContext(frozenset({"taliban", "afg"}), police.roles))
    result = resolver.add(cricket, ActorContext(frozenset({"pcb"}), cricket.roles))
    assert not result.merged


def test_surname_only_needs_supporting_evidence():
    full = person("Nikolai Patrushev", Role("Secretary", "Security Council", "RUS"), id="p1")
    resolver = ActorResolver()
    resolver.add(full, ActorContext(frozenset({"rus", "afg"}), full.roles))
    bare = person("Patrushev", id="p2")
    assert not resolver.add(bare).merged
    supported = person("Patrushev", Role("Security Council secretary", None, "RUS"), id="p3")
    assert resolver.add(supported, ActorContext(frozenset({"rus", "afg"}), supported.roles)).merged


def test_blocking_keeps_candidates_few():
    resolver = ActorResolver(person(f"Person{i} Surname{i}", id=f"x{i}") for i in range(2000))
    new = person("Dmitry Peskov")
    assert len(resolver._candidates(new)) <= 2
    assert blocking_keys(person("Nikolay Patrushev")) == blocking_keys(person("Nikolai Patrushev"))


def test_merge_and_split_are_inverse_for_names():
    a, b = person("Hamdullah Mohib"), person("Hamdullah Mokhib", Role("adviser"))
    merged = merge(a, b)
    assert "Hamdullah Mokhib" in merged.aliases and merged.roles == (Role("adviser"),)
    kept, new = split(merged, ["Hamdullah Mokhib"])
    assert kept.name == "Hamdullah Mohib" and new.name == "Hamdullah Mokhib"
    assert "Hamdullah Mokhib" not in kept.aliases
    with pytest.raises(ValueError):
        split(kept, ["Nobody"])
