"""Render a gathered report as Markdown, HTML (Jinja2 templates shipped with the package) or PDF (WeasyPrint).

User text (article titles, quotes, names) is escaped: HTML by Jinja2's autoescape, Markdown by escaping
every interpolated value. The map is an SVG embedded as a data URI, so a report is one self-contained
file and rendering never fetches anything.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..labels import UNNAMED, period_label

FORMATS = ("md", "html", "pdf")
FIELD_NAMES = {"quantity": "how many", "date": "when", "source_actor": "who did it", "status": "whether it happened",
               "place": "where", "target_actor": "against whom"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


class Raw(str):
    """Text a Markdown template inserts as it is (already Markdown)."""


def _md_escape(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Raw):
        return value
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def names(actors) -> str:
    """Actor names, or "unnamed actor" for an actor the store has no name for."""
    return ", ".join(dict.fromkeys((a.get("name") or UNNAMED) for a in actors or ()))


def outlets(sources, limit: int = 4) -> str:
    """Distinct outlets of a list of reports, in order; past ``limit``, how many more."""
    found = list(dict.fromkeys((s.get("source") or "unknown") for s in sources or ()))
    return ", ".join(found[:limit]) + (f" +{len(found) - limit}" if len(found) > limit else "")


def sources_text(sources, limit: int = 5) -> str:
    """'Outlet (date): title; …' for a list of article sources; past ``limit`` articles, the rest are
    counted with their outlets."""
    sources = list(sources or ())
    parts = []
    for s in sources[:limit]:
        when = f" ({period_label(str(s['published'])[:10])})" if s.get("published") else ""
        title = f": {s['title']}" if s.get("title") else ""
        parts.append(f"{s.get('source') or 'unknown source'}{when}{title}")
    rest = sources[limit:]
    if rest:
        counts = Counter(s.get("source") or "unknown source" for s in rest)
        parts.append(f"and {len(rest)} more article(s): "
                     + ", ".join(f"{outlet} {n}" for outlet, n in counts.most_common()))
    return "; ".join(parts)


def event_day(event: dict) -> str:
    """An event's date at the precision the text gave ("1980s", "March 2020", "week of 28 June 2021"), else
    the earliest publication date of its reports ("reported 9 July 2021")."""
    if event.get("when"):
        return event["when"]
    return period_label(event.get("date"), (event.get("day") or "")[:10] or None)


def quote_text(text: str) -> str:
    """A quote without the quotation marks and trailing comma the article put around it."""
    return (text or "").strip().strip("\"“”‘’'").rstrip(",").strip()


def role_text(role: dict) -> str:
    text = role["title"]
    if role.get("organization") and role["organization"].lower() not in text.lower():
        text += f", {role['organization']}"
    if role.get("date"):
        text += f" ({period_label(role['date'])})"
    return text


def _helpers() -> dict:
    return {"names": names, "outlets": outlets, "sources_text": sources_text, "role_text": role_text,
            "quote_text": quote_text, "event_day": event_day, "field_names": FIELD_NAMES, "day_label": day_label}


def day_label(value) -> str:
    """A publication date as labels.py writes a day ("9 July 2021")."""
    return period_label(str(value)[:10]) if value else ""


@lru_cache(maxsize=2)
def _environment(markdown: bool) -> Environment:
    loader = PackageLoader("wirewatch", "report/templates")
    if markdown:
        env = Environment(loader=loader, autoescape=False, finalize=_md_escape, undefined=StrictUndefined,
                          keep_trailing_newline=True)
    else:
        env = Environment(loader=loader, autoescape=select_autoescape(["html", "j2"], default=True),
                          undefined=StrictUndefined)
    env.globals.update(_helpers())
    env.filters["role_text"] = role_text
    return env


def _css() -> str:
    return resources.files("wirewatch").joinpath("report/templates/report.css").read_text("utf-8")


def _svg_uri(svg: str | None) -> str | None:
    if not svg:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render_markdown(report: dict, map_href: str | None = None) -> str:
    """The report as Markdown; the map is linked at ``map_href`` when given, else embedded as a data URI."""
    uri = map_href or _svg_uri(report["map_svg"])
    text = _environment(True).get_template("report.md.j2").render(r=report, map_uri=Raw(uri) if uri else None)
    return re.sub(r"\n{3,}", "\n\n", text)


def render_html(report: dict) -> str:
    """The report as one self-contained HTML page."""
    return _environment(False).get_template("report.html.j2").render(r=report, css=_css(),
                                                                     map_uri=_svg_uri(report["map_svg"]))


def render_pdf(report: dict) -> bytes:
    """The report as PDF, laid out by WeasyPrint from the HTML; only data: URIs are ever loaded."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_html(report), url_fetcher=fetcher, base_url=".").write_pdf()
