"""Situation reports on articles written for the tests (tests/fixtures/report: a clash in Kidal reported by
four outlets that disagree on how many attacked and when): content, escaping, the map, PDF pages, the CLI."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from wirewatch.errors import WirewatchError
from wirewatch.report import ReportScope, build_report, render_report, write_report
from wirewatch.report.mapsvg import map_svg
from wirewatch.resolve.stories import assign_stories
from wirewatch.settings import Settings
from wirewatch.store import Store
from wirewatch.store import stories as story_reads

ARTICLES = Path(__file__).parent / "fixtures" / "report"


@pytest.fixture(scope="module")
def kidal(tmp_path_factory) -> tuple[str, str]:
    """A store with the four Kidal articles ingested and extracted, and the id of their story."""
    from wirewatch.run import local

    db = str(tmp_path_factory.mktemp("report") / "kidal.db")
    summary = local.ingest([str(ARTICLES)], Settings(db=db), raise_errors=True)
    assert summary.extracted == 4
    with Store(db) as store:
        assign_stories(store, store.all_article_ids())
        rows, _ = story_reads.stories(store)
    biggest = max(rows, key=lambda r: r["size"])
    assert biggest["size"] >= 3, rows
    return db, biggest["id"]


@pytest.fixture(scope="module")
def report(kidal) -> dict:
    db, story_id = kidal
    with Store(db) as store:
        return build_report(store, ReportScope(story=story_id))


def test_report_gathers_actors_quotes_events_places_and_control(report):
    assert report["subject"]["kind"] == "story" and report["articles"]["count"] >= 3
    actors = {a["name"]: a for a in report["actors"]}
    assert "Northern Liberation Front" in actors
    assert any(r["title"].lower().startswith("spokesman") for r in actors["Ahmed Ag Bilal"]["roles"])
    said = {q["text"].strip('"“”,'): q for s in report["quotes"] for q in s["quotes"]}
    freed = next(q for text, q in said.items() if "We have freed Kidal" in text)
    assert [s["source"] for s in freed["sources"]] == ["Desert Courier"]
    attack = next(e for e in report["events"] if e["event_type"] == "ASSAULT" and e["corroboration"] >= 2)
    assert attack["place"]["name"] == "Kidal"
    kidal_place = next(p for p in report["places"] if p["name"] == "Kidal")
    assert kidal_place["lat"] == pytest.approx(19.3, abs=0.5) and kidal_place["mentions"] >= 3
    assert any(c["place"] == "Kidal" for c in report["controls"])


def test_sources_disagree_on_how_many_attacked_and_when(report):
    by_field = {d["field"]: d for d in report["disagreements"]}
    assert {"quantity", "date"} <= set(by_field)
    numbers = {v["value"]: [s["source"] for s in v["sources"]] for v in by_field["quantity"]["values"]}
    assert numbers == {"More than 300 fighters": ["Sahel Wire"], "About 1,000 fighters": ["Desert Courier"]}
    days = {v["value"]: {s["source"] for s in v["sources"]} for v in by_field["date"]["values"]}
    assert days["10 March 2024"] == {"Desert Courier"} and "Sahel Wire" in days["11 March 2024"]


def test_markdown_report_has_every_section_and_each_side_of_a_disagreement(report):
    md = render_report(report, "md")
    for heading in ("# Situation report: ", "## Key actors", "## What they said", "## Events",
                    "## Where sources disagree", "## Places", "## Who controls what", "## Sources"):
        assert heading in md
    assert "- **About 1,000 fighters** — Desert Courier (12 March 2024)" in md
    assert "![Map of the places named in these articles](data:image/svg+xml;base64," in md
    assert "| Kidal |" in md


def test_user_text_is_escaped_in_html_and_markdown(report):
    evil = copy.deepcopy(report)
    evil["actors"][0]["name"] = '<script>alert("x")</script> | **bold**'
    evil["quotes"][0]["quotes"][0]["text"] = "<img src=x onerror=alert(1)>"
    evil["title"] = "Report on <b>Kidal</b> & more"
    html = render_report(evil, "html")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<title>Report on &lt;b&gt;Kidal&lt;/b&gt; &amp; more</title>" in html
    md = render_report(evil, "md")
    assert r"\<script\>alert" in md and r"\| \*\*bold\*\*" in md


def test_map_is_an_offline_svg_with_escaped_place_names():
    svg = map_svg([{"name": "A<&>B", "lat": 19.3, "lon": 1.7, "mentions": 3, "events": 1},
                   {"name": "Gao", "lat": 13.7, "lon": -3.3, "mentions": 1, "events": 0},
                   {"name": "nowhere", "lat": None, "lon": None, "mentions": 9, "events": 0}])
    assert svg.startswith("<svg") and "A&lt;&amp;&gt;B" in svg and "A<&>B" not in svg
    assert "<title>Mali</title>" in svg, "country outlines around the places are drawn"
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert map_svg([{"name": "x", "lat": None, "lon": None}]) is None


def _page_images_and_text(pdf: bytes) -> list[tuple[np.ndarray, str]]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    return [(doc[i].render(scale=0.6).to_numpy(), doc[i].get_textpage().get_text_range()) for i in range(len(doc))]


def test_pdf_pages_are_non_blank_with_extractable_text(report):
    pdf = render_report(report, "pdf")
    assert pdf[:5] == b"%PDF-"
    pages = _page_images_and_text(pdf)
    assert len(pages) >= 2
    for image, text in pages:
        inked = (image[..., :3].min(axis=-1) < 200).mean()
        assert inked > 0.005, "page looks blank"
        assert len(text.strip()) > 50
    everything = " ".join(text for _, text in pages)
    for words in ("Where sources disagree", "About 1,000 fighters", "Desert Courier", "Kidal", "Who controls what"):
        assert words in everything


def test_actor_place_and_date_scopes(kidal):
    db, _ = kidal
    with Store(db) as store:
        ruiz = build_report(store, ReportScope(actor="Marta Ruiz"))
        gao = build_report(store, ReportScope(place="Gao"))
        later = build_report(store, ReportScope(since="2024-03-13"))
        every = build_report(store, ReportScope())
    assert ruiz["subject"]["kind"] == "actor" and ruiz["articles"]["count"] == 1
    assert [s["source"] for s in ruiz["articles"]["sources"]] == ["Relief Monitor"]
    assert gao["articles"]["count"] == 1 and gao["articles"]["sources"][0]["source"] == "Bamako Daily"
    assert later["articles"]["count"] == 2 and later["period"]["first"] == "2024-03-13"
    assert every["articles"]["count"] == 4


def test_bad_scopes_are_errors_a_person_can_act_on(kidal):
    db, story_id = kidal
    with Store(db) as store:
        for scope, words in ((ReportScope(story="ffffff"), "no story has this id"),
                             (ReportScope(actor="Nobody Atall"), "no actor"),
                             (ReportScope(story=story_id, place="Gao"), "one of --story, --actor and --place"),
                             (ReportScope(since="2024-13-45"), "not a date")):
            with pytest.raises(WirewatchError, match=words):
                build_report(store, scope)
        with pytest.raises(WirewatchError, match="unknown report format"):
            write_report(store, ReportScope(), "docx")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wirewatch", *args], cwd=cwd, capture_output=True, timeout=300)


def test_cli_report_writes_md_with_map_file_and_pdf(kidal, tmp_path):
    db, story_id = kidal
    res = _cli("report", "--story", story_id[:8], "--format", "md", "-o", "sitrep.md", "--db", db, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    md = (tmp_path / "sitrep.md").read_text("utf-8")
    assert "](sitrep.map.svg)" in md and (tmp_path / "sitrep.map.svg").read_text("utf-8").startswith("<svg")
    assert b"2 disagreement(s)" in res.stderr or b"disagreement(s)" in res.stderr
    res = _cli("report", "--story", story_id, "--format", "pdf", "-o", "sitrep.pdf", "--db", db, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "sitrep.pdf").read_bytes()[:5] == b"%PDF-"
    html = _cli("report", "--place", "Kidal", "--format", "html", "--db", db, cwd=tmp_path)
    assert html.returncode == 0 and html.stdout.startswith(b"<!DOCTYPE html>")


def test_cli_report_errors_are_one_line(kidal, tmp_path):
    db, _ = kidal
    for args, words in ((("--format", "docx"), b"unknown report format"), (("--story", "zzzz"), b"no story"),
                        (("--until", "yesterday"), b"not a date")):
        res = _cli("report", *args, "--db", db, cwd=tmp_path)
        assert res.returncode == 2 and words in res.stderr, res.stderr
        assert b"Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    helped = _cli("report", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and b"--format" in helped.stdout and b"disagree" in helped.stdout


def test_long_source_lists_are_cut_with_a_count_per_outlet():
    from wirewatch.report.render import sources_text

    many = [{"source": f"Wire {'AB'[i % 2]}", "published": "2024-03-12", "title": f"t{i}"} for i in range(9)]
    text = sources_text(many)
    assert text.count("(12 March 2024)") == 5
    assert text.endswith("and 4 more article(s): Wire B 2, Wire A 2")
    assert sources_text(many[:2]) == "Wire A (12 March 2024): t0; Wire B (12 March 2024): t1"
