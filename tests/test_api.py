"""The REST API and the pages, through FastAPI's TestClient, over a real SQLite store filled here."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from wirewatch.records import Actor, Article, Control, Event, Extraction, Mention, Place, Quote, Role, TimeExpr, make_id
from wirewatch.resolve.events import resolve_events
from wirewatch.store import Store
from wirewatch.web.api import create_app
from wirewatch.web.command import is_loopback

XSS_TITLE = '<script>window.__xss = 1</script>Evil <img src=x onerror="window.__xss = 2"> headline'
XSS_TEXT = ('Officials said <script>window.__xss = 3</script> and <img src=x onerror=alert(1)> appeared '
            'in the report. Mayor Eve Hacker said "<b onmouseover=alert(2)>hi</b>" to the crowd.')
XSS_URL = "javascript:window.__xss = 4"

KHARKIV = Place(make_id("place", "kharkiv"), "Kharkiv", 49.99, 36.23, "UKR", 706483, "PPLA", "test")
KHERSON = Place(make_id("place", "kherson"), "Kherson", 46.64, 32.61, "UKR", 706448, "PPLA", "test")
VIENNA = Place(make_id("place", "vienna"), "Vienna", 48.21, 16.37, "AUT", 2761369, "PPLC", "test")


def _actor(name: str, kind: str, *aliases: str, roles: tuple[Role, ...] = (), country: str | None = None) -> Actor:
    return Actor(make_id("actor", name), name, kind, country=country, aliases=aliases, roles=roles)


RUSSIA = _actor("Russia", "state", "Russian Federation", "Moscow", country="RUS")
UKRAINE = _actor("Ukraine", "state", "Kyiv", country="UKR")
EVIL = _actor('Eve <img src=x onerror="window.__xss = 5"> Hacker', "person")


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _attack_story(source: str, published: date, lead: str) -> Extraction:
    """An article where Russia attacks Kharkiv, Zelensky speaks and Ukraine takes Kherson back."""
    text = (f"{lead} Russian forces shelled Kharkiv on Monday, regional officials said. "
            "President Volodymyr Zelensky said \"We will rebuild every house\" after meeting Austrian envoys "
            "in Vienna. Ukraine retook Kherson, the army said.")
    art = Article.create(text, title=f"{source}: Kharkiv shelled", source=source, url=f"https://{source}.example/a",
                         published=published, language="en")
    zel = _actor("Volodymyr Zelensky", "person", "Zelensky", "Zelenskyy",
                 roles=(Role("President", "Ukraine", "UKR", art.id, str(published), *_span(text, "President")),))
    mentions = [
        Mention(art.id, *_span(text, "Russian"), "Russian", "NORP", "state", actor_id=RUSSIA.id),
        Mention(art.id, *_span(text, "Kharkiv"), "Kharkiv", "GPE", "place", place_id=KHARKIV.id),
        Mention(art.id, *_span(text, "Volodymyr Zelensky"), "Volodymyr Zelensky", "PERSON", "person",
                actor_id=zel.id),
        Mention(art.id, *_span(text, "Vienna"), "Vienna", "GPE", "place", place_id=VIENNA.id),
        Mention(art.id, *_span(text, "Ukraine"), "Ukraine", "GPE", "state", actor_id=UKRAINE.id),
        Mention(art.id, *_span(text, "Kherson"), "Kherson", "GPE", "place", place_id=KHERSON.id),
        Mention(art.id, *_span(text, "Austrian"), "Austrian", "NORP", "other"),
    ]
    q_start, q_end = _span(text, "We will rebuild every house")
    quote = Quote(make_id("quote", art.id, q_start), art.id, q_start, q_end, "We will rebuild every house",
                  "President Volodymyr Zelensky", *_span(text, "President Volodymyr Zelensky"), zel.id, True, "said")
    attack = Event(make_id("event", art.id, "attack"), art.id, *_span(text, "Russian forces shelled Kharkiv"),
                   "ASSAULT", "195", "shelling", (RUSSIA.id,), (UKRAINE.id,), KHARKIV.id, "2021-07-05", "day")
    meet = Event(make_id("event", art.id, "meet"), art.id, *_span(text, "meeting Austrian envoys"), "CONSULT",
                 "040", None, (zel.id,), (), VIENNA.id, "2021-07-06", "day", "happened")
    retake = Event(make_id("event", art.id, "retake"), art.id, *_span(text, "Ukraine retook Kherson"), "ASSAULT",
                   None, None, (UKRAINE.id,), (RUSSIA.id,), KHERSON.id, "2021-07-07", "day")
    controls = [Control(art.id, *_span(text, "Ukraine retook Kherson"), KHERSON.id, UKRAINE.id, "taken",
                        "2021-07-07")]
    times = [TimeExpr(art.id, *_span(text, "Monday"), "Monday", "2021-07-05", "day")]
    return Extraction(art, mentions, [RUSSIA, UKRAINE, zel], [quote], [KHARKIV, KHERSON, VIENNA], times,
                      [attack, meet, retake], controls)


def _xss_story() -> Extraction:
    art = Article.create(XSS_TEXT, title=XSS_TITLE, source="<i>evil</i>", url=XSS_URL,
                         published=date(2021, 7, 8), language="en")
    q = _span(XSS_TEXT, "<b onmouseover=alert(2)>hi</b>")
    quote = Quote(make_id("quote", art.id, q[0]), art.id, *q, XSS_TEXT[q[0]:q[1]], "Mayor Eve Hacker",
                  *_span(XSS_TEXT, "Eve Hacker"), EVIL.id, True, "said")
    mentions = [Mention(art.id, *_span(XSS_TEXT, "Eve Hacker"), "Eve Hacker", "PERSON", "person", actor_id=EVIL.id),
                Mention(art.id, *_span(XSS_TEXT, "<script>"), "<script>", "ORG", "organization")]
    hold = Control(art.id, 0, 9, KHARKIV.id, RUSSIA.id, "held", "2021-06-01")
    event = Event(make_id("event", art.id, "xss"), art.id, *_span(XSS_TEXT, "appeared"), "PROTEST", None, None,
                  (EVIL.id,), (RUSSIA.id,), None, "2021-07-08", "day")
    return Extraction(art, mentions, [EVIL, RUSSIA], [quote], [KHARKIV], [], [event], [hold])


def fill_store(db: str, filler: int = 30) -> dict:
    """A store with two reports of one attack, a third story, an XSS article and ``filler`` plain articles."""
    stories = [_attack_story("wire", date(2021, 7, 6), "Overnight,"),
               _attack_story("daily", date(2021, 7, 7), "On Tuesday,"),
               _xss_story()]
    plain = [Article.create(f"Filler story {i} about grain exports and harbour traffic number {i}.",
                            title=f"Filler {i:02d}", source="filler" if i % 2 else "other",
                            published=date(2021, 1, 1 + i % 28), language="en" if i % 5 else "de")
             for i in range(filler)]
    with Store(db) as store:
        store.add_articles([x.article for x in stories] + plain)
        store.save_extractions(stories)
        resolve_events(store, stories)
    zel = next(a for a in stories[0].actors if a.name == "Volodymyr Zelensky")
    return {"wire": stories[0], "daily": stories[1], "xss": stories[2], "zelensky": zel, "filler": filler}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("api") / "w.db")
    facts = fill_store(db)
    with TestClient(create_app(db)) as client:
        yield client, facts


def _ok(client: TestClient, url: str) -> dict:
    res = client.get(url)
    assert res.status_code == 200, res.text
    return res.json()


def test_articles_paginate_with_total(world):
    client, facts = world
    everything = facts["filler"] + 3
    first = _ok(client, "/api/articles?limit=10")
    second = _ok(client, "/api/articles?limit=10&offset=10")
    assert first["total"] == second["total"] == everything
    assert len(first["items"]) == 10 and (first["limit"], second["offset"]) == (10, 10)
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    assert first["items"][0]["published"] == "2021-07-08"
    assert "text" not in first["items"][0]


def test_articles_filters(world):
    client, _ = world
    assert _ok(client, "/api/articles?search=shelled")["total"] == 2
    assert _ok(client, "/api/articles?search=grain&source=filler")["total"] == 15
    assert _ok(client, "/api/articles?language=de")["total"] == 6
    dated = _ok(client, "/api/articles?since=2021-07-01&until=2021-07-07")
    assert {a["source"] for a in dated["items"]} == {"wire", "daily"}
    assert _ok(client, '/api/articles?search="unbalanced AND (')["total"] == 0


def test_one_article_with_its_facts(world):
    client, facts = world
    art = facts["wire"].article
    got = _ok(client, f"/api/articles/{art.id[:8]}")
    assert got["id"] == art.id and got["text"] == art.text
    assert len(got["mentions"]) == 7 and len(got["quotes"]) == 1 and len(got["timexes"]) == 1
    attack = next(e for e in got["events"] if e["event_type"] == "ASSAULT" and e["place"]["name"] == "Kharkiv")
    assert [a["name"] for a in attack["sources"]] == ["Russia"]
    assert got["actors"][facts["zelensky"].id]["name"] == "Volodymyr Zelensky"
    assert got["places"][KHERSON.id]["lat"] == pytest.approx(46.64)


def test_actors_list_and_search(world):
    client, facts = world
    people = _ok(client, "/api/actors?kind=person")
    assert {a["name"] for a in people["items"]} == {"Volodymyr Zelensky", EVIL.name}
    assert _ok(client, "/api/actors?search=zelenskyy")["items"][0]["id"] == facts["zelensky"].id
    assert _ok(client, "/api/actors?search=Federation")["items"][0]["name"] == "Russia"
    page = _ok(client, "/api/actors?limit=2&offset=2")
    assert page["total"] == 4 and len(page["items"]) == 2


def test_one_actor(world):
    client, facts = world
    zel = _ok(client, f"/api/actors/{facts['zelensky'].id}")
    assert {"Zelensky", "Zelenskyy", "Volodymyr Zelensky"} <= set(zel["aliases"])
    assert [r["title"] for r in zel["roles"]] == ["President", "President"]
    assert [r["date"] for r in zel["roles"]] == ["2021-07-06", "2021-07-07"]
    assert zel["quotes"]["total"] == 2 and zel["events_as_source"]["total"] == 2
    assert zel["events_as_target"]["total"] == 0
    assert {r["name"] for r in zel["related"]} == {"Russia", "Ukraine"}
    russia = _ok(client, f"/api/actors/{RUSSIA.id}")
    assert russia["events_as_source"]["total"] == 2 and russia["events_as_target"]["total"] == 3


def test_quotes_by_about_search_since(world):
    client, facts = world
    zid = facts["zelensky"].id
    assert _ok(client, f"/api/quotes?by={zid}")["total"] == 2
    assert _ok(client, f"/api/quotes?about={EVIL.id}")["total"] == 0
    assert _ok(client, "/api/quotes?search=rebuild")["total"] == 2
    since = _ok(client, "/api/quotes?since=2021-07-07")
    assert {q["source"] for q in since["items"]} == {"daily", "<i>evil</i>"}
    assert since["items"][-1]["speaker"]["name"] == "Volodymyr Zelensky"


def test_events_filters(world):
    client, facts = world
    assert _ok(client, "/api/events")["total"] == 7
    assert _ok(client, "/api/events?type=ASSAULT")["total"] == 4
    assert _ok(client, f"/api/events?actor={RUSSIA.id}&role=target")["total"] == 3
    assert _ok(client, f"/api/events?actor={RUSSIA.id}&role=source")["total"] == 2
    assert _ok(client, f"/api/events?place={KHARKIV.id}")["total"] == 2
    assert _ok(client, "/api/events?since=2021-07-06&until=2021-07-06")["total"] == 2
    assert _ok(client, "/api/events?status=planned")["total"] == 0
    page = _ok(client, "/api/events?limit=3&offset=6")
    assert len(page["items"]) == 1


def test_one_event_lists_every_report(world):
    client, facts = world
    attack = next(e for e in facts["wire"].events if e.event_type == "ASSAULT")
    got = _ok(client, f"/api/events/{attack.id}")
    assert got["evidence"] == "Russian forces shelled Kharkiv"
    assert {r["source"] for r in got["reports"]} == {"wire", "daily"}


def test_timeline_groups_reports_with_corroboration(world):
    client, _ = world
    line = _ok(client, "/api/timeline")
    assert line["total"] == 4
    first = line["items"][0]
    assert (first["day"], first["event_type"], first["corroboration"]) == ("2021-07-05", "ASSAULT", 2)
    assert first["report_sources"] == ["daily", "wire"]
    assert [e["day"] for e in line["items"]] == sorted(e["day"] for e in line["items"])
    assert _ok(client, f"/api/timeline?place={VIENNA.id}")["items"][0]["event_type"] == "CONSULT"
    assert _ok(client, "/api/timeline?type=PROTEST")["items"][0]["corroboration"] == 1


def test_places_controls_and_map(world):
    client, _ = world
    places = _ok(client, "/api/places")
    assert [p["name"] for p in places["items"]] == ["Kharkiv", "Kherson", "Vienna"]
    assert places["items"][0]["events"] == 2
    assert _ok(client, "/api/places?search=vien")["total"] == 1
    claims = _ok(client, "/api/controls")
    assert claims["total"] == 3 and claims["items"][0]["controller_name"] == "Ukraine"
    assert _ok(client, "/api/controls?as_of=2021-06-30")["total"] == 1
    before = _ok(client, "/api/map?as_of=2021-06-30")
    assert [(c["place_name"], c["controller_name"]) for c in before["controls"]] == [("Kharkiv", "Russia")]
    after = _ok(client, "/api/map")
    assert {(c["place_name"], c["controller_name"]) for c in after["controls"]} == {
        ("Kherson", "Ukraine"), ("Kharkiv", "Russia")}
    assert {p["name"]: p["events"] for p in after["events"]} == {"Kharkiv": 2, "Kherson": 2, "Vienna": 2}


def test_graph_weights_edges_by_event_count(world):
    client, _ = world
    graph = _ok(client, "/api/graph")
    edges = {(e["source"], e["target"]): e["weight"] for e in graph["edges"]}
    # two articles report the same attack and the same retaking: one event each, so weight 1, not 2
    assert edges[(RUSSIA.id, UKRAINE.id)] == 1 and edges[(UKRAINE.id, RUSSIA.id)] == 1
    assert edges[(EVIL.id, RUSSIA.id)] == 1
    only = _ok(client, "/api/graph?type=PROTEST")
    assert {n["name"] for n in only["nodes"]} == {"Russia", EVIL.name}


def test_search_and_stats(world):
    client, _ = world
    found = _ok(client, "/api/search?q=rebuild")
    assert found["quotes"]["total"] == 2 and found["actors"]["total"] == 0
    assert _ok(client, "/api/search?q=Zelensky")["actors"]["items"][0]["name"] == "Volodymyr Zelensky"
    stats = _ok(client, "/api/stats")
    assert stats["counts"]["articles"] == 33
    assert {t["event_type"]: t["events"] for t in stats["event_types"]} == {"ASSAULT": 4, "CONSULT": 2, "PROTEST": 1}


@pytest.mark.parametrize("url, status", [
    ("/api/articles/ffffffffffff", 404), ("/api/actors/nope", 404), ("/api/events/nope", 404),
    ("/api/nothing", 404), ("/api/articles?limit=0", 422), ("/api/articles?since=yesterday", 422),
    ("/api/events?role=bystander", 422), ("/api/search", 422),
])
def test_errors_have_one_shape(world, url, status):
    client, _ = world
    res = client.get(url)
    assert res.status_code == status
    error = res.json()["error"]
    assert error["status"] == status and isinstance(error["message"], str) and error["message"]


def test_crash_is_a_json_500_with_headers(tmp_path, monkeypatch):
    from wirewatch import query

    db = str(tmp_path / "w.db")
    Store(db).close()

    def boom(store):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(query, "web_stats", boom)
    with TestClient(create_app(db)) as client:
        res = client.get("/api/stats")
    assert res.status_code == 500
    assert res.json() == {"error": {"status": 500, "message": "internal error (RuntimeError)"}}
    assert "default-src 'self'" in res.headers["content-security-policy"]


def test_empty_store_pages_and_endpoints(tmp_path):
    db = str(tmp_path / "empty.db")
    Store(db).close()
    with TestClient(create_app(db)) as client:
        for url in ("/", "/articles", "/actors", "/timeline", "/map", "/network", "/search?q=x"):
            assert client.get(url).status_code == 200, url
        assert _ok(client, "/api/graph") == {"nodes": [], "edges": [], "total_edges": 0}
        assert _ok(client, "/api/timeline")["total"] == 0
        assert "No events extracted yet" in client.get("/timeline").text


def test_security_headers_on_pages_api_and_static(world):
    client, _ = world
    for url in ("/", "/api/stats", "/static/app.css", "/docs", "/api/nothing"):
        res = client.get(url)
        csp = res.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert res.headers["x-content-type-options"] == "nosniff"


def test_docs_are_served_offline(world):
    client, _ = world
    page = client.get("/docs").text
    assert "//" not in page.replace("<!doctype", "")
    for src in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert client.get(src).status_code == 200, src
    assert "/api/articles" in _ok(client, "/openapi.json")["paths"]


def test_pages_render(world):
    client, facts = world
    event = facts["wire"].events[0]
    for url in ("/", "/articles?search=shelled", f"/articles/{facts['wire'].article.id}",
                "/actors?kind=state", f"/actors/{facts['zelensky'].id}", f"/events/{event.id}",
                "/timeline?actor=Zelensky", f"/timeline?place={KHARKIV.id}", "/map", "/network?type=ASSAULT",
                "/search?q=Kharkiv"):
        res = client.get(url)
        assert res.status_code == 200, url
        assert "<script>" not in res.text and 'src="http' not in res.text
    reader = client.get(f"/articles/{facts['wire'].article.id}").text
    assert f'href="/actors/{facts["zelensky"].id}"' in reader and f'href="/events/{event.id}"' in reader
    assert client.get("/articles?offset=20").text.count('class="article-row"') == 13
    missing = client.get("/actors/nope", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "no stored actor" in missing.text


def test_xss_article_is_escaped_everywhere(world):
    client, facts = world
    art = facts["xss"].article
    page = client.get(f"/articles/{art.id}").text
    assert "<script>window.__xss" not in page and "<img src=x" not in page and "<b onmouseover" not in page
    assert "window.__xss = 3&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript' not in page and '<span class="muted source-url">javascript:window.__xss = 4<' in page
    for url in ("/", "/articles", "/search?q=Officials", f"/actors/{EVIL.id}", "/timeline", "/actors"):
        body = client.get(url).text
        assert "<script>window" not in body and "<img src=x" not in body and "<i>evil</i>" not in body, url
    got = _ok(client, f"/api/articles/{art.id}")
    assert got["title"] == XSS_TITLE and got["url"] == XSS_URL


def test_token_required_when_set(tmp_path):
    db = str(tmp_path / "w.db")
    Store(db).close()
    with TestClient(create_app(db, token="s3cret")) as client:
        assert client.get("/api/stats").status_code == 401
        assert client.get("/api/stats").json()["error"]["status"] == 401
        assert client.get("/static/app.css").status_code == 401
        assert client.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/stats", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert client.get("/?token=wrong", follow_redirects=False).status_code == 401
        login = client.get("/?token=s3cret", follow_redirects=False)
        assert login.status_code == 303 and login.headers["location"] == "/"
        assert "httponly" in login.headers["set-cookie"].lower()
        assert client.get("/api/stats").status_code == 200
        assert client.get("/").status_code == 200


def test_serve_needs_a_token_beyond_loopback():
    from typer.testing import CliRunner
    import typer

    from wirewatch.web.command import serve

    app = typer.Typer()
    app.command()(serve)
    app.command("noop")(lambda: None)
    res = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"], env={"WIREWATCH_TOKEN": ""})
    assert res.exit_code != 0 and "needs --token" in str(res.exception)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")


def test_control_layer_stories_and_disagreements_endpoints(world):
    client, _ = world
    layer = _ok(client, "/api/control")
    kherson = next(p for p in layer["places"] if p["place_name"] == "Kherson")
    assert kherson["controller_name"] == "Ukraine" and not kherson["contested"]
    assert kherson["claims"][0]["evidence"] == "Ukraine retook Kherson" and kherson["claims"][0]["source"]
    assert layer["dates"] == sorted(layer["dates"]) and "2021-06-01" in layer["dates"]
    assert [p["place_name"] for p in _ok(client, "/api/control?as_of=2021-06-30")["places"]] == ["Kharkiv"]
    assert _ok(client, "/api/disagreements")["total"] == 0  # the two reports of the attack agree
    assert _ok(client, "/api/stories")["items"] == []  # fill_store assigns no stories
    assert client.get("/api/stories/ffffffffffffffff").status_code == 404


def test_timeline_page_uses_period_labels_and_names(world):
    client, facts = world
    html = client.get("/timeline", headers={"accept": "text/html"}).text
    assert "5 July 2021" in html and "2021-07-05</h2>" not in html
    events = _ok(client, "/api/timeline")["items"]
    assert {e["when"] for e in events} >= {"5 July 2021", "6 July 2021"}


def test_actor_corrections_from_the_page(tmp_path):
    db = str(tmp_path / "c.db")
    fill_store(db, filler=0)
    with TestClient(create_app(db, token="s3cret", cache_seconds=0)) as client:
        assert client.post(f"/actors/{UKRAINE.id}/merge", data={"other": "Russia"}).status_code == 401
        client.get("/?token=s3cret", follow_redirects=False)  # the login cookie, as the browser keeps it
        foreign = client.post(f"/actors/{UKRAINE.id}/merge", data={"other": "Russia"},
                              headers={"origin": "http://evil.example", "accept": "text/html"})
        assert foreign.status_code == 403
        merged = client.post(f"/actors/{UKRAINE.id}/merge", data={"other": "Russia"}, follow_redirects=False)
        assert merged.status_code == 303 and merged.headers["location"] == f"/actors/{UKRAINE.id}?done=merged"
        assert client.get(f"/actors/{RUSSIA.id}", follow_redirects=False).headers["location"] == f"/actors/{UKRAINE.id}"
        page = client.get(f"/actors/{UKRAINE.id}", headers={"accept": "text/html"}).text
        assert f'value="{RUSSIA.id}"> Russia' in page  # offered for a split
        split = client.post(f"/actors/{UKRAINE.id}/split", data={"member": RUSSIA.id}, follow_redirects=False)
        assert split.status_code == 303 and split.headers["location"] == f"/actors/{RUSSIA.id}?done=split"
        assert client.get(f"/api/actors/{RUSSIA.id}").json()["merged_into"] in (None, RUSSIA.id)
        assert client.get(f"/actors/{RUSSIA.id}", follow_redirects=False).status_code == 200
