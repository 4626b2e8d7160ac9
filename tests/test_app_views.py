"""The analyst's app on the two seed articles (real pipeline, real SQLite, real uvicorn, Debian Chromium).

One served store per module: the seeds ingested as `make run` does, plus two written reports of one attack
that disagree on how many were hurt and a place two outlets give to different controllers on the same day.
Each page gets a screenshot under tests/screenshots/ (gitignored) for a reviewer to look at.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from browser import browser, page, served  # noqa: F401  (fixtures; skips the module without Chromium)
from wirewatch import query
from wirewatch.records import Actor, Article, Control, Event, Extraction, Mention, Place, make_id
from wirewatch.resolve.events import resolve_events
from wirewatch.run.local import ingest
from wirewatch.settings import Settings
from wirewatch.store import Store, reads

SHOTS = Path(__file__).parent / "screenshots"
HEX_ID = re.compile(r"\b[0-9a-f]{16}\b")
BRELIK = Place(make_id("place", "test-brelik"), "Brelik", 47.10, 37.55, "UKR", None, "PPL", "test")
KARVELIA = Actor(make_id("actor", "test-karvelia"), "Karvelia", "state", country="KRV")
OSTRAVIA = Actor(make_id("actor", "test-ostravia"), "Ostravia", "state", country="OST")


def _report(outlet: str, quantity: str, holder: Actor) -> Extraction:
    """An outlet's report of Karvelia shelling Brelik, with its count of wounded and who holds the town."""
    text = (f"Karvelia shelled Brelik on Monday, wounding {quantity}, {outlet} reported. "
            f"The town is held by {holder.name}, officials said.")
    art = Article.create(text, title=f"Brelik shelled ({outlet})", source=outlet, published=date(2021, 7, 6),
                         language="en")
    at = text.index
    shelled = Event(make_id("event", art.id, "shell"), art.id, 0, at(" on Monday"), "ASSAULT", "195", "shelling",
                    (KARVELIA.id,), (OSTRAVIA.id,), BRELIK.id, "2021-07-05", "day", "happened", quantity, 0.8)
    mentions = [Mention(art.id, 0, 8, "Karvelia", "GPE", "state", actor_id=KARVELIA.id),
                Mention(art.id, at("Brelik"), at("Brelik") + 6, "Brelik", "GPE", "place", place_id=BRELIK.id),
                Mention(art.id, at(holder.name), at(holder.name) + len(holder.name), holder.name, "GPE", "state",
                        actor_id=holder.id)]
    held = Control(art.id, at("The town"), at(", officials"), BRELIK.id, holder.id, "held", "2021-07-06", 0.7)
    return Extraction(art, mentions, [KARVELIA, OSTRAVIA], [], [BRELIK], [], [shelled], [held])


@pytest.fixture(scope="module")
def site(tmp_path_factory, seeds_dir):
    db = str(tmp_path_factory.mktemp("app") / "w.db")
    ingest([str(seeds_dir)], Settings(db=db), published=date(2021, 7, 9))
    written = [_report("Sahel Wire", "12 people", OSTRAVIA), _report("Desert Courier", "40 people", KARVELIA)]
    with Store(db) as store:
        store.add_articles([x.article for x in written])
        store.save_extractions(written)
        resolve_events(store, written)
    SHOTS.mkdir(exist_ok=True)
    with served(db, cache_seconds=0) as base:
        yield base, db


def _actor_id(db: str, name: str) -> str:
    with Store(db) as store:
        found = query.find_actor(store, name)
    assert found, name
    return found.get("merged_into") or found["id"]


def _no_ids(page, where: str) -> None:
    shown = page.locator("body").inner_text()
    assert not HEX_ID.findall(shown), f"{where}: record ids shown as text: {HEX_ID.findall(shown)[:5]}"


def test_network_has_one_node_per_resolved_actor(site, page):
    base, db = site
    page.goto(f"{base}/network")
    page.wait_for_selector("#network[data-ready=true] canvas")
    names = page.evaluate("window.wirewatchGraph.nodes().map((n) => n.data('name'))")
    with Store(db) as store:
        lists = reads.merged_event_actor_lists(store)
        canon = {i: n["id"] for i, n in reads.actor_names(store, [a for p in lists for ids in p for a in ids]).items()}
    pairs = {(canon[s], canon[t]) for src, tgt in lists for s in src for t in tgt if canon[s] != canon[t]}
    linked = {a for pair in pairs for a in pair}
    assert len(names) == len(linked) == len(set(names))
    assert names.count("Nikolai Patrushev") == 1 and names.count("Hamdullah Mokhib") == 1
    edges = page.evaluate("window.wirewatchGraph.edges().map((e) => [e.source().data('name'), e.target().data('name')])")
    meetings = [e for e in edges if set(e) == {"Nikolai Patrushev", "Hamdullah Mokhib"}]
    assert len(meetings) == 1, "the meeting reported by both articles is one edge"
    page.screenshot(path=str(SHOTS / "network.png"))
    assert page.problems == []


def test_timeline_shows_precision_labels_and_keeps_background_apart(site, page):
    base, _ = site
    page.goto(f"{base}/timeline")
    main = page.locator("main > ol.timeline")
    labels = main.locator("h2.when").all_inner_texts()
    assert "week of 28 June 2021" in labels and "8 July 2021" in labels
    assert labels.index("week of 28 June 2021") < labels.index("1 July 2021") < labels.index("8 July 2021")
    shown = main.inner_text()
    assert "1980s" not in shown and "March 2020" not in shown and "1980-01-01" not in shown
    kabulov = main.locator(".tl-event", has_text="Zamir Kabulov")
    assert kabulov.count() >= 1 and "CONSULT" in kabulov.first.inner_text()
    background = page.locator("#background")
    background.locator("summary").click()
    assert "1980s" in background.inner_text() and "March 2020" in background.inner_text()
    _no_ids(page, "/timeline")
    page.screenshot(path=str(SHOTS / "timeline.png"), full_page=True)
    assert page.problems == []


def test_headline_is_the_title_and_the_dateline_is_split_off(site, page):
    base, db = site
    page.goto(f"{base}/articles")
    titles = page.locator(".article-row a.title").all_inner_texts()
    assert "As Afghanistan loses control of its borders, Russia, China, and Iran intensify their talks." in titles
    with Store(db) as store:
        moscow = next(a for a in store.get_articles([r["id"] for r in store.rows("articles")])
                      if a.dateline)
    assert moscow.dateline == "MOSCOW" and moscow.text.startswith("We've just witnessed")
    # no headline: a short title from the first sentence, marked as made that way, never "(untitled)"
    assert "(untitled)" not in titles and moscow.title_derived
    assert moscow.title.startswith("We've just witnessed several days") and len(moscow.title.split()) <= 16
    page.goto(f"{base}/articles/{moscow.id}")
    assert page.locator(".dateline").inner_text() == "Moscow"
    assert page.locator(".article-text").inner_text().startswith("We've just witnessed")
    assert page.locator("h1.article-title").inner_text() == moscow.title and page.locator(".title-derived").count() == 1
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)


def test_organisation_country_comes_from_the_article_not_from_its_name(site):
    _, db = site
    with Store(db) as store:
        center = query.find_actor(store, "Center for Post-Soviet Studies")
        committee = query.find_actor(store, "State National Security Committee")
    assert center and center["country"] != "SUN"
    assert committee and committee["country"] == "TJK"  # "… of Tajikistan" in the article


def test_story_list_and_page(site, page):
    base, _ = site
    page.goto(f"{base}/stories")
    assert page.locator("h1").inner_text() == "Stories"
    page.screenshot(path=str(SHOTS / "stories.png"), full_page=True)
    page.locator("table.stories td:first-child a").first.click()
    page.wait_for_url("**/stories/*")
    page.wait_for_selector("#story-map[data-ready=true]")
    rows = page.locator(".story-articles li")
    assert rows.count() == 2
    assert all("why it joined:" in t for t in rows.all_inner_texts())
    assert page.locator(".story-actors", has_text="Nikolai Patrushev").count() == 1
    assert "week of 28 June 2021" in page.locator("main").inner_text()
    assert page.locator(".quote-row").count() >= 1
    assert page.locator("#story-map .leaflet-overlay-pane path").count() > 150
    _no_ids(page, "story page")
    page.screenshot(path=str(SHOTS / "story.png"), full_page=True)
    assert page.problems == []


def test_map_control_layer_slider_evidence_and_contested_places(site, page):
    base, _ = site
    page.goto(f"{base}/map")
    page.wait_for_selector("#map[data-ready=true]")
    brelik = page.locator("#map-controls > li.control", has_text="Brelik")
    assert "contested" in brelik.get_attribute("class")
    assert "Ostravia (Sahel Wire) vs Karvelia (Desert Courier)" in brelik.inner_text() or \
        "Karvelia (Desert Courier) vs Ostravia (Sahel Wire)" in brelik.inner_text()
    assert page.locator(".leaflet-overlay-pane path.contested").count() == 1
    # a DOM click on the marker itself: a mouse click at its centre can land elsewhere while the map still pans
    page.locator(".leaflet-overlay-pane path.contested").dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "The town is held by Ostravia" in popup.inner_text() and "Sahel Wire" in popup.inner_text()
    assert "confidence" in popup.inner_text()
    assert "not scored" not in popup.inner_text()
    page.locator(".leaflet-overlay-pane path.held").first.dispatch_event("click")  # a claim the extractor found
    found = page.locator(".leaflet-popup-content").filter(has_not_text="Brelik").first
    found.wait_for()
    scored = found.inner_text()
    assert re.search(r"confidence (0\.\d\d|1\.00)", scored) and "not scored" not in scored, scored
    page.screenshot(path=str(SHOTS / "map.png"))
    slider = page.locator("#as-of-slider")
    slider.evaluate("(s) => { s.value = '0'; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }")
    page.wait_for_selector("#map[data-ready=true][data-as-of='2021-07-06']")
    assert page.locator("#as-of-label").inner_text() == "2021-07-06"
    assert page.locator("#map-controls > li.control").all_inner_texts()[0].startswith("Brelik")
    assert page.locator("#map-controls > li.control", has_text="Taliban").count() == 0  # claimed on 9 July
    _no_ids(page, "/map")
    assert page.problems == []


def test_where_sources_disagree(site, page):
    base, _ = site
    page.goto(f"{base}/disagreements")
    event = page.locator("li.disputed", has_text="Brelik")
    assert event.count() == 1
    text = event.inner_text()
    assert "how many" in text and "12 people" in text and "40 people" in text
    assert "according to Sahel Wire" in text and "according to Desert Courier" in text
    assert "Karvelia shelled Brelik" in text  # each side's evidence
    _no_ids(page, "/disagreements")
    page.screenshot(path=str(SHOTS / "disagreements.png"), full_page=True)
    assert page.problems == []


def test_actor_page_roles_aliases_relations_and_corrections(site, page):
    base, db = site
    patrushev = _actor_id(db, "Nikolai Patrushev")
    page.goto(f"{base}/actors/{patrushev}")
    assert page.locator("h1.actor-name").inner_text() == "Nikolai Patrushev"
    assert "Nikolay Patrushev" in page.locator(".aliases").inner_text()
    roles = page.locator(".roles li").all_inner_texts()
    assert roles and any("Secretary" in r for r in roles) and all(re.match(r"\d{1,2} \w+ \d{4}", r) for r in roles)
    assert page.locator(".related a", has_text="Hamdullah Mokhib").count() == 1
    assert page.locator(".related a", has_text="Hamdullah Mohib").count() == 0  # the other spelling is the same actor
    assert page.locator("form.split input[name=member]").count() >= 1
    assert page.locator("form.merge input[name=other]").count() == 1
    _no_ids(page, "actor page")
    page.screenshot(path=str(SHOTS / "actor.png"), full_page=True)
    page.goto(f"{base}/actors/{_actor_id(db, 'Zamir Kabulov')}")
    assert "CONSULT" in page.locator("main").inner_text()
    _no_ids(page, "Kabulov's page")
    assert page.problems == []


def test_main_content_is_server_rendered_without_javascript(site, browser):
    base, db = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for path, expect in [("/timeline", "week of 28 June 2021"), ("/disagreements", "40 people"),
                             ("/stories", "2021-07-09"), ("/map", "contested"),
                             (f"/actors/{_actor_id(db, 'Nikolai Patrushev')}", "Nikolay Patrushev"),
                             ("/network", "actors and"), ("/", "Overview")]:
            page.goto(base + path)
            assert expect in page.locator("main").inner_text(), path
            _no_ids(page, path)
        page.screenshot(path=str(SHOTS / "no-javascript-home.png"))
    finally:
        context.close()


def test_report_and_cli_tables_use_names_and_periods(site):
    from typer.testing import CliRunner

    from wirewatch.cli import app
    from wirewatch.report import ReportScope, build_report, render_report

    _, db = site
    with Store(db) as store:
        markdown = render_report(build_report(store, ReportScope()), "md")
    assert "week of 28 June 2021" in markdown and "1980s" in markdown and "Zamir Kabulov" in markdown
    assert not HEX_ID.findall(markdown) and not re.search(r"\d{4}-\d\d-\d\d \|", markdown)
    result = CliRunner().invoke(app, ["timeline", "--db", db], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "1980s" in result.output and "week of 28 June 2021" in result.output
    assert "Zamir Kabulov" in result.output and not HEX_ID.findall(result.output)
    quotes = CliRunner().invoke(app, ["quotes", "--db", db, "--limit", "200"], env={"COLUMNS": "250"})
    assert quotes.exit_code == 0, quotes.output
    assert "Zamir Kabulov" in quotes.output and "Zamir Kabulov, director" not in quotes.output  # the resolved name


def test_no_page_shows_a_record_id_as_text(site, page):
    base, db = site
    with Store(db) as store:
        article_id = next(r["id"] for r in store.rows("articles") if r["dateline"])
        event_id = next(r["id"] for r in store.rows("events") if r["event_type"] == "CONSULT")
    for path, shot in [("/", "home"), ("/articles", "articles"), ("/actors", "actors"), (f"/events/{event_id}", "event"),
                       (f"/articles/{article_id}", None), ("/search?q=Patrushev", "search")]:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        _no_ids(page, path)
        if shot:
            page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    assert page.problems == []


def test_a_disagreement_needs_two_articles(site, page):
    """Both sides of a disagreement from one article is that report being unsure: listed apart, not as sources
    disagreeing."""
    base, db = site
    with Store(db) as store:
        uncertain = query.uncertain_events(store)
    page.goto(f"{base}/disagreements")
    for event in page.locator("li.disputed").all():
        articles = {a.get_attribute("href") for a in event.locator(".evidence + .meta a").all()}
        assert len(articles) >= 2, event.inner_text()
    assert page.locator("li.disputed", has_text="Brelik").count() == 1
    assert page.locator("li.uncertain").count() == len(uncertain)
    for e in uncertain:
        assert page.locator("li.disputed", has_text=e["event_type"]).count() == 0
        assert page.locator("li.uncertain", has_text=e["event_type"]).count() >= 1
    _no_ids(page, "/disagreements")
    assert page.problems == []


def test_actor_kind_counts_are_resolved_actors(site):
    _, db = site
    with Store(db) as store:
        kinds = {k["kind"]: k["actors"] for k in query.web_stats(store)["actor_kinds"]}
        for kind, n in kinds.items():
            assert n == query.actors_page(store, kind=kind, limit=1)["total"], kind
        assert sum(kinds.values()) == len(list(store.rows("actors"))) - reads.merged_away_count(store)
