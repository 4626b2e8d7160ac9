"""A PETRARCH verb dictionary as an alternative event lexicon, read at evaluation time.

The dictionary is made of blocks::

    --- BREAK [1717] ---            block verb and its default code
    BREAK { BROKE BROKEN }          a verb, its irregular forms
    +BREAK_DOWN {+BROKE_DOWN ...}   a multi-word verb: "+" marks the inflected word
    - * TREATY [161]                a pattern: words around the verb ("*"), with its code
    - + * FROM $ [066]              "$"/"+" mark the source/target phrase, "^" any phrase

and synsets (``&CURRENCY`` followed by ``+DOLLARS`` lines) that patterns use by name. Verbs are
keyed by their inflected forms, as PETRARCH lists them ("MET" and "MEET" are different blocks);
regular forms (-s, -ed, -ing) are generated. A code "031:032" codes the converse event (target
to source) too; "---" cancels the event; codes that are not CAMEO-like numbers are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..extract.event_lexicon import Element, Lexicon, Pattern, Rule, load_lexicon

_BLOCK = re.compile(r"^---\s*(.*?)\s*\[([^\]]*)\]")
_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{([^}]*)\}")
ANY_TARGET = ("dobj", "*")  # PETRARCH takes the first actor after the verb, whatever the preposition


@dataclass(slots=True)
class _Verb:
    head: str  # the inflected word, lower case
    before: tuple[Element, ...]  # words glued before it, nearest first
    after: tuple[Element, ...]
    forms: set[str]
    pattern: Pattern | None


@dataclass(slots=True)
class _Block:
    pattern: Pattern | None
    verbs: list[_Verb] = field(default_factory=list)
    rules: list[tuple[tuple[Element, ...], tuple[Element, ...], Pattern | None]] = field(default_factory=list)


def _clean(path: Path) -> list[str]:
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    return [line.split("#", 1)[0].strip() for line in text.splitlines()]


def read_verbs(path: Path, crosswalk: dict[str, tuple[str, str | None]] | None = None) -> Lexicon:
    """A :class:`Lexicon` keyed by verb form, with the dictionary's patterns as rules; CAMEO codes
    map to PLOVER through ``crosswalk`` (default: wirewatch's own table)."""
    lex = Lexicon(crosswalk=dict(crosswalk if crosswalk is not None else load_lexicon().crosswalk), surface=True)
    raw_synsets: dict[str, list[str]] = {}
    blocks: list[_Block] = []
    synset: str | None = None
    for line in _clean(path):
        if not line:
            continue
        if line.startswith("&"):
            synset = "&" + line[1:].split()[0].strip("_").lower()
            raw_synsets[synset] = []
        elif line.startswith("---"):
            synset = None
            block = _BLOCK.match(line)
            blocks.append(_Block(_pattern(lex, block.group(2)) if block else None))
        elif synset is not None and line.startswith("+"):
            raw_synsets[synset].append(line[1:])
        elif blocks and line.startswith("-"):
            _add_rule(lex, blocks[-1], line[1:])
        elif blocks:
            _add_verb(lex, blocks[-1], line)
    lex.synsets = {name: tuple(p for phrase in phrases for p in _expand(phrase, raw_synsets, 0))
                   for name, phrases in raw_synsets.items()}
    for block in blocks:
        _index(lex, block)
    return lex


def _expand(phrase: str, raw: dict[str, list[str]], depth: int) -> list[tuple[str, ...]]:
    """The word sequences a synset phrase stands for (nested synsets expanded)."""
    words = [w.lower() for w in re.split(r"[\s_]+", phrase.strip()) if w]
    out: list[tuple[str, ...]] = [()]
    for word in words:
        if word.startswith("&") and depth < 4:
            options = [p for sub in raw.get(word.rstrip("_"), []) for p in _expand(sub, raw, depth + 1)]
        else:
            options = [(word,)]
        out = [o + opt for o in out for opt in options]
    return out


def _pattern(lex: Lexicon, raw: str) -> Pattern | None:
    """The pattern a code stands for; None for "---" (and for codes that are not CAMEO-like)."""
    codes = [c.strip() for c in raw.split(":")]
    if not codes[0] or not codes[0][:3].isdigit():
        return None
    reverse = _pattern(lex, codes[1]) if len(codes) > 1 and codes[1] else None
    plover, mode = lex.plover(codes[0]) or ("OTHER", None)
    return Pattern(codes[0], plover, mode, ANY_TARGET, reverse=reverse)


def _is_code(raw: str) -> bool:
    code = raw.split(":")[0].strip()
    return code == "---" or code[:3].isdigit()


def _items(text: str) -> tuple[list[Element], list[Element]]:
    """Items before (nearest first) and after "*" in a pattern, each flagged when it must touch
    the item nearer the verb ("_" joins items; a chunk ending in "_" joins the next one)."""
    items: list[tuple[str, bool]] = []  # (item, glued to the item before it in the text)
    glue = False
    for chunk in text.split():
        for n, part in enumerate(chunk.split("_")):
            if part:
                items.append((part.lower(), glue if n == 0 else True))
        glue = chunk.endswith("_")
    star = next((i for i, (item, _) in enumerate(items) if item == "*"), None)
    if star is None:
        return [], []
    after = items[star + 1:]
    before = [(items[i][0], items[i + 1][1]) for i in range(star - 1, -1, -1)]
    return before, after


def _add_rule(lex: Lexicon, block: _Block, line: str) -> None:
    code = _CODE.search(line)
    if not code or not _is_code(code.group(1)):
        return
    # PETRARCH2 groups a pattern's words into noun "{...}" and prepositional "(...)" phrases; the
    # words keep their order, which is what the matcher checks
    before, after = _items(re.sub(r"[(){}]", " ", _CODE.sub("", line)))
    if before or after:
        block.rules.append((tuple(before), tuple(after), _pattern(lex, code.group(1))))


def _add_verb(lex: Lexicon, block: _Block, line: str) -> None:
    code = _CODE.search(line)
    pattern = _pattern(lex, code.group(1)) if code and _is_code(code.group(1)) else block.pattern
    forms_raw = _FORMS.search(line)
    words_raw = _FORMS.sub("", _CODE.sub("", line)).strip()
    verb = _split_verb(words_raw)
    if verb is None:
        return
    head, before, after = verb
    forms = {head, *_regular(head)}
    for form in (forms_raw.group(1).split() if forms_raw else []):
        split = _split_verb(form)
        if split:
            forms.add(split[0])
    block.verbs.append(_Verb(head, before, after, forms, pattern))


def _split_verb(raw: str) -> tuple[str, tuple[Element, ...], tuple[Element, ...]] | None:
    words = [w for w in re.split(r"[\s_]+", raw.strip()) if w]
    if not words:
        return None
    at = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    words = [w.lstrip("+").lower() for w in words]
    before = tuple((w, True) for w in reversed(words[:at]))
    after = tuple((w, True) for w in words[at + 1:])
    return words[at], before, after


def _regular(base: str) -> set[str]:
    """-s, -ed and -ing forms of a regular verb."""
    if not base.isalpha():
        return set()
    vowels = "aeiou"
    if base.endswith(("s", "x", "z", "ch", "sh")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in vowels:
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("e"):
        past, ing = base + "d", (base[:-1] if not base.endswith("ee") else base) + "ing"
    elif base.endswith("y") and base[-2:-1] not in vowels:
        past, ing = base[:-1] + "ied", base + "ing"
    else:
        past, ing = base + "ed", base + "ing"
    return {third, past, ing}


def _index(lex: Lexicon, block: _Block) -> None:
    """Rules for every form of every verb of the block, most specific first."""
    for verb in block.verbs:
        rules: list[Rule] = []
        for before, after, pattern in block.rules:
            items = (*verb.before, *before), (*verb.after, *after)
            rules.append(Rule(items[0], items[1], pattern, len(items[0]) + len(items[1])))
        if verb.before or verb.after:
            rules.append(Rule(verb.before, verb.after, verb.pattern, len(verb.before) + len(verb.after)))
        for form in verb.forms:
            existing = lex.rules.setdefault(form, [])
            existing += rules
            existing.sort(key=lambda r: -r.size)
            if verb.pattern is not None and not (verb.before or verb.after):
                lex.verbs.setdefault((form, "-"), verb.pattern)
