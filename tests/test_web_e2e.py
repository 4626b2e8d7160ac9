"""The web app end to end: a real uvicorn server on 127.0.0.1 and headless Debian Chromium via Playwright."""

from __future__ import annotations

import pytest

from browser import browser, page, served  # noqa: F401  (fixtures; skips the module without Chromium)
from test_api import EVIL, KHARKIV, XSS_TEXT, fill_store


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("e2e") / "w.db")
    facts = fill_store(db, filler=5)
    with served(db) as base:
        yield base, facts


def test_reader_to_actor_to_event(site, page, tmp_path):
    base, facts = site
    art = facts["wire"].article
    page.goto(f"{base}/articles/{art.id}")
    assert page.locator(".article-text").inner_text() == art.text
    assert page.locator(".article-text .hl.actor").count() == 3
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    page.locator(".article-text a.hl.actor", has_text="Volodymyr Zelensky").click()
    page.wait_for_url(f"**/actors/{facts['zelensky'].id}")
    assert page.locator("h1.actor-name").inner_text() == "Volodymyr Zelensky"
    page.wait_for_selector("#ego[data-ready=true] canvas")
    page.screenshot(path=str(tmp_path / "actor.png"), full_page=True)
    page.locator(".event-row a.etype", has_text="CONSULT").first.click()
    page.wait_for_url("**/events/*")
    assert page.locator("h1.event-title").inner_text().startswith("CONSULT")
    assert page.locator(".evidence").inner_text() == "meeting Austrian envoys"
    assert page.problems == []


def test_every_page_opens(site, page, tmp_path):
    base, _ = site
    for path, heading in [("/", "Overview"), ("/articles", "Articles"), ("/actors", "Actors"),
                          ("/timeline", "Timeline"), ("/search?q=Kharkiv", "Search"), ("/docs", None)]:
        page.goto(base + path)
        if heading:
            assert page.locator("h1").first.inner_text() == heading, path
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    page.goto(f"{base}/timeline")
    assert "2 sources" in page.locator(".tl-event").first.inner_text()
    page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)
    assert page.problems == []


def test_map_shows_basemap_events_and_control(site, page, tmp_path):
    base, _ = site
    page.goto(f"{base}/map?place={KHARKIV.id}")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator(".leaflet-overlay-pane path").count() > 150  # countries + markers
    assert page.locator("#map-controls > li.control").count() == 2
    assert page.locator(".leaflet-tooltip").inner_text().startswith("Kharkiv")
    page.screenshot(path=str(tmp_path / "map.png"))
    page.goto(f"{base}/map?as_of=2021-06-30")
    page.wait_for_selector("#map[data-ready=true]")
    assert [t.splitlines()[0] for t in page.locator("#map-controls > li.control").all_inner_texts()] == [
        "Kharkiv — held — Russia 1 June 2021"]
    assert page.problems == []


def test_network_renders_and_links_to_actors(site, page, tmp_path):
    base, _ = site
    page.goto(f"{base}/network")
    page.wait_for_selector("#network[data-ready=true] canvas")
    assert page.evaluate("window.wirewatchGraph.nodes().length") == 3
    page.screenshot(path=str(tmp_path / "network.png"))
    page.goto(f"{base}/network?type=CONSULT")
    page.wait_for_selector("#network[data-ready=true]")
    assert "No events between actors" in page.locator("#network-status").inner_text()
    assert page.problems == []


def test_xss_article_runs_nothing(site, page, tmp_path):
    base, facts = site
    art = facts["xss"].article
    for path in (f"/articles/{art.id}", f"/actors/{EVIL.id}", "/", "/articles", "/search?q=officials",
                 "/timeline", "/network", "/map"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__xss") == "undefined", path
    page.goto(f"{base}/articles/{art.id}")
    assert page.locator(".article-text").inner_text() == XSS_TEXT
    assert page.locator("h1.article-title").inner_text() == art.title
    assert page.locator(".article-text img, .article-text script, .article-text b").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.screenshot(path=str(tmp_path / "xss.png"), full_page=True)
    assert page.problems == []
