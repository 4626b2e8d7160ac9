"""Plain text and Markdown files.

A file may start with front matter giving its metadata, either fenced::

    ---
    published: 2021-07-09
    title: Talks resume in Geneva
    source: Example Wire
    ---

or as a single first line ``published: 2021-07-09``. Keys: published (or date), title, source, url,
author; published must be YYYY-MM-DD. Without a title key, the first line is the title when it reads
as a headline (a Markdown heading, a short line with no final period, or one short sentence standing on
its own before a longer paragraph). A leading all-capitals dateline ("MOSCOW — …", "KABUL, Afghanistan (AP) -
…") is recorded as the article's ``dateline``; one glued to the first word ("MOSCOWWe've…", when the
gazetteer knows the place) is also cut off the text. An article with neither a title key nor a headline
gets a short title made from its first sentence, marked as such (``Article.title_derived``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from ..errors import InputError
from ..records import Article, Discard
from .build import Context, build_article, clean_text
from .decode import decode_bytes

META_KEYS = {"published": "published", "date": "published", "title": "title",
             "source": "source", "url": "url", "author": "author"}
MAX_FRONT_MATTER_LINES = 30
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 25

_META_LINE = re.compile(r"([A-Za-z_]{1,20})[ \t]{0,5}:[ \t]{0,5}(.{0,500})")
_ATX = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.{0,1000})")
_SETEXT = re.compile(r"[ ]{0,3}(=+|-+)[ \t]*")
_ATX_LINE = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*)$", re.M)
_RULE_LINE = re.compile(r"^[ ]{0,3}(?:(?:[-*_=][ \t]*){3,}|=+[ \t]*|-+[ \t]*)$", re.M)
_BULLET = re.compile(r"^([ \t]{0,12})[*+][ \t]+", re.M)
_QUOTE = re.compile(r"^[ ]{0,3}(?:>[ ]?){1,10}", re.M)
_FENCE = re.compile(r"^[ ]{0,3}(?:```|~~~).{0,200}$", re.M)
#: Lines that stand on their own: list items, headings, quoted lines.
_BLOCK_START = re.compile(r"[ \t]{0,3}(?:[-*+#>]|\d{1,3}[.)][ \t])")
_ENDS_SENTENCE = ".!?:;\"\u201d\u2019)]"
_REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]\n]{1,200}\]:[ \t]{0,5}\S{1,2000}.{0,300}$", re.M)
_INLINE = (
    (re.compile(r"!\[([^\[\]\n]{0,500})\]\([^()\[\]\s]{0,2000}\)"), r"\1"),
    (re.compile(r"\[([^\[\]\n]{1,500})\]\([^()\[\]\s]{0,2000}\)"), r"\1"),
    (re.compile(r"`([^`\n]{1,500})`"), r"\1"),
    (re.compile(r"(?<!\\)(\*\*|__|~~)([^*_~\n]{1,500})\1"), r"\2"),
    (re.compile(r"(?<![\w*\\])\*([^*\s](?:[^*\n]{0,500}[^*\s])?)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w\\])_([^_\s](?:[^_\n]{0,500}[^_\s])?)_(?!\w)"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),
)


def read_text(data: bytes, origin: str, ctx: Context, *, markdown: bool = False) -> Iterator[Article | Discard]:
    """One article from a plain-text or Markdown file."""
    text = clean_text(decode_bytes(data, origin))
    meta, body = split_front_matter(text, origin)
    title, body = split_markdown_title(body) if markdown else (None, body)
    if markdown:
        body = strip_markdown(body)
    if title is None and not meta.get("title"):
        title, body = split_title(body)
    dateline, body = split_dateline(body)
    body = unwrap(body)
    title = meta.get("title") or title
    derived = derived_title(body) if not title else None
    article = build_article(ctx, body, origin, title=title or derived, url=meta.get("url"),
                            published=_parse_date(meta.get("published"), origin), author=meta.get("author"),
                            source=meta.get("source"))
    if isinstance(article, Article) and (dateline or (derived and article.title == derived)):
        article = replace(article, dateline=dateline, title_derived=bool(derived and article.title == derived))
    yield article


def split_front_matter(text: str, origin: str) -> tuple[dict[str, str], str]:
    """The front-matter fields and the text after them (no fields when there is no front matter)."""
    lines = text.split("\n", MAX_FRONT_MATTER_LINES + 2)
    if lines[0].strip() == "---":
        for end, line in enumerate(lines[1 : MAX_FRONT_MATTER_LINES + 2], start=1):
            if line.strip() in ("---", "..."):
                fields = [_meta_field(raw) for raw in lines[1:end] if raw.strip()]
                if all(fields):
                    return dict(f for f in fields if f[0]), "\n".join(lines[end + 1 :])
                break
        return {}, text
    field = _meta_field(lines[0])
    if field and field[0] == "published":
        return {"published": field[1]}, text.split("\n", 1)[1] if "\n" in text else ""
    return {}, text


def _meta_field(line: str) -> tuple[str | None, str] | None:
    """(key, value) of a ``key: value`` line; key None for keys we do not use; None if not such a line."""
    match = _META_LINE.fullmatch(line.strip())
    if not match:
        return None
    return META_KEYS.get(match.group(1).lower()), match.group(2).strip().strip("\"'")


def _parse_date(value: str | None, origin: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(origin, f"front matter: published {value!r} is not a YYYY-MM-DD date") from None


def split_title(text: str) -> tuple[str | None, str]:
    """(title, rest) when the first line reads as a headline, else (None, text)."""
    first, _, rest = text.partition("\n")
    line = first.strip()
    words = line.split()
    next_line = rest.lstrip(" \t")
    if (
        not rest.strip()
        or not words
        or len(line) > MAX_TITLE_CHARS
        or len(words) > MAX_TITLE_WORDS
        or (line[-1] in ".,;:…" and not _sentence_headline(line, rest))
        or not any(ch.isalpha() for ch in line)
        or (next_line[:1].islower())
    ):
        return None, text
    return line, rest


#: A headline written as one sentence: at most this many words.
MAX_SENTENCE_TITLE_WORDS = 18
_INNER_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019]?\s+[A-Z\"\u201c]")


def _sentence_headline(line: str, rest: str) -> bool:
    """"As Afghanistan loses control of its borders, Russia, China, and Iran intensify their talks." — one
    short sentence ending in a period is a headline when a blank line follows it and the next paragraph is
    longer (a one-sentence lede is as long as the paragraphs after it)."""
    if line[-1] != "." or len(line.split()) > MAX_SENTENCE_TITLE_WORDS or line[0] in "\"\u201c'\u2018-":
        return False
    if _INNER_SENTENCE_END.search(line[:-1]) or not re.match(r"[ \t]*\n", rest):
        return False
    paragraph = rest.strip().split("\n", 1)[0]
    return len(paragraph) > 1.5 * len(line)


#: A title made from the first sentence has at most this many words (then "…").
MAX_DERIVED_WORDS = 16
#: A sentence ends at . ! or ? before a space and a capital, a digit or an opening quote...
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]?(?=\s+[\"\u201c\u2018(]?[A-Z0-9])")
#: ... except after a capitalised abbreviation of at most four letters or initials ("Sep. 11", "Mr. Lavrov",
#: "U.S. troops").
_ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,3}|(?:[A-Za-z]\.)+[A-Za-z])\.")


def derived_title(text: str) -> str | None:
    """A short title from the first sentence of ``text``, for an article that has no headline: the sentence
    without its final period, cut at a word boundary after ``MAX_DERIVED_WORDS`` words; None without words."""
    paragraph = next((p.strip() for p in text.split("\n") if any(ch.isalpha() for ch in p)), "")
    if not paragraph:
        return None
    end = next((m.start() for m in _SENTENCE_END.finditer(paragraph)
                if not _ABBREVIATION.fullmatch((paragraph[: m.start() + 1].split() or [""])[-1])), None)
    sentence = paragraph[:end] if end is not None else paragraph
    words = sentence.split()
    if len(words) > MAX_DERIVED_WORDS:
        return " ".join(words[:MAX_DERIVED_WORDS]).rstrip(",;:\u2014\u2013-") + "\u2026"
    return " ".join(words).rstrip(".") or None


#: "MOSCOW —", "KABUL, Afghanistan (AP) -", "NEW YORK (Reuters) –": all-capitals words, an optional
#: ", Region" and "(Agency)", then a dash.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\u2019-]+(?:[ ][A-Z][A-Z.'\u2019-]+){0,3})"
    r"(?:,[ ]?[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+){0,2})?"
    r"(?:[ ]?\([^()\n]{1,40}\))?[ ]?(?:[\u2014\u2013]|--?)[ ]*(?=\S)")
#: "MOSCOWWe've…": an all-capitals place glued to the first word of the text.
_GLUED_DATELINE = re.compile(r"(?P<place>[A-Z]{4,}(?:[ ][A-Z]{2,}){0,2})(?=[A-Z][a-z\u2019'])")


def split_dateline(text: str) -> tuple[str | None, str]:
    """(dateline place, text) when the text opens with an all-capitals dateline, else (None, text).

    A dateline set off by a dash ("KARVELIA — Interior Minister…") reads fine and stays in the text (its
    spans and id do not change); one glued to the next word ("MOSCOWWe've…") is cut off the text, and only
    when the gazetteer knows a place of that name, so a leading acronym ("NATOs…") stays."""
    lead = len(text) - len(text.lstrip())
    body = text[lead:]
    match = _DATELINE.match(body)
    if match and len(match.group("place").replace(" ", "")) >= 3:
        return match.group("place").strip(" -"), text
    match = _GLUED_DATELINE.match(body)
    if match and _known_place(match.group("place")):
        return match.group("place"), text[:lead] + body[match.end():]
    return None, text


def _known_place(name: str) -> bool:
    try:
        from ..geo.gazetteer import get_gazetteer

        return get_gazetteer().has(name.title())
    except Exception:  # noqa: BLE001 - no gazetteer built: leave a glued dateline in the text
        return False


def split_markdown_title(text: str) -> tuple[str | None, str]:
    """(title, rest) when the Markdown starts with a heading (``# Title`` or underlined), else (None, text)."""
    lines = text.split("\n", 2)
    atx = _ATX.fullmatch(lines[0])
    if atx:
        return _inline(atx.group(2).rstrip("# \t")) or None, "\n".join(lines[1:])
    if len(lines) > 1 and lines[0].strip() and _SETEXT.fullmatch(lines[1]) and len(lines[1].strip()) >= 2:
        return _inline(lines[0].strip()), "\n".join(lines[2:])
    return None, text


def unwrap(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs, so a sentence broken across lines reads as one.

    A line is joined to the next when it does not end a sentence and neither line is a list item,
    heading or quoted line."""
    out: list[list[str]] = []
    before = ""
    for line in text.split("\n"):
        if (out and before.strip() and line.strip() and before.rstrip()[-1] not in _ENDS_SENTENCE
                and not _BLOCK_START.match(out[-1][0]) and not _BLOCK_START.match(line)):
            out[-1][-1] = out[-1][-1].rstrip()
            out[-1].append(line.lstrip())
        else:
            out.append([line])
        before = line
    return "\n".join(" ".join(parts) for parts in out)


def strip_markdown(text: str) -> str:
    """Readable plain text from Markdown: no heading marks, emphasis, link syntax, quotes or rules.

    Whole-text substitutions with bounded patterns: linear time, whatever the input.
    """
    text = _FENCE.sub("", _REF_DEF.sub("", _QUOTE.sub("", text)))
    text = _BULLET.sub(r"\1- ", _RULE_LINE.sub("", text))
    text = _ATX_LINE.sub(lambda m: m.group(1).rstrip("# \t"), text)
    return clean_text(_inline(text))


def _inline(line: str) -> str:
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return line
