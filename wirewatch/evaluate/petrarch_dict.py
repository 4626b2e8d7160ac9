"""PETRARCH actor and agent dictionaries as an alternative actor dictionary.

Reads ``*.actors.txt`` (``NAME [CODE]``, ``+SYNONYM`` lines, dated code blocks) and
``*.agents.txt`` (``NAME {PLURALS} [~GOV]``, ``!SUBST! = A, B`` lines) and turns the phrases
they list into :class:`Mention`/:class:`Actor` records with CAMEO-style codes: an agent next
to a country ("Arnor security officials", "soldiers from Gondor") gets the combined code ARNGOV.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..extract.event_lexicon import Lexicon, Pattern, load_lexicon
from ..records import Actor, Mention, make_id

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE = re.compile(r"\[\s*([^\]\s<>]+)[^\]]*\]")
_PLURALS = re.compile(r"\{([^}]*)\}")
_SUBST = re.compile(r"^(!\w+!)\s*=\s*(.+)$")


@dataclass(slots=True)
class Dictionary:
    """Phrases (lower-case, space-separated) → actor codes, and → agent codes ("~GOV", "NGO~")."""

    actors: dict[str, str] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    matcher: PhraseMatcher | None = None


def _phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).lower()


def _clean_lines(path: Path) -> list[str]:
    text = _COMMENT.sub("", path.read_text(encoding="utf-8", errors="replace"))
    return [line.split("#", 1)[0].rstrip() for line in text.splitlines()]


def read_actors(path: Path, into: dict[str, str]) -> None:
    """Add the entries of a PETRARCH actors file: each name and its ``+`` synonyms → code."""
    names: list[str] = []
    code: str | None = None

    def flush() -> None:
        if code and code not in ("---", "+++"):
            for name in names:
                into.setdefault(name, code.upper())

    for line in _clean_lines(path):
        stripped = line.strip()
        if not stripped:
            continue
        match = _CODE.search(stripped)
        head = _CODE.sub("", stripped).strip()
        if stripped.startswith("+"):
            names.append(_phrase(head[1:]))
        elif not head and match:  # an indented code block for the entry above
            code = code or match.group(1)
            continue
        else:
            flush()
            names, code = [_phrase(head)], None
        if match:
            code = code or match.group(1)
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
        code = match.group(0).strip("[] ").replace(" ", "")
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
        read_actors(path, dic.actors)
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
            dic.matcher.add(f"{kind}:{phrase}", [nlp.make_doc(phrase)])


def _combine(country: str, agent: str) -> str:
    if agent.startswith("~"):
        return country if country.endswith(agent[1:]) else country + agent[1:]
    if agent.endswith("~"):
        return agent[:-1] + country
    return agent


def _attached(agent: Span, actors: list[Span]) -> Span | None:
    """The country span that modifies the agent phrase ("Gondor's government", "police in Arnor")."""
    root = agent.root
    near = [root, *root.children] + [g for c in root.children if c.dep_ == "prep" for g in c.children]
    for span in actors:
        if span.end == agent.start or span.root in near or span.root.head in (root, *agent):
            return span
    return None


def build_mentions(doc: Doc, article_id: str, dic: Dictionary) -> tuple[list[Mention], dict[str, Actor]]:
    """Actor mentions (with combined country+agent codes) for the dictionary phrases in ``doc``.

    Call :func:`compile_matcher` first."""
    spans = filter_spans([Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in dic.matcher(doc)])
    actor_spans = [s for s in spans if s.label_.startswith("actor:")]
    used: set[int] = set()
    found: list[tuple[int, int, str]] = []
    for span in spans:
        if not span.label_.startswith("agent:"):
            continue
        agent = dic.agents[span.label_[6:]]
        country = _attached(span, [a for a in actor_spans if a.start not in used])
        if country is None:
            found.append((span.start, span.end, _combine("---", agent)))
            continue
        used.add(country.start)
        code = _combine(dic.actors[country.label_[6:]], agent)
        found.append((min(span.start, country.start), max(span.end, country.end), code))
    for span in actor_spans:
        if span.start not in used:
            found.append((span.start, span.end, dic.actors[span.label_[6:]]))
    return _records(doc, article_id, sorted(found))


def _records(doc: Doc, article_id: str, found: list[tuple[int, int, str]]):
    mentions, actors = [], {}
    for start, end, code in found:
        span = doc[start:end]
        actor = actors.setdefault(code, Actor(id=make_id("petrarch-actor", code), name=code, code=code))
        mentions.append(Mention(article_id, span.start_char, span.end_char, span.text, "ACTOR",
                                kind="other", actor_id=actor.id))
    return mentions, {a.id: a for a in actors.values()}


# ---------------------------------------------------------------- verbs

_BLOCK = re.compile(r"^---\s*([A-Z][A-Z_\-']*)\s*\[([^\]]*)\]")
_SIMPLE = re.compile(r"^-\s*\*\s+([A-Za-z]+)\s*\[([^\]]+)\]")


def read_verbs(path: Path) -> Lexicon:
    """A :class:`Lexicon` from a PETRARCH verbs file: each block's verb → its code, plus the
    simple object patterns ``- * WORD [code]``. Other PETRARCH pattern syntax is not read."""
    base = load_lexicon()
    lex = Lexicon(crosswalk=dict(base.crosswalk))
    verb = None
    for line in _clean_lines(path):
        block = _BLOCK.match(line.strip())
        if block:
            verb = block.group(1).strip("_").lower()
            _add_verb(lex, verb, "-", block.group(2))
            continue
        simple = _SIMPLE.match(line.strip())
        if verb and simple:
            word = simple.group(1).lower()
            for form in {word, word.rstrip("s")}:
                _add_verb(lex, verb, form, simple.group(2))
    return lex


def _add_verb(lex: Lexicon, verb: str, obj: str, raw: str) -> None:
    code = raw.split(":")[0].strip()
    if not code or not code[:2].isdigit():
        return
    plover, mode = lex.plover(code) or ("OTHER", None)
    lex.verbs.setdefault((verb, obj), Pattern(code, plover, mode))
