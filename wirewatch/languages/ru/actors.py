"""Russian actor mentions: people (nominative names, Latin spelling, Cyrillic alias), organisations with
their full extent ("МИД Грузии"), states, governments by metonymy ("Москва заявила"), alliances (ОДКБ,
НАТО, ШОС) and armed groups ("движение «Талибан» (запрещено в РФ)" is the Taliban; the legal note is
dropped). Listed actors share the English gazetteer's ids, so both languages name one actor."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...extract.actors import actor_key
from ...extract.gazetteer import Entry
from ...records import Actor, Article, Mention, Role, make_id
from .lexicon import RuLexicon
from .model import RuDoc, Token, load_pipeline, nominative
from .translit import transliterate

LABELS = {"person": "PERSON", "organization": "ORG", "group": "ORG", "state": "GPE"}
_LEGAL_NOTE = {"запретить", "запрещенный", "запрещать", "террористический", "экстремистский", "признать",
               "деятельность", "иноагент", "иностранный"}
# Verbs whose subject, a capital city, stands for its government ("Москва заявила").
_AGENT_RELS = {"nsubj", "nsubj:pass"}
_ATTACHED_PREPOSITIONS = {"при", "по"}
_LATIN_NAME = re.compile(r"^[A-Za-z][\w.&'’-]*$")
_NOT_NAME_ADJECTIVES = {"самый", "этот", "тот", "весь", "сам", "свой", "наш", "ваш", "который", "такой"}
_ORG_DESCRIPTORS = {"движение", "партия", "компания", "организация", "группировка", "концерн", "холдинг",
                    "агентство", "банк", "корпорация", "оао", "зао", "ооо", "пао", "фонд", "издание", "газета",
                    "телеканал", "радиостанция", "союз", "центр", "сеть", "журнал", "клуб", "завод", "канал",
                    "портал", "интернет-издание", "театр", "институт", "университет", "проект", "фракция",
                    "группа", "комбинат", "объединение", "ассоциация", "общество", "издательство", "агенство"}


@dataclass(slots=True)
class Cand:
    """A mention before linking: token span, kind, and (for listed actors) the English gazetteer entry."""

    start: int
    end: int
    kind: str
    entry: Entry | None = None
    country: str | None = None
    code: str | None = None
    normal: str = ""
    confidence: float = 0.85
    ref: Cand | None = None


def legal_notes(doc: RuDoc) -> set[int]:
    """Tokens inside parenthesised legal notes: "(запрещено в РФ)", "(признана террористической)"."""
    out: set[int] = set()
    opened = None
    for tok in doc.tokens:
        if tok.text == "(":
            opened = tok.i
        elif tok.text == ")" and opened is not None:
            inside = doc.tokens[opened + 1:tok.i]
            if inside and len(inside) <= 12 and any(t.lemma in _LEGAL_NOTE for t in inside):
                out.update(range(opened, tok.i + 1))
            opened = None
    return out


def gazetteer_matches(doc: RuDoc, lex: RuLexicon) -> list[tuple[int, int, Entry]]:
    """Longest lemma-sequence matches of listed actors, case rules kept (acronyms upper, names capitalised)."""
    found, i, tokens = [], 0, doc.tokens
    while i < len(tokens):
        for size in range(min(lex.longest, len(tokens) - i), 0, -1):
            words = tokens[i:i + size]
            if any(w.sent != words[0].sent for w in words):
                continue
            hit = lex.forms.get(tuple(w.lemma for w in words)) or lex.forms.get(tuple(w.text.lower() for w in words))
            if hit and _case_fits(words, hit[1]):
                found.append((i, i + size, hit[0]))
                i += size - 1
                break
        i += 1
    return found


def _case_fits(words: list[Token], case: str) -> bool:
    """Acronyms in capitals, names capitalised; a form listed in lower case ("талибы") in any case."""
    if case == "upper":
        return all(w.text.replace("-", "").isupper() or not w.text.isalpha() for w in words)
    return case == "any" or words[0].text[:1].isupper() or words[0].text[:1].isdigit()


def extract_actors(doc: RuDoc, article: Article, lex: RuLexicon) -> tuple[list[Mention], list[Actor]]:
    """Every actor mention with its span, each linked to an article-level Actor."""
    notes = legal_notes(doc)
    cands = _listed(doc, lex, notes)
    nested: list[Cand] = []
    for ent in doc.ents:
        if any(i in notes for i in range(ent.start, ent.end)):
            continue
        cand = _from_entity(doc, ent, lex, cands)
        if cand is None or any(c.start < cand.end and cand.start < c.end and not (cand.start <= c.start and c.end <= cand.end)
                               for c in cands):
            continue
        inside = [c for c in cands if cand.start <= c.start and c.end <= cand.end]
        cands = [c for c in cands if c not in inside] + [cand]
        nested += [c for c in inside if c.kind != "state" and c.entry is not cand.entry]
        nested += _inner_acronyms(doc, cand)
    cands = _add_institutions(cands, _institutions(doc, lex, notes))
    cands += [c for c in _descriptor_names(doc, notes) if not any(o.start < c.end and c.start < o.end for o in cands)]
    cands.sort(key=lambda c: c.start)
    cands += _bracketed_names(doc, cands)
    cands += _surname_mentions(doc, cands, notes)
    cands += _repeated_names(doc, cands + nested, notes)
    return _build(doc, article, sorted(cands + nested, key=lambda c: (c.start, -c.end)), lex)


def _descriptor_names(doc: RuDoc, notes: set[int]) -> list[Cand]:
    """Names the model missed after an organisation word: quoted ("газета «Частный корреспондент»") or in
    Latin script ("газеты La Stampa")."""
    tokens, out = doc.tokens, []
    for tok in tokens:
        if tok.lemma not in _ORG_DESCRIPTORS or tok.i in notes or tok.i + 1 >= len(tokens):
            continue
        j, quoted = tok.i + 1, tokens[tok.i + 1].text in "«\"„"
        j += quoted
        k = j
        while k < len(tokens) and k - j < 6 and tokens[k].sent == tok.sent and (
                quoted and tokens[k].text not in "»\"“" or _LATIN_NAME.match(tokens[k].text)):
            k += 1
        closed = not quoted or k < len(tokens) and tokens[k].text in "»\"“"
        if k > j and closed and tokens[j].text[:1].isupper():
            start = tok.i
            while start and tokens[start - 1].pos == "ADJ" and tokens[start - 1].head == tok.i \
                    and tokens[start - 1].lemma not in _NOT_NAME_ADJECTIVES:
                start -= 1
            out.append(Cand(start, k, "organization", normal=nominative(doc, start, k), confidence=0.7))
    return out


def _bracketed_names(doc: RuDoc, cands: list[Cand]) -> list[Cand]:
    """The other name of an organisation in brackets right after it: its acronym ("организации ООН (ФАО)")
    or its Latin-script name ("Международная амнистия (Amnesty International)"), also after another
    bracket ("(КЗЖ) (Committee to Protect Journalists)"); the same actor."""
    tokens, out = doc.tokens, []
    queue = list(cands)
    for cand in queue:
        after = cand.end + (cand in out or cand.end < len(tokens) and tokens[cand.end].text in "»\"“")
        j = after + 1
        if cand.kind not in ("organization", "group") or j >= len(tokens) or tokens[after].text != "(":
            continue
        k = next((k for k in range(j, min(len(tokens), j + 8)) if tokens[k].text == ")"), None)
        if k is None or k == j or any(c.start < k and j < c.end for c in cands + out):
            continue
        words = [t.text for t in tokens[j:k]]
        acronym = len(words) == 1 and len(words[0]) >= 2 and words[0].replace("-", "").isalpha() and words[0].isupper()
        latin = words[0][:1].isupper() and all(_LATIN_NAME.match(w) for w in words)
        if acronym or latin:
            out.append(Cand(j, k, cand.kind, cand.entry, cand.country, cand.code, normal=doc.span_text(j, k),
                            confidence=0.75, ref=cand.ref or cand))
            queue.append(out[-1])
    return out


def _inner_acronyms(doc: RuDoc, cand: Cand) -> list[Cand]:
    """"Института этнологии и антропологии РАН": the acronym that ends a longer name is an organisation too."""
    last = doc.tokens[cand.end - 1]
    if cand.kind == "organization" and cand.end - cand.start > 1 and len(last.text) >= 2 and last.text.isupper() \
            and last.text.isalpha():
        return [Cand(last.i, last.i + 1, "organization", normal=last.text, confidence=0.7)]
    return []


def _institutions(doc: RuDoc, lex: RuLexicon, notes: set[int]) -> list[Cand]:
    """"правительство США", "японского МИДа", "парламент Грузии": a state institution named by its head
    word and its country (a genitive country name after it or a country adjective before it)."""
    tokens, out = doc.tokens, []
    heads = sorted(lex.heads.items(), key=lambda h: -len(h[0]))
    i = 0
    while i < len(tokens):
        for head, suffix in heads:
            s, e = i, i + len(head)
            if tuple(t.lemma for t in tokens[s:e]) != head or i in notes:
                continue
            country = None
            if s > 0 and tokens[s - 1].lemma in lex.adjectives and tokens[s - 1].sent == tokens[s].sent:
                s -= 1
                country = lex.adjectives[tokens[s].lemma]
            if e < len(tokens) and tokens[e].case == "Gen" and tokens[e].text[:1].isupper():
                hit = lex.forms.get((tokens[e].lemma,))
                if hit and hit[0].kind == "state" and hit[0].source != "capitals":
                    country, e = country or hit[0].country, e + 1
            if country:
                out.append(Cand(s, e, "organization", country=country, code=country + suffix,
                                normal=nominative(doc, s, e), confidence=0.8))
                i = e - 1
            break
        i += 1
    return out


def _add_institutions(cands: list[Cand], found: list[Cand]) -> list[Cand]:
    """Institutions replace what lies inside them (the bare head the model tagged, the country name)."""
    for inst in found:
        if any(c.start < inst.end and inst.start < c.end and not (inst.start <= c.start and c.end <= inst.end)
               for c in cands):
            continue
        cands = [c for c in cands if not (inst.start <= c.start and c.end <= inst.end)] + [inst]
    return cands


def _listed(doc: RuDoc, lex: RuLexicon, notes: set[int]) -> list[Cand]:
    out = []
    for start, end, entry in gazetteer_matches(doc, lex):
        if start in notes:
            continue
        if entry.source == "capitals" and doc.tokens[start].rel not in _AGENT_RELS:
            continue  # "в Москве" is a place; "Москва заявила" is Russia's government
        out.append(Cand(start, end, entry.kind, entry, entry.country, entry.code, confidence=0.95))
    return out


def _from_entity(doc: RuDoc, ent, lex: RuLexicon, listed: list[Cand]) -> Cand | None:
    if ent.type == "PER":
        if any(c.start <= ent.start and ent.end <= c.end for c in listed):
            return None
        return Cand(ent.start, ent.end, "person", normal=person_normal(doc, ent.start, ent.end), confidence=0.85)
    if ent.type != "ORG":
        return None
    start, end = _org_extent(doc, ent.start, ent.end, lex)
    inner = [c for c in listed if start <= c.start and c.end <= end]
    whole = next((c for c in inner if c.start == start and c.end == end), None)
    if whole is not None:
        return None  # the listed actor already covers it
    country = next((c.country for c in inner if c.kind == "state"), None) or _adjective_country(doc, start, lex)
    lemmas = tuple(t.lemma for t in doc.tokens[start:end])
    suffix = next((s for head, s in sorted(lex.heads.items(), key=lambda h: -len(h[0]))
                   if lemmas[:len(head)] == head), None)
    code = country + suffix if country and suffix else None
    head_entity = next((c for c in inner if c.kind != "state"), None)
    if head_entity is not None and code is None:
        return replace(head_entity, start=start, end=end)  # "движение «Талибан»" stays the Taliban
    normal = _org_normal(doc, ent, start, end)
    return Cand(start, end, "organization", country=country, code=code, normal=normal, confidence=0.8)


def _org_extent(doc: RuDoc, start: int, end: int, lex: RuLexicon) -> tuple[int, int]:
    """An ORG entity widened over the genitive names that complete it ("МИД" + "Грузии", "Совета
    безопасности" + "России") and the descriptor before its name ("движение «Талибан»", "компании
    Oracle", "социальной сети Twitter"), with that descriptor's adjectives."""
    tokens = doc.tokens
    cut = next((i for i in range(start + 1, end) if tokens[i].text == "("), None)
    end = cut if cut is not None else end  # "Международная амнистия (Amnesty International)"
    while end > start + 1 and tokens[end - 1].text in "»\"“”":
        end -= 1  # the closing quote mark is no part of the name
    while end < len(tokens) and tokens[end].case == "Gen" and tokens[end].pos == "PROPN" \
            and tokens[end].sent == tokens[start].sent and tokens[end].head in range(start, end):
        end += 1
    end = _attached_phrase(doc, start, end)
    s = start - 1 if start and tokens[start - 1].text in "«\"„" else start
    if s and tokens[s - 1].lemma in _ORG_DESCRIPTORS and tokens[s - 1].sent == tokens[start].sent:
        start = descriptor = s - 1
        while start and tokens[start - 1].pos == "ADJ" and tokens[start - 1].head == descriptor \
                and tokens[start - 1].lemma not in _NOT_NAME_ADJECTIVES:
            start -= 1
    return start, end


def _subtree_end(doc: RuDoc, head: int, limit: int) -> int | None:
    """One past the last token of ``head``'s subtree when the subtree is contiguous and ends before
    ``limit``; None otherwise."""
    tokens = doc.tokens
    inside = {head}
    for t in tokens[head + 1:limit]:
        if t.head in inside:
            inside.add(t.i)
        elif t.text not in ",":
            break
    last = max(inside)
    return last + 1 if all(i in inside or tokens[i].text == "," for i in range(head, last + 1)) else None


def _attached_phrase(doc: RuDoc, start: int, end: int) -> int:
    """An institution name goes on over the "при …" or "по …" phrase that completes it ("Совета при
    Президенте РФ по развитию информационного общества", "Отдела по взаимоотношениям Церкви и общества"):
    the phrase's noun must hang (nmod) off a noun of the name, the phrase stay within its sentence."""
    tokens = doc.tokens
    while end + 1 < len(tokens) and tokens[end].lemma in _ATTACHED_PREPOSITIONS \
            and tokens[end].sent == tokens[start].sent:
        noun = tokens[end].head
        if not (end < noun < end + 4) or tokens[noun].rel != "nmod" or tokens[noun].head not in range(start, end) \
                or tokens[tokens[noun].head].pos not in ("NOUN", "PROPN"):
            break
        new_end = _subtree_end(doc, noun, min(len(tokens), end + 12))
        if new_end is None or tokens[new_end - 1].text == "," or tokens[new_end - 1].sent != tokens[start].sent:
            break
        end = new_end
    return end


def _adjective_country(doc: RuDoc, start: int, lex: RuLexicon) -> str | None:
    return lex.adjectives.get(doc.tokens[start - 1].lemma) if start else None


def _org_normal(doc: RuDoc, ent, start: int, end: int) -> str:
    if start == ent.start and end == ent.end:
        return ent.normal
    return nominative(doc, start, end)


def person_normal(doc: RuDoc, start: int, end: int) -> str:
    """A person's name in the nominative: each word's lemma (given its case) in its written shape."""
    words = []
    oblique = any(t.case not in (None, "Nom") for t in doc.tokens[start:end] if t.pos in ("PROPN", "NOUN"))
    for tok in doc.tokens[start:end]:
        if tok.text in "-." or not tok.text[:1].isalpha():
            words.append(tok.text)
            continue
        word = tok.text if not oblique or len(tok.text) <= 2 else tok.lemma
        words.append(word[:1].upper() + word[1:] if word.islower() else word)
    return re.sub(r"\s*-\s*", "-", " ".join(words)).replace(" .", ".")


def _surname_mentions(doc: RuDoc, cands: list[Cand], notes: set[int]) -> list[Cand]:
    """Untagged later uses of a known person's surname, in any case form."""
    full = {doc.tokens[c.end - 1].lemma: c for c in cands if c.kind == "person" and c.end - c.start >= 2}
    taken = {i for c in cands for i in range(c.start, c.end)}
    out = []
    for tok in doc.tokens:
        if tok.i not in taken and tok.i not in notes and tok.lemma in full and tok.text[:1].isupper():
            out.append(Cand(tok.i, tok.i + 1, "person", normal=tok.text, confidence=0.7, ref=full[tok.lemma]))
    return out


def _repeated_names(doc: RuDoc, cands: list[Cand], notes: set[int]) -> list[Cand]:
    """Later uses of a one-word organisation name the model tagged once ("Vestas", "«Телевизора»")."""
    vocab = load_pipeline().morph_vocab
    names = {}
    for c in cands:
        word = doc.tokens[c.start].text
        if c.kind == "organization" and c.entry is None and c.end - c.start == 1 and word[:1].isupper() \
                and not word.isupper() and not vocab.word_is_known(word.lower()):
            names.setdefault(doc.tokens[c.start].lemma, c)  # a name, not a common noun ("Союз", "Мир")
    taken = {i for c in cands for i in range(c.start, c.end)}
    return [Cand(t.i, t.i + 1, "organization", normal=names[t.lemma].normal, confidence=0.7, ref=names[t.lemma])
            for t in doc.tokens if t.lemma in names and t.i not in taken and t.i not in notes and t.text[:1].isupper()]


def _link_people(doc: RuDoc, cands: list[Cand]) -> dict[int, Cand]:
    """Each short person mention → the full mention it names (same surname lemma; nearest before)."""
    full = [c for c in cands if c.kind == "person" and c.end - c.start >= 2]
    links = {}
    for cand in cands:
        if cand.kind != "person" or cand in full:
            continue
        lemma = doc.tokens[cand.end - 1].lemma
        owners = [f for f in full if lemma in (doc.tokens[f.end - 1].lemma, doc.tokens[f.start].lemma)]
        if owners:
            before = [f for f in owners if f.start < cand.start]
            links[cand.start] = (before or owners)[-1]
    return links


def _build(doc: RuDoc, article: Article, cands: list[Cand], lex: RuLexicon) -> tuple[list[Mention], list[Actor]]:
    from .roles import extract_roles

    links = _link_people(doc, cands)
    roles = {c.start: extract_roles(doc, c.start, c.end, article, lex) for c in cands if c.kind == "person"}
    actors: dict[str, dict] = {}
    mentions = []
    for cand in cands:
        owner = cand.ref or links.get(cand.start, cand)
        text = doc.span_text(cand.start, cand.end)
        cyrillic = owner.normal or doc.span_text(owner.start, owner.end)
        if owner.entry is not None:
            name, key = owner.entry.name, owner.entry.key
        else:
            name = transliterate(cyrillic)
            key = actor_key(name, None, article.id)
        info = actors.setdefault(key, {"name": name, "kind": owner.kind, "code": owner.code,
                                       "country": owner.country, "aliases": [], "roles": []})
        if owner.entry is None:
            info["aliases"].append(cyrillic)
        info["aliases"].append(text)
        info["roles"].extend(roles.get(cand.start, ()))
        label = owner.entry.label if owner.entry is not None else LABELS.get(owner.kind, "ORG")
        mentions.append(Mention(article.id, doc.tokens[cand.start].start, doc.tokens[cand.end - 1].end, text,
                                label, owner.kind, make_id("actor", key), confidence=cand.confidence))
    return mentions, [_actor(key, info) for key, info in actors.items()]


def _actor(key: str, info: dict) -> Actor:
    roles: tuple[Role, ...] = tuple(dict.fromkeys(info["roles"]))
    country = info["country"] or next((r.country for r in roles if r.country), None)
    aliases = tuple(a for a in dict.fromkeys(info["aliases"]) if a != info["name"])
    return Actor(make_id("actor", key), info["name"], info["kind"], country, info["code"], aliases, roles)
