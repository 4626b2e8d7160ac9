"""CSV, Parquet, GEXF, GraphML and GeoJSON exports, read back with the libraries a user would open them with.

The store is built by ingesting articles written for these tests (real model, real SQLite file) and one
manual actor merge; expected values come from the store's own rows, so every comparison can fail.
"""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geojson
import networkx as nx
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wirewatch import query
from wirewatch.export import actor_network, export_gexf, export_graphml, iter_records
from wirewatch.export.geojson import geojson_features
from wirewatch.records import Actor, Article, Event, Extraction, Place, make_id
from wirewatch.resolve.events import resolve_events
from wirewatch.store import Store

ARTICLES = {
    "a.txt": "Leaders meet in Paris\n\nChancellor Olaf Scholz met with Emmanuel Macron in Paris on March 3. "
             "Russia attacked Ukraine near Kharkiv on March 4, officials said.\n",
    "b.txt": "Talks and accusations\n\nUkraine accused Russia of shelling Kharkiv on March 5. Emmanuel Macron met "
             "with Olaf Scholz in Berlin on March 6. Canada and Mexico signed a trade agreement with Japan in "
             "Ottawa.\n",
    "c.txt": "Fighting continues\n\nRussian forces attacked Ukrainian troops in Odesa on Friday. Russian forces "
             "have taken control of the city of Mariupol, the governor said. Ukraine accused Russia of war "
             "crimes, the ministry said. President Emmanuel Macron praised Olaf Scholz.\n",
    "d.txt": "Leaders meet in Paris (updated)\n\nChancellor Olaf Scholz met with Emmanuel Macron in Paris on "
             "March 3. Russia attacked Ukraine near Kharkiv on March 4, officials said. The meeting lasted two "
             "hours.\n",
}
TABLES = ("articles", "relations", "actors", "mentions", "places", "timexes", "quotes", "events", "controls",
          "stories")


def ww(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    res = subprocess.run([sys.executable, "-m", "wirewatch", *args], cwd=cwd, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    return res


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """An ingested store (with 'Russian forces' merged into 'Russia') and every format exported by the CLI."""
    root = tmp_path_factory.mktemp("exports")
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    db = str(root / "w.db")
    ww("ingest", *sorted(str(root / n) for n in ARTICLES), "--db", db, "--published", "2022-03-08", cwd=root)
    ww("actors", "merge", "Russia", "Russian forces", "--db", db, cwd=root)
    summaries = {}
    for fmt, target in (("csv", "csv"), ("parquet", "parquet"), ("gexf", "net.gexf"),
                        ("graphml", "net.graphml"), ("geojson", "map.geojson")):
        summaries[fmt] = ww("export", "--format", fmt, "-o", str(root / target), "--db", db, cwd=root).stderr
    return {"root": root, "db": db, "summaries": summaries}


@pytest.fixture
def store(built):
    with Store(built["db"]) as s:
        yield s


def expected_rows(store: Store) -> dict[str, int]:
    """Rows each table file should have: the store's counts, less actor ids merged into another, and one
    quote for each group of the same words by the same speaker (a quote row lists its sources)."""
    counts = store.counts()
    merged = len(store.canonical_map())
    rows = {t: counts[t] - merged if t == "actors" else counts[t] for t in TABLES if t != "stories"}
    rows["stories"] = len(list(store.rows("stories")))
    rows["quotes"] = len({(r["text"], r["speaker_text"]) for r in store.rows("quotes")})
    rows["events"] = len(event_groups(store))
    return rows


def event_groups(store: Store) -> dict[str, list[dict]]:
    """Merged event id → its reports (event rows), from the store's event groups."""
    group_of = {r["event_id"]: r["group_id"] for r in store.rows("event_groups")}
    out: dict[str, list[dict]] = defaultdict(list)
    for row in store.rows("events"):
        out[group_of.get(row["id"], row["id"])].append(row)
    return out


def expected_edges(store: Store) -> dict[tuple[str, str], Counter]:
    """(source, target) canonical actor pair → merged events by type (one event however many report it)."""
    edges: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for event in query.merged_events(store):
        for src in set(event["source_actor_ids"]):
            for tgt in set(event["target_actor_ids"]) - {src}:
                edges[(src, tgt)][event["event_type"]] += 1
    return edges


def test_store_is_non_trivial(store):
    counts = store.counts()
    assert counts["articles"] == 4 and counts["relations"] >= 1 and counts["controls"] >= 1
    assert counts["events"] >= 8 and len(expected_edges(store)) >= 5
    assert sum(1 for p in store.rows("places") if p["lat"] is not None) >= 5
    assert store.canonical_map(), "the manual merge should leave a merged actor id"


# -- CSV -------------------------------------------------------------------------------------------------


def test_every_csv_reads_back_with_pandas_with_the_stores_rows(built, store):
    folder = built["root"] / "csv"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    expected = expected_rows(store)
    for table in TABLES:
        frame = pd.read_csv(folder / f"{table}.csv")
        assert len(frame) == expected[table], table
    canon = store.canonical_map()
    for table in ("articles", "mentions", "places", "timexes", "controls"):
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
        assert set(frame["id"]) == {r["id"] for r in store.rows(table)}, table
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    assert set(events["id"]) == set(event_groups(store))
    reports = [r["event_id"] for cell in events["reports"] for r in json.loads(cell)]
    assert sorted(reports) == sorted(r["id"] for r in store.rows("events"))
    quotes = pd.read_csv(folder / "quotes.csv", dtype=str, keep_default_na=False)
    sources = [src["id"] for cell in quotes["sources"] for src in json.loads(cell)]
    assert sorted(sources) == sorted(r["id"] for r in store.rows("quotes"))
    assert any(len(cell.split(";")) == 2 for cell in quotes["article_ids"]), "a quote shared by two articles"
    actors = pd.read_csv(folder / "actors.csv", dtype=str, keep_default_na=False)
    assert set(actors["id"]) == {r["id"] for r in store.rows("actors")} - set(canon)
    relations = pd.read_csv(folder / "relations.csv", dtype={"a": str, "b": str})
    assert {(r.a, r.b) for r in relations.itertuples()} == {(r["a"], r["b"]) for r in store.rows("relations")}


def test_csv_cells_keep_text_numbers_and_flattened_lists(built, store):
    folder = built["root"] / "csv"
    articles = pd.read_csv(folder / "articles.csv", dtype={"id": str}).set_index("id")
    for row in store.rows("articles"):
        assert articles.loc[row["id"], "text"] == row["text"]  # commas, newlines and quotes survive
    places = pd.read_csv(folder / "places.csv", dtype={"id": str}).set_index("id")
    assert places["lat"].dtype == "float64" and places["geonames_id"].dtype in ("int64", "float64")
    for row in store.rows("places"):
        if row["lat"] is not None:
            assert places.loc[row["id"], "lat"] == pytest.approx(row["lat"])
    mentions = pd.read_csv(folder / "mentions.csv")
    assert mentions["start"].dtype == "int64" and mentions["end"].dtype == "int64"
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False).set_index("id")
    canon = store.canonical_map()
    for group_id, rows in event_groups(store).items():
        cell = events.loc[group_id]
        sources = {canon.get(a, a) for row in rows for a in row["source_actor_ids"]}
        assert set(filter(None, cell["source_actor_ids"].split(";"))) == sources
        assert sorted(cell["article_ids"].split(";")) == sorted({row["article_id"] for row in rows})
        spans = {(r["article_id"], r["start"], r["end"]) for r in json.loads(cell["reports"])}
        assert spans == {(row["article_id"], row["start"], row["end"]) for row in rows}
        assert cell["cameo"] in {row["cameo"] or "" for row in rows}  # read as text, codes keep leading zeros


# -- Parquet ---------------------------------------------------------------------------------------------


def test_parquet_reads_back_with_pyarrow_types_and_pandas_rows(built, store):
    folder = built["root"] / "parquet"
    expected = expected_rows(store)
    for table in TABLES:
        assert pq.read_table(folder / f"{table}.parquet").num_rows == expected[table], table
    schema = {t: pq.read_schema(folder / f"{t}.parquet") for t in TABLES}
    assert schema["articles"].field("published").type == pa.date32()
    assert pa.types.is_timestamp(schema["articles"].field("ingested_at").type)
    assert schema["mentions"].field("start").type == pa.int64()
    assert schema["places"].field("lat").type == pa.float64()
    assert schema["places"].field("geonames_id").type == pa.int64()
    assert schema["timexes"].field("future").type == pa.bool_()
    assert schema["quotes"].field("direct").type == pa.bool_()
    assert schema["events"].field("source_actor_ids").type == pa.list_(pa.string())
    assert schema["events"].field("reports").type.value_type.field("start").type == pa.int64()
    assert schema["events"].field("corroboration").type == pa.int64()
    assert schema["controls"].field("start").type == pa.int64()
    assert schema["relations"].field("similarity").type == pa.float64()

    articles = pd.read_parquet(folder / "articles.parquet").set_index("id")
    for row in store.rows("articles"):
        assert str(articles.loc[row["id"], "published"]) == row["published"]
        assert articles.loc[row["id"], "text"] == row["text"]
    events = pd.read_parquet(folder / "events.parquet").set_index("id")
    canon = store.canonical_map()
    groups = event_groups(store)
    assert set(events.index) == set(groups)
    for group_id, rows in groups.items():
        targets = {canon.get(a, a) for row in rows for a in row["target_actor_ids"]}
        assert set(events.loc[group_id, "target_actor_ids"]) == targets
        assert sorted(r["end"] for r in events.loc[group_id, "reports"]) == sorted(row["end"] for row in rows)
    places = pd.read_parquet(folder / "places.parquet").set_index("id")
    assert places["lat"].dtype == "float64"
    for row in store.rows("places"):
        if row["lon"] is not None:
            assert places.loc[row["id"], "lon"] == row["lon"]


# -- GEXF and GraphML ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt,read", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_actor_network_reads_back_with_networkx(built, store, fmt, read):
    graph = read(built["root"] / f"net.{fmt}")
    expected = expected_edges(store)
    assert graph.is_directed()
    assert set(graph.edges) == set(expected)
    types = {t for by_type in expected.values() for t in by_type}
    for (src, tgt), by_type in expected.items():
        data = graph.edges[src, tgt]
        assert data["weight"] == sum(by_type.values())
        assert {t: data[t] for t in types} == {t: by_type[t] for t in types}
    canon = store.canonical_map()
    actors = {r["id"]: r for r in store.rows("actors")}
    involved = {canon.get(a, a) for r in store.rows("events") for a in (*r["source_actor_ids"], *r["target_actor_ids"])}
    assert set(graph.nodes) == involved and not set(graph.nodes) & set(canon)
    for node, data in graph.nodes(data=True):
        assert data["name"] == actors[node]["name"] and data["kind"] == actors[node]["kind"]
        assert data["country"] == (actors[node]["country"] or "") and data["code"] == (actors[node]["code"] or "")
    by_name = {data["name"]: node for node, data in graph.nodes(data=True)}
    assert "Russian forces" not in by_name  # merged into Russia: its attack counts for Russia
    assert graph.edges[by_name["Russia"], by_name["Ukraine"]]["ASSAULT"] >= 2
    assert f"wrote {graph.number_of_nodes()} actors, {graph.number_of_edges()} edges" in built["summaries"][fmt]


def _hand_built(path: str) -> tuple[Store, dict[str, str]]:
    """Actors A, B, C and A2 (merged into A by a person) with events whose weights are known."""
    store = Store(path)
    art = Article.create("Hand-built article for the actor network.", language="en")
    store.add_articles([art])
    ids = {n: make_id("actor", n) for n in ("A", "B", "C", "A2")}
    actors = [Actor(ids[n], f"Actor {n}", "state", "XYZ" if n == "A" else None, "ABC" if n == "B" else None)
              for n in ids]

    def event(i: int, kind: str, sources: list[str], targets: list[str]) -> Event:
        return Event(make_id("event", art.id, i, kind), art.id, i, i + 1, kind,
                     source_actor_ids=tuple(ids[s] for s in sources), target_actor_ids=tuple(ids[t] for t in targets),
                     date=f"2022-{i + 1:02d}-01", date_precision="day")  # months apart: six distinct events

    events = [event(0, "ASSAULT", ["A"], ["B"]), event(1, "ASSAULT", ["A2"], ["B"]), event(2, "ACCUSE", ["A"], ["B"]),
              event(3, "CONSULT", ["B"], ["C"]), event(4, "PROTEST", ["A", "B"], ["A"]),
              event(5, "ASSAULT", ["C"], [])]
    told = [Extraction(art, actors=actors, events=events)]
    store.save_extractions(told)
    store.merge_actors(ids["A"], [ids["A2"]])
    resolve_events(store, told)
    return store, ids


def test_graph_weights_count_events_per_canonical_pair_and_type(tmp_path):
    store, ids = _hand_built(str(tmp_path / "h.db"))
    with store:
        graph = actor_network(store)
        gexf, graphml = io.StringIO(), io.StringIO()
        assert export_gexf(store, gexf) == {"actors": 3, "edges": 3}
        export_graphml(store, graphml)
    a, b, c = ids["A"], ids["B"], ids["C"]
    assert set(graph.nodes) == {a, b, c}  # A2 is part of A; A acting on itself is no edge
    for read, text in ((nx.read_gexf, gexf.getvalue()), (nx.read_graphml, graphml.getvalue())):
        back = read(io.BytesIO(text.encode("utf-8")))
        weights = {(s, t): (d["weight"], d["ASSAULT"], d["ACCUSE"], d["CONSULT"], d["PROTEST"])
                   for s, t, d in back.edges(data=True)}
        assert weights == {(a, b): (3, 2, 1, 0, 0), (b, c): (1, 0, 0, 1, 0), (b, a): (1, 0, 0, 0, 1)}
        assert back.nodes[a]["name"] == "Actor A" and back.nodes[a]["country"] == "XYZ"
        assert back.nodes[b]["code"] == "ABC" and back.nodes[c]["events"] == 2


# -- GeoJSON ---------------------------------------------------------------------------------------------


def _strict_json(text: str):
    def reject(constant):
        raise AssertionError(f"{constant} is not valid JSON")
    return json.loads(text, parse_constant=reject)


def test_geojson_is_valid_rfc7946_with_lon_lat_points(built, store):
    text = (built["root"] / "map.geojson").read_text(encoding="utf-8")
    validated = geojson.loads(text)  # rounds coordinates to 6 decimals: values are checked on the plain JSON
    assert validated.is_valid, validated.errors()
    collection = _strict_json(text)
    assert collection["type"] == "FeatureCollection"
    places = {r["id"]: r for r in store.rows("places") if r["lat"] is not None}
    features = collection["features"]
    ids = [f["id"] for f in features]
    assert len(ids) == len(set(ids))
    place_features = {f["id"]: f for f in features if f["properties"]["record"] == "place"}
    assert set(place_features) == set(places)
    assert any(p["lon"] < -90 for p in places.values()), "a place far west, so swapped axes would be out of range"
    for f in features:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        place = places[f["id"] if f["properties"]["record"] == "place" else f["properties"]["place_id"]]
        assert [lon, lat] == [place["lon"], place["lat"]]
    located_events = {e["id"] for e in query.merged_events(store) if e["place_id"] in places}
    event_features = {f["id"]: f for f in features if f["properties"]["record"] == "event"}
    assert set(event_features) == located_events and len(located_events) >= 3
    mentions = Counter(m["place_id"] for m in store.rows("mentions") if m["place_id"])
    for pid, f in place_features.items():
        assert f["properties"]["name"] == places[pid]["name"] and f["properties"]["mentions"] == mentions[pid]
    names = {r["id"]: r["name"] for r in store.rows("actors")}
    for f in event_features.values():
        props = f["properties"]
        assert props["source_actors"] == [names[a] for a in props["source_actor_ids"]]
        assert props["place_name"] == places[props["place_id"]]["name"]
    assert f"wrote {len(features)} features" in built["summaries"]["geojson"]


def test_geojson_leaves_out_places_with_impossible_coordinates(tmp_path):
    art = Article.create("Places with bad coordinates.", language="en")
    good = Place(make_id("place", "good"), "Westville", 40.5, -120.25, "USA")
    swapped = Place(make_id("place", "swapped"), "Swapped", -120.25, 40.5, "USA")
    nowhere = Place(make_id("place", "nowhere"), "Nowhere")
    with Store(str(tmp_path / "g.db")) as store:
        store.add_articles([art])
        store.save_extractions([Extraction(art, places=[good, swapped, nowhere])])
        features = list(geojson_features(store))
    kept = [(f["properties"]["name"], f["geometry"]["coordinates"]) for f in features]
    assert kept == [("Westville", [-120.25, 40.5])]
    assert all(math.isfinite(v) for f in features for v in f["geometry"]["coordinates"])


# -- the command -----------------------------------------------------------------------------------------


def test_directory_formats_need_an_output_and_unknown_formats_are_one_line(built):
    for args, message in ((("--format", "csv"), "give a directory with -o DIR"),
                          (("--format", "xlsx"), "unknown export format 'xlsx'")):
        res = subprocess.run([sys.executable, "-m", "wirewatch", "export", *args, "--db", built["db"]],
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 2 and message in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


def test_graph_goes_to_stdout_and_summary_to_stderr(built):
    res = ww("export", "--format", "graphml", "--db", built["db"], cwd=built["root"])
    graph = nx.read_graphml(io.BytesIO(res.stdout.encode("utf-8")))
    assert graph.number_of_edges() >= 5 and "wrote" not in res.stdout
    assert res.stderr.strip().startswith("wrote ") and res.stderr.strip().endswith("to stdout")
    assert "one .csv file each" in built["summaries"]["csv"]


def test_iter_records_can_keep_only_some_types(store):
    kinds = Counter(r["type"] for r in iter_records(store, {"event", "place"}))
    assert set(kinds) == {"event", "place"} and kinds["event"] == len(event_groups(store))
    with pytest.raises(ValueError):
        list(iter_records(store, {"evnt"}))
