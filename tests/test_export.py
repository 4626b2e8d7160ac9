"""The canonical JSONL export and its import: a dump loads back into an identical store."""

import io
import json

from wirewatch.export import export_jsonl, import_jsonl
from wirewatch.records import Actor, Article, Extraction, Mention, Place, Quote, Relation, Role, TimeExpr, make_id
from wirewatch.store import Store


def _fill(store: Store) -> None:
    a = Article.create("Minister Ana Ruiz said the Tarvo bridge reopened on May 2.", title="Bridge", language="en")
    b = Article.create("A second, unrelated text.", language="en")
    store.add_articles([a, b])
    store.add_relations([Relation("rewrite", *sorted((a.id, b.id)), 0.61)])
    actor = Actor(make_id("actor", "ana ruiz"), "Ana Ruiz", "person", aliases=("Ruiz",),
                  roles=(Role("Minister", article_id=a.id, date=None, start=0, end=8),))
    place = Place(make_id("place", "test", 1), "Tarvo", 58.1, 26.2, "EST", 1, "P.PPL", "test")
    store.save_extractions([Extraction(
        a,
        mentions=[Mention(a.id, 9, 17, "Ana Ruiz", "PERSON", "person", actor_id=actor.id),
                  Mention(a.id, 27, 32, "Tarvo", "GPE", "place", place_id=place.id, confidence=0.8)],
        actors=[actor], places=[place],
        times=[TimeExpr(a.id, 52, 57, "May 2", "XXXX-05-02", "day")],
        quotes=[Quote(make_id("quote", a.id, 23, 57), a.id, 23, 57, "the Tarvo bridge reopened on May 2",
                      "Minister Ana Ruiz", 0, 17, actor.id, False, "said")])])


def _dump(store: Store) -> list[dict]:
    buf = io.StringIO()
    export_jsonl(store, buf)
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def test_export_has_typed_records_with_contract_fields(tmp_path):
    with Store(str(tmp_path / "a.db")) as store:
        _fill(store)
        records = _dump(store)
    types = {r["type"] for r in records}
    assert {"article", "relation", "actor", "mention", "place", "timex", "quote"} <= types
    actor = next(r for r in records if r["type"] == "actor")
    assert {"id", "name", "kind", "country", "code", "aliases", "roles"} <= actor.keys()
    assert actor["roles"][0]["title"] == "Minister"
    quote = next(r for r in records if r["type"] == "quote")
    assert quote["article_ids"] and quote["direct"] is False
    place_mention = next(r for r in records if r["type"] == "mention" and r["place_id"])
    assert place_mention["text"] == "Tarvo" and place_mention["actor_id"] is None


def test_export_import_round_trip_is_identical(tmp_path, db_url):
    with Store(db_url) as store:
        _fill(store)
        first = _dump(store)
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in first) + "\n", encoding="utf-8")
    with Store(str(tmp_path / "b.db")) as other:
        import_jsonl(other, dump)
        import_jsonl(other, dump)  # twice: no duplicates
        assert _dump(other) == first


def test_same_quote_in_two_articles_is_one_quote_with_two_sources(tmp_path):
    words = "We will reopen the crossing as soon as the engineers say it is safe"
    a = Article.create(f'"{words}," said the governor on Monday.', language="en")
    b = Article.create(f'The governor told a radio station: "{words}." Traffic stayed closed.', language="en")
    c = Article.create('"We will never reopen it," said the governor.', language="en")
    with Store(str(tmp_path / "q.db")) as store:
        store.add_articles([a, b, c])
        quotes = []
        for art in (a, b, c):
            start = art.text.index('"')
            end = art.text.index('"', start + 1) + 1
            quotes.append(Extraction(art, quotes=[Quote(make_id("quote", art.id, start, end), art.id, start, end,
                                                        art.text[start:end], "the governor", None, None, None, True,
                                                        "said")]))
        store.save_extractions(quotes)
        records = [r for r in _dump(store) if r["type"] == "quote"]
    assert sorted(len(r["article_ids"]) for r in records) == [1, 2]
    shared = next(r for r in records if len(r["article_ids"]) == 2)
    assert set(shared["article_ids"]) == {a.id, b.id} and len(shared["sources"]) == 2


def test_geojson_export_has_located_places_as_points(tmp_path):
    from wirewatch.export import export_geojson

    with Store(str(tmp_path / "g.db")) as store:
        _fill(store)
        buf = io.StringIO()
        n = export_geojson(store, buf)
    collection = json.loads(buf.getvalue())
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == n == 1
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [26.2, 58.1]}
    assert feature["properties"]["name"] == "Tarvo" and feature["properties"]["mentions"] == 1
