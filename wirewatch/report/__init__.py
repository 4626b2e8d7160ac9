"""Situation reports: what an analyst sends upward about a story, an actor or a place — key actors and
their roles, what each said, events with corroboration, a static map, who controls what, and where
sources disagree — as Markdown, HTML or PDF.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from ..errors import WirewatchError
from ..store import Store
from .gather import ReportLimits, ReportScope, build_report
from .render import FORMATS, render_html, render_markdown, render_pdf

__all__ = ["FORMATS", "ReportLimits", "ReportScope", "build_report", "render_report", "write_report"]


def render_report(report: dict, fmt: str, map_href: str | None = None) -> str | bytes:
    """The report in ``fmt`` (md, html: text; pdf: bytes)."""
    if fmt == "md":
        return render_markdown(report, map_href)
    if fmt == "html":
        return render_html(report)
    if fmt == "pdf":
        return render_pdf(report)
    raise WirewatchError(f"unknown report format {fmt!r} (available: {', '.join(FORMATS)})")


def write_report(store: Store, where: ReportScope, fmt: str, output: Path | None = None) -> tuple[dict, str | bytes]:
    """Build and render a report; with ``output``, write it there (a Markdown report's map goes beside it
    as ``NAME.map.svg``). Returns the report data and the rendered document."""
    if fmt not in FORMATS:
        raise WirewatchError(f"unknown report format {fmt!r} (available: {', '.join(FORMATS)})")
    if output is not None and not output.parent.exists():
        raise WirewatchError(f"{output}: folder {output.parent} does not exist")
    report = build_report(store, where)
    map_href = None
    if fmt == "md" and output is not None and report["map_svg"]:
        map_path = output.with_name(output.stem + ".map.svg")
        map_path.write_text(report["map_svg"], encoding="utf-8")
        map_href = quote(map_path.name)
    document = render_report(report, fmt, map_href)
    if output is not None:
        if isinstance(document, bytes):
            output.write_bytes(document)
        else:
            output.write_text(document, encoding="utf-8")
    return report, document
