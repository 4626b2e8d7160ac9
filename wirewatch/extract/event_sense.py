"""Literal or figurative: checks that keep political language off the material-conflict timeline.

News writes "Democrats attacked Republicans", "the scandal threatened to kill his candidacy",
"tech giants are fighting a losing battle". An ASSAULT needs a material participant: a state, an
armed group, forces, police, or a place that was hit; words against persons or parties are an
accusation (ACCUSE) when the verb is a verb of attacking, and nothing otherwise. A verb whose
subject is a thing that cannot act ("the scandal", "rising prices") codes no event. History a
sentence dates years before the article ("in the 1980s") is background, not today's news.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from spacy.tokens import Token

from ..records import Actor, TimeExpr
from .event_args import GROUP_NOUNS, Index
from .event_lexicon import Pattern

MATERIAL_TYPES = {"ASSAULT"}
# agents of CAMEO codes that bear arms (Phoenix agents: military, rebels, insurgents, police, spies…)
ARMED_AGENTS = ("MIL", "REB", "INS", "COP", "SPY", "UAF", "IMG", "SEP")
FORCE_NOUNS = {"troop", "force", "army", "soldier", "militant", "fighter", "rebel", "police", "jet", "aircraft",
               "missile", "drone", "tank", "gunman", "militia", "guard", "navy", "warship", "artillery", "military",
               "insurgent", "commando", "paratrooper", "marine", "sniper", "bomber", "plane", "helicopter",
               "policeman", "officer", "junta", "guerrilla", "guerilla", "jihadist", "mercenary", "raider"}
VERBAL_ATTACKS = {"attack", "slam", "blast", "assail", "lash", "bash", "hammer", "target", "hit", "savage", "rip",
                  "pillory", "lambaste", "batter", "strike"}
# verbs with no figurative sense in news: whoever does them acts materially
LITERAL_VERBS = {"assassinate", "behead", "massacre", "torture", "kidnap", "abduct", "bomb", "shell", "invade",
                 "ambush", "lynch", "stab", "detonate", "wound", "injure", "besiege", "storm", "raid", "loot"}
# subjects that are themselves violent events or weapons ("a roadside bombing killed ...")
WEAPON_NOUNS = {"explosion", "blast", "bomb", "bombing", "mine", "minefield", "shell", "shelling", "rocket",
                "grenade", "landmine", "explosive", "airstrike", "strike", "attack", "raid", "ambush", "gunfire",
                "fire", "missile", "drone", "shot", "bullet", "device", "ied"}
SHOWING = {"demonstrate", "rally", "march"}
ACCUSE = Pattern("111", "ACCUSE", "disapprove", ("dobj", "for", "over"))


def armed(actor: Actor | None) -> bool:
    """A state, an armed group, or an actor whose code names an armed agent."""
    if actor is None:
        return False
    if actor.kind in ("state", "group"):
        return True
    code = actor.code or ""
    return any(agent in code[3:] for agent in ARMED_AGENTS)


def _force_phrase(tok: Token) -> bool:
    return tok.lemma_.lower() in FORCE_NOUNS or any(
        c.lemma_.lower() in FORCE_NOUNS for c in tok.subtree if c.dep_ in ("compound", "conj") or c.i == tok.i)


def material(actor_ids: Sequence[str], tokens: Sequence[Token], actors: Mapping[str, Actor],
             has_place: bool = False) -> bool:
    """Some participant bears arms, is named by a force noun ("troops", "jets"), or is a place."""
    return has_place or any(armed(actors.get(a)) for a in actor_ids) or any(_force_phrase(t) for t in tokens)


def literal_pattern(verb: Token, pattern: Pattern, sources: Sequence[str], targets: Sequence[str],
                    tokens: Sequence[Token], actors: Mapping[str, Actor], has_place: bool) -> Pattern | None:
    """The pattern to code for a material type, given its participants: itself when some
    participant is material; ACCUSE for a verb of attacking aimed at a person or party
    ("attacked Biden over the withdrawal"); None (no event) for a figure of speech."""
    if pattern.plover == "PROTEST" and verb.lemma_.lower() in SHOWING and any(c.dep_ == "dobj" for c in verb.children):
        return None  # "demonstrating goodwill", "rallying supporters": showing or gathering, not protest
    if pattern.plover not in MATERIAL_TYPES:
        return pattern
    subject = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass", "agent")]
    if verb.lemma_.lower() in LITERAL_VERBS or any(t.lemma_.lower() in WEAPON_NOUNS for t in subject):
        return pattern
    if material([*sources, *targets], [*tokens, *subject, verb], actors, has_place):
        return pattern
    if verb.lemma_.lower() in VERBAL_ATTACKS and targets:
        return ACCUSE
    return None


COUNTS = {"thousand", "hundred", "dozen", "million", "score", "number", "group", "crowd", "band", "lot"}


def idle_subject(verb: Token, idx: Index) -> bool:
    """The active verb's subject is a thing, not an actor or a group of people ("the scandal
    threatened", "rising prices are killing", "the bill faces"): no one is doing anything."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lemma_.lower() in COUNTS:  # "thousands of students": the students
        subj = next((g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), subj)
    if subj is None or subj.pos_ != "NOUN":
        return False
    lemma = subj.lemma_.lower()
    if (lemma in GROUP_NOUNS or lemma in FORCE_NOUNS or lemma in WEAPON_NOUNS
            or lemma.endswith(("er", "or", "ist", "ian", "ing", "ion"))):  # people; events ("bombing", "explosion")
        return False
    return not any(t.i in idx.actor or t.i in idx.place for t in subj.subtree)


def background(when: TimeExpr | None, published: date | None) -> bool:
    """The event's own date lies in a year well before the article's (history told as context)."""
    if when is None or published is None or not when.value:
        return False
    digits = when.value[:4]
    if when.precision == "decade" or (len(digits) == 3 and digits.isdigit()):
        year = int(digits[:3]) * 10 + 9  # the decade's last year
    elif digits.isdigit() and len(digits) == 4:
        year = int(digits)
    else:
        return False
    return year < published.year - 1
