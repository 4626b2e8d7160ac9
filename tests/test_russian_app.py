"""Russian articles in the app and the exports: the reader highlights their facts, actors show their Latin
name with the Cyrillic form beside, search finds them in either script and any case, and every exported
fact says the language it was read in."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("natasha")

FIXTURES = Path(__file__).parent / "fixtures" / "ru"


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    from wirewatch.run.local import ingest
    from wirewatch.settings import load_settings
    from wirewatch.store import Store

    tmp = tmp_path_factory.mktemp("ru_app")
    folder = tmp / "news"
    folder.mkdir()
    for name, source in (("meeting_ru", "Kommersant"), ("meeting_en", "Wire English")):
        title, _, rest = (FIXTURES / f"{name}.txt").read_text("utf-8").partition("\n\n")
        (folder / f"{name}.md").write_text(f"---\ntitle: {title}\npublished: 2021-07-09\nsource: {source}\n---\n{rest}",
                                           "utf-8")
    settings = load_settings(db=str(tmp / "w.db"))
    ingest([str(folder)], settings)
    with Store(settings.db) as store:
        ru = next(r["id"] for r in store.rows("articles") if r["language"] == "ru")
    return settings.db, ru


@pytest.fixture(scope="module")
def client(pair):
    from fastapi.testclient import TestClient

    from wirewatch.web.api import create_app

    with TestClient(create_app(pair[0], cache_seconds=0)) as c:
        yield c


def test_the_reader_highlights_a_russian_articles_facts(pair, client):
    html = client.get(f"/articles/{pair[1]}").text
    kinds = set(re.findall(r'class="hl ([a-z ]+)"', html.split('class="article-text"', 1)[1]))
    found = {k for ks in kinds for k in ks.split()}
    assert {"actor", "place", "time", "quote", "event"} <= found, found
    assert "Николай Патрушев</a>" in html and "Мы готовы" in html


def test_actors_show_the_latin_name_with_the_cyrillic_form_beside(pair, client):
    html = client.get(f"/articles/{pair[1]}").text
    assert re.search(r'>[^<]*Patrushev</a> <span class="native"[^>]*>Николай Патрушев</span>', html), \
        re.findall(r"[^>]*Patrushev[^<]*", html)
    listing = client.get("/actors", params={"search": "Патрушев"}).text
    assert re.search(r'Patrushev</a> <span class="native"', listing)


@pytest.mark.parametrize("term", ["Патрушев", "патрушев", "ПАТРУШЕВ", "николай патрушев", "patrushev"])
def test_actor_search_in_either_script_and_any_case(pair, term):
    from wirewatch import query
    from wirewatch.store import Store

    with Store(pair[0]) as store:
        names = [a["name"] for a in query.actors_page(store, search=term)["items"]]
    assert any("Patrushev" in n for n in names), (term, names)


def test_search_folds_case_in_any_script():
    from wirewatch.store.reads import fold

    assert fold("МОСКВА") == fold("москва") == fold("Москва")
    assert fold("Ёлкин") == fold("елкин")  # ё is written е as often as not
    assert fold("Moscow") != fold("Москва")


def test_every_exported_fact_of_a_russian_article_says_russian(pair):
    from wirewatch.export.jsonl import export_jsonl
    from wirewatch.store import Store

    out = io.StringIO()
    with Store(pair[0]) as store:
        export_jsonl(store, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    ru = pair[1]
    facts = {"mention": [], "timex": [], "quote": [], "event": []}
    for r in records:
        if r["type"] in ("mention", "timex") and r["article_id"] == ru:
            facts[r["type"]].append(r["language"])
        elif r["type"] == "quote" and ru in r["article_ids"]:
            facts["quote"].append(r["language"])
        elif r["type"] == "event" and ru in r["article_ids"]:
            facts["event"].append(next(x["language"] for x in r["reports"] if x["article_id"] == ru))
            assert "ru" in r["languages"]
    assert all(facts.values()) and {v for vs in facts.values() for v in vs} == {"ru"}, facts
    english = [r for r in records if r["type"] == "mention" and r["article_id"] != ru]
    assert english and {r["language"] for r in english} == {"en"}
