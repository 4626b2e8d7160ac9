"""PETRARCH actor and agent dictionaries as an alternative actor dictionary.

Reads ``*.actors.txt`` (``NAME [CODE]``, ``+SYNONYM`` lines, dated code blocks) and
``*.agents.txt`` (``NAME {PLURALS} [~GOV]``, ``!SUBST! = A, B`` lines) and turns the phrases
they list into :class:`Mention`/:class:`Actor` records with CAMEO-style codes: an agent next
to a country ("Arnor security officials", "soldiers from Gondor") gets the combined code ARNGOV;
agents stack ("MSF Arnor diplomat": NGOARNGOV) and spread over conjuncts ("lawmakers and officials
in Fornost and Gondor": FORLEG/FORGOV/GONLEG/GONGOV, "/" separating the actors one phrase names).
Codes restricted to dates (``[HOBGOV 19950601 - 19990815]``) are chosen by the sentence's date.
The verb dictionary is read by :mod:`wirewatch.evaluate.petrarch_verbs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..records import Actor, Mention, make_id

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE = re.compile(r"\[\s*([^\]\s<>]+)\s*([^\]]*)\]")
_DATES = re.compile(r"^(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))$")
_PLURALS = re.compile(r"\{([^}]*)\}")
_SUBST = re.compile(r"^(!\w+!)\s*=\s*(.+)$")


@dataclass(slots=True)
class Dictionary:
    """Phrases (lower-case, space-separated) → actor codes, and → agent codes ("~GOV", "NGO~")."""

    actors: dict[str, str] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    dated: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)  # phrase -> (code, from, to)
    matcher: PhraseMatcher | None = None

    def code(self, phrase: str, when: int | None = None) -> str | None:
        """The actor code of ``phrase`` on date ``when`` (YYYYMMDD); None when it codes no actor."""
        for code, start, end in self.dated.get(phrase, ()) if when else ():
            if start <= when <= end:
                return None if code in ("---", "+++") else code
        return self.actors.get(phrase)


def _phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).lower()


def _clean_lines(path: Path) -> list[str]:
    text = _COMMENT.sub("", path.read_text(encoding="utf-8", errors="replace"))
    return [line.split("#", 1)[0].rstrip() for line in text.splitlines()]


def _date(raw: str) -> int:
    return int(raw) if len(raw) == 8 else int(("19" if int(raw[:2]) >= 30 else "20") + raw)


def _span(raw: str) -> tuple[int, int] | None:
    """(from, to) dates of a code restriction ("<950601", "> 990816", "19950601 - 19990815")."""
    m = _DATES.match(raw.strip())
    if not m:
        return None
    if m.group(1) == "<":
        return 0, _date(m.group(2)) - 1
    if m.group(1) == ">":
        return _date(m.group(2)) + 1, 99999999
    return _date(m.group(3)), _date(m.group(4))


def read_actors(path: Path, into: dict[str, str], dated: dict[str, list[tuple[str, int, int]]] | None = None) -> None:
    """Add the entries of a PETRARCH actors file: each name and its ``+`` synonyms → code (the
    undated one, else the first), and into ``dated`` the codes restricted to dates, in order."""
    names: list[str] = []
    codes: list[tuple[str, tuple[int, int] | None]] = []

    def flush() -> None:
        undated = [c for c, span in codes if span is None]
        default = (undated or [c for c, _ in codes] or [None])[0]
        restricted = [(c.upper(), *span) for c, span in codes if span is not None]
        for name in names:
            if default and default not in ("---", "+++"):
                into.setdefault(name, default.upper())
            if restricted and dated is not None:
                dated.setdefault(name, restricted)

    for line in _clean_lines(path):
        stripped = line.strip()
        if not stripped:
            continue
        found = [(m.group(1), _span(m.group(2))) for m in _CODE.finditer(stripped)]
        head = _CODE.sub("", stripped).strip()
        if stripped.startswith("+"):
            names.append(_phrase(head[1:]))
        elif head:
            flush()
            names, codes = [_phrase(head)], []
        codes += found
    flush()


def read_agents(path: Path, into: dict[str, str]) -> None:
    """Add the entries of a PETRARCH agents file, expanding ``!X!`` and plural forms."""
    subst: dict[str, list[str]] = {}
    for line in _clean_lines(path):
        stripped = line.strip()
        sub = _SUBST.match(stripped)
        if sub:
            subst[sub.group(1)] = [w.strip() for w in sub.group(2).split(",") if w.strip()]
            continue
        match = _CODE.search(stripped)
        if not match:
            continue
        plural = _PLURALS.search(stripped)
        head = _PLURALS.sub("", _CODE.sub("", stripped)).strip()
        code = match.group(1).replace(" ", "")
        for name in _expand(head, subst):
            into.setdefault(_phrase(name), code)
            forms = plural.group(1).split() if plural else [name + "S"]
            for form in forms:
                into.setdefault(_phrase(form), code)


def _expand(name: str, subst: dict[str, list[str]]) -> list[str]:
    for key, words in subst.items():
        if key in name:
            return [n for w in words for n in _expand(name.replace(key, w), subst)]
    return [name]


def load_dictionary(folder: Path) -> Dictionary:
    """Every ``*actors*.txt`` and ``*agents*.txt`` file in ``folder``."""
    dic = Dictionary()
    for path in sorted(folder.glob("*ctors*.txt")):
        read_actors(path, dic.actors, dic.dated)
    for path in sorted(folder.glob("*gents*.txt")):
        read_agents(path, dic.agents)
    return dic


# ---------------------------------------------------------------- mentions


def compile_matcher(nlp, dic: Dictionary) -> None:
    """Build the dictionary's PhraseMatcher (once) with ``nlp``'s tokenizer."""
    if dic.matcher is not None:
        return
    dic.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for kind, table in (("actor", dic.actors), ("agent", dic.agents)):
        for phrase in table:
            # the tokenizer splits "k.u." and "K.U." differently: match each casing's tokens
            forms = {phrase, phrase.upper(), phrase.title()}
            dic.matcher.add(f"{kind}:{phrase}", [nlp.make_doc(f) for f in sorted(forms)])


def _combine(country: str, agent: str) -> str:
    if agent.startswith("~"):
        return country if country.endswith(agent[1:]) else country + agent[1:]
    if agent.endswith("~"):
        return agent[:-1] + country
    return agent


def _attached(agent: Span, code: str, countries: list[Span]) -> Span | None:
    """The country span that modifies the agent phrase: next to it on the side the agent's code
    goes ("Arnor security officials", "Gondor's government", "MSF Arnor"), else attached to it
    in the parse ("police in Arnor", "soldiers from Gondor"). Stacked spans come first."""
    doc, root = agent.doc, agent.root
    prefix = code.endswith("~")
    for span in countries:
        possessive = span.end < len(doc) and doc[span.end].tag_ == "POS" and span.end + 1 == agent.start
        if span.end == agent.start or possessive or (prefix and agent.end == span.start):
            return span
    near = {root.i, *(c.i for c in root.children)}
    near |= {g.i for c in root.children if c.dep_ == "prep" for g in c.children}
    for span in countries:
        if span.root.i in near or span.root.head.i in near or span.root.head in agent:
            return span
    return None


def _conjoined(span: Span, others: list[Span]) -> list[Span]:
    """The spans of ``others`` whose head is a conjunct of ``span``'s head ("Arnor, Osgiliath and Gondor")."""
    conj = {t.i for t in span.root.conjuncts}
    return [o for o in others if o.root.i in conj]


def build_mentions(doc: Doc, article_id: str, dic: Dictionary,
                   when: int | None = None) -> tuple[list[Mention], dict[str, Actor]]:
    """Actor mentions (with combined country+agent codes) for the dictionary phrases in ``doc``
    on date ``when`` (YYYYMMDD). Call :func:`compile_matcher` first."""
    spans = filter_spans([Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in dic.matcher(doc)])
    coded: dict[int, tuple[Span, str]] = {}  # start -> country-like span and its code
    for span in spans:
        if span.label_.startswith("actor:"):
            code = dic.code(span.label_[6:], when)
            if code:
                coded[span.start] = (span, code)
    found: dict[int, tuple[Span, list[str], str]] = {}  # start -> span, codes, agent code
    agents = [s for s in spans if s.label_.startswith("agent:")]
    stacked: list[Span] = []
    for span in agents:
        agent = dic.agents[span.label_[6:]]
        countries = stacked[::-1] + [c for c, _ in coded.values() if c not in stacked]
        country = _attached(span, agent, [c for c in countries if c.start in coded])
        if country is None:
            found[span.start] = (span, [_combine("---", agent)], agent)
            continue
        group = [country] + _conjoined(country, [c for c, _ in coded.values() if c is not country])
        codes = [_combine(coded[c.start][1], agent) for c in group]
        for c in group:
            coded.pop(c.start, None)
            found.pop(c.start, None)
        whole = doc[min(span.start, country.start): max(span.end, country.end)]
        adjacent = whole.end - whole.start <= len(span) + len(country) + 1
        merged = whole if adjacent else span
        found[merged.start] = (merged, codes, agent)
        if len(codes) == 1 and adjacent:
            coded[merged.start] = (merged, codes[0])
            stacked.append(merged)
    _share_countries(found, agents, dic)
    for start, (span, code) in coded.items():
        if start not in found and not any(s.start <= start < s.end for s, _, _ in found.values()):
            found[start] = (span, [code], "")
    entries = sorted(found.values(), key=lambda f: f[0].start)
    return _records(doc, article_id, _merge_adjacent([(span, codes) for span, codes, _ in entries]))


def _share_countries(found: dict[int, tuple[Span, list[str], str]], agents: list[Span], dic: Dictionary) -> None:
    """An agent with no country takes the countries of an agent it is conjoined with
    ("Danish media and government", "lawmakers and officials in Fornost")."""
    for span in agents:
        entry = found.get(span.start)
        if entry is None or not all(c.startswith("---") for c in entry[1]):
            continue
        agent = entry[2]
        conjuncts = {t.i for t in span.root.conjuncts}
        for other, codes, other_agent in list(found.values()):
            if other.root.i in conjuncts and not all(c.startswith("---") for c in codes):
                countries = [_strip(c, other_agent) for c in codes]
                found[span.start] = (span, [_combine(c, agent) for c in countries], agent)
                break


def _strip(code: str, agent: str) -> str:
    """The country part of a combined code (ARNGOV with agent ~GOV: ARN)."""
    if agent.startswith("~") and code.endswith(agent[1:]):
        return code[: len(code) - len(agent) + 1]
    if agent.endswith("~") and code.startswith(agent[:-1]):
        return code[len(agent) - 1:]
    return code


def _merge_adjacent(found: list[tuple[Span, list[str]]]) -> list[tuple[int, int, str]]:
    """(start, end, code) per mention; a mention right after another is the same phrase and keeps
    the first one's code ("Bree Prime Minister Romendacil": BREGOV)."""
    out: list[tuple[int, int, str]] = []
    for span, codes in found:
        code = "/".join(dict.fromkeys(codes))
        if out and out[-1][1] == span.start:
            out[-1] = (out[-1][0], span.end, out[-1][2])
        else:
            out.append((span.start, span.end, code))
    return out


def _records(doc: Doc, article_id: str, found: list[tuple[int, int, str]]):
    mentions, actors = [], {}
    for start, end, code in found:
        span = doc[start:end]
        actor = actors.setdefault(code, Actor(id=make_id("petrarch-actor", code), name=code, code=code))
        mentions.append(Mention(article_id, span.start_char, span.end_char, span.text, "ACTOR",
                                kind="other", actor_id=actor.id))
    return mentions, {a.id: a for a in actors.values()}
