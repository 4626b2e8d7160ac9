"""Place extraction and the gazetteer, with the real model and the real gazetteer index."""

from __future__ import annotations

import pytest

from wirewatch.extract.places import _abbreviates, extract_places
from wirewatch.geo import get_gazetteer, normalise_name
from wirewatch.geo.build import _box_centre
from wirewatch.geo.names import demonym_stems, name_variants

UKRAINE = (
    "Ukrainian forces pushed back Russian units north of Kharkiv on Tuesday, while drones struck port "
    "facilities in Odesa. Officials in Kyiv said a bridge over the Dnipro River near Zaporizhzhia was "
    "damaged and that the Myrhorod airbase had been targeted overnight. Moscow denied the claims."
)
TEXAS = (
    "The festival drew crowds to Paris, Texas, where the mayor opened a rodeo. Lamar County officials "
    "said the town of 25,000 expected more visitors next year."
)
FRANCE = (
    "President Macron spoke in Paris on Monday after meeting regional leaders from Lyon and Marseille. "
    "France will host the summit in the spring."
)
UNKNOWN = (
    "Rescue teams reached the village of Zorbavinka late on Friday after floods cut the road from "
    "Vostrelsk, local media in Norway reported."
)
CAUCASUS = (
    "Talks between Armenia and Azerbaijan focused on the Armenian-Azerbaijani border, and on shelling "
    "in the south of Armenia. Armenians fear a new war."
)


@pytest.fixture(scope="module")
def gazetteer():
    return get_gazetteer()


@pytest.fixture
def places_of(nlp, make_article, gazetteer):
    def run(text: str) -> dict[str, tuple]:
        article = make_article(text)
        mentions, places = extract_places(nlp(text), article, gazetteer)
        by_id = {p.id: p for p in places}
        assert all(m.kind == "place" and m.article_id == article.id for m in mentions)
        assert all(text[m.start : m.end] == m.text for m in mentions)
        return {m.text: (m, by_id.get(m.place_id)) for m in mentions}

    return run


def test_ukrainian_cities_resolve_to_ukraine(places_of):
    found = places_of(UKRAINE)
    for name in ("Odesa", "Kyiv", "Zaporizhzhia"):
        mention, place = found[name]
        assert place.country == "UKR" and place.feature.startswith("P."), name
        assert place.geonames_id and place.source == "geonames"
        assert 0 < mention.confidence <= 1
    assert found["Kyiv"][1].feature == "P.PPLC"
    assert found["Moscow"][1].country == "RUS"


def test_relative_region_gets_a_derived_place(places_of):
    mention, place = places_of(UKRAINE)["north of Kharkiv"]
    assert place.source == "derived" and place.country == "UKR"
    assert 49.5 < place.lat < 50.5 and 35.5 < place.lon < 37


def test_airbase_resolves_to_an_airfield(places_of):
    mention, place = places_of(UKRAINE)["Myrhorod airbase"]
    assert mention.label == "FAC"
    assert place.source == "airportsdata" and place.feature == "S.AIRB" and place.country == "UKR"


def test_river_resolves_to_a_river_not_a_town(places_of):
    mention, place = places_of(UKRAINE)["Dnipro River"]
    assert mention.label == "LOC" and place.feature == "H.STM" and place.name == "Dnipro"
    assert 44 < place.lat < 52 and 29 < place.lon < 36


def test_paris_texas_is_not_paris_france(places_of):
    texas = places_of(TEXAS)
    assert texas["Paris"][1].country == "USA"
    assert abs(texas["Paris"][1].lat - 33.66) < 0.2
    assert texas["Texas"][1].feature == "A.ADM1"
    france = places_of(FRANCE)
    assert france["Paris"][1].country == "FRA" and france["Paris"][1].feature == "P.PPLC"
    assert france["Lyon"][1].country == "FRA"


def test_invented_towns_stay_unresolved(places_of):
    found = places_of(UNKNOWN)
    for name in ("Zorbavinka", "Vostrelsk"):
        mention, place = found[name]
        assert mention.place_id is None and place is None and mention.confidence == 0
    assert found["Norway"][1].country == "NOR"


def test_border_between_two_countries(places_of):
    found = places_of(CAUCASUS)
    mention, place = found["Armenian-Azerbaijani border"]
    assert place.feature == "L.BRDR" and place.source == "derived"
    assert 38 < place.lat < 42 and 43 < place.lon < 48


def test_demonyms_are_not_places(places_of):
    found = places_of(CAUCASUS)
    assert not any(text.startswith(("Armenians", "Armenian ")) for text in found)
    assert "south of Armenia" in " ".join(found)


def test_seed_places_include_regions_and_bases(seeds_dir, places_of):
    found = places_of((seeds_dir / "central-asia-border.txt").read_text("utf-8"))
    assert found["Gorno-Badakhshan"][1].country == "TJK"
    assert found["Bagram airbase"][1].feature == "S.AIRB"
    assert found["Termez"][1].country == "UZB"
    border = found["Tajik-Afghan border"][1]
    assert border.feature == "L.BRDR" and 36 < border.lat < 39 and 67 < border.lon < 75


def test_seed_places_resolve_under_common_names(seeds_dir, places_of):
    """Every place an analyst would pin in the sample articles, under the name readers use."""
    found = places_of((seeds_dir / "central-asia-border.txt").read_text("utf-8"))
    found.update(places_of((seeds_dir / "russia-china-iran-talks.txt").read_text("utf-8")))
    expected = {
        "Termez": ("Termez", "UZB", "P."), "Hairatan": ("Hairatan", "AFG", "P."),
        "Friendship bridge": ("Friendship Bridge", None, "S.BDG"), "Panj River": ("Panj", None, "H.STM"),
        "Gorno-Badakhshan": ("Gorno-Badakhshan", "TJK", "A.ADM1"), "Bagram airbase": ("Bagram Air Base", "AFG", "S."),
        "Kabul": ("Kabul", "AFG", "P.PPLC"), "Moscow": ("Moscow", "RUS", "P.PPLC"),
        "Washington": ("Washington", "USA", "P.PPLC"), "Iran": ("Iran", "IRN", "A.PCLI"),
        "Russia": ("Russia", "RUS", "A.PCLI"), "Uzbekistan": ("Uzbekistan", "UZB", "A.PCLI"),
        "Tajikistan": ("Tajikistan", "TJK", "A.PCLI"), "Kazakhstan": ("Kazakhstan", "KAZ", "A.PCLI"),
        "Turkmenistan": ("Turkmenistan", "TKM", "A.PCLI"), "Central Asia": ("Central Asia", None, "L.RGN"),
    }
    for text, (name, country, feature) in expected.items():
        place = found[text][1]
        assert place is not None, text
        assert (place.name, place.country) == (name, country) and place.feature.startswith(feature), text
    termez, hairatan, bridge = (found[t][1] for t in ("Termez", "Hairatan", "Friendship bridge"))
    assert max(abs(termez.lat - bridge.lat), abs(hairatan.lat - bridge.lat)) < 0.2


def test_fifth_central_asian_state_and_a_valley(places_of):
    found = places_of("Water disputes in the Fergana Valley have strained ties between Kyrgyzstan and "
                      "Uzbekistan, and flooding on the Amu Darya reached Turkmenistan.")
    assert found["Kyrgyzstan"][1].name == "Kyrgyzstan" and found["Kyrgyzstan"][1].feature == "A.PCLI"
    assert found["Fergana Valley"][1].feature == "T.VAL"
    assert found["Amu Darya"][1].feature == "H.STM"


def test_names_are_normalised():
    assert normalise_name("the U.S.") == normalise_name("U. S.") == "us"
    assert normalise_name("Gorno-Badakhshan") == "gorno badakhshan"
    assert normalise_name("Zürich") == "zurich"
    assert name_variants("Korea, Republic of") == ["Korea, Republic of", "Republic of Korea"]
    assert demonym_stems("Tajikistan") == ["Tajik"] and demonym_stems("France") == []


def test_display_names_are_the_ones_readers_use_and_official_names_stay(gazetteer):
    iran = gazetteer.lookup("Islamic Republic of Iran")[0]
    assert (iran.name, iran.official) == ("Iran", "Iran, Islamic Republic of")
    assert gazetteer.lookup("Russian Federation")[0].name == "Russia"
    assert gazetteer.lookup("Türkiye")[0].name == "Turkey"
    termez = gazetteer.lookup("Tirmiz")[0]
    assert (termez.name, termez.official) == ("Termez", "Tirmiz")
    gbao = gazetteer.lookup("Kuhistoni Badakhshon")[0]
    assert (gbao.name, gbao.official) == ("Gorno-Badakhshan", "Kŭhistoni Badakhshon")
    assert gazetteer.lookup("Mazar-i-Sharif")[0].name == "Mazar-e Sharif"
    assert gazetteer.lookup("Île-de-France")[0].name == "Île-de-France"  # a Latin-script name is kept


def test_index_is_read_in_place_from_sqlite(gazetteer):
    import sqlite3

    with sqlite3.connect(f"file:{gazetteer.path}?mode=ro", uri=True) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"places", "names", "meta"} <= tables
    assert gazetteer.lookup("zzzz-no-such-place") == [] and not gazetteer.has("zzzz-no-such-place")
    assert gazetteer.regions("AFG") and all(r.feature == "A.ADM1" for r in gazetteer.regions("AFG"))


def test_stale_index_is_refused(tmp_path):
    import sqlite3

    from wirewatch.geo.gazetteer import Gazetteer, _Stale

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.execute("INSERT INTO meta VALUES ('version', '1')")
    with pytest.raises(_Stale):
        Gazetteer(path)


def test_features_table_is_well_formed():
    from wirewatch.geo.features import read_features

    rows = read_features()
    assert len(rows) > 150
    for row in rows:
        assert -90 <= row["lat"] <= 90 and -180 <= row["lon"] <= 180, row["name"]
        assert row["feature"][:2] in ("H.", "S.", "T.", "L.", "P."), row["name"]
        assert all(len(c) == 3 and c.isupper() for c in row["countries"]), row["name"]


def test_gazetteer_lookups_use_alternate_names(gazetteer):
    assert gazetteer.lookup("Tirmiz")[0].country == "UZB"
    assert any(c.country == "TJK" for c in gazetteer.lookup("Gorno-Badakhshan"))
    assert gazetteer.lookup("the United States")[0].feature == "A.PCLI"
    assert gazetteer.lookup("NSW")[0].name == "New South Wales"  # a subdivision's ISO 3166-2 code
    assert gazetteer.demonym("Tajik") == "TJK"
    assert gazetteer.border_point("TJK", "AFG") == gazetteer.border_point("AFG", "TJK")


def test_state_abbreviations_follow_their_initials():
    assert _abbreviates("Ky.", "Kentucky") and _abbreviates("N.J.", "New Jersey")
    assert _abbreviates("B.C.", "British Columbia") and not _abbreviates("Ky.", "Kansas")


def test_box_centre_crosses_the_antimeridian():
    lat, lon = _box_centre([(60.0, 179.0), (62.0, -179.0)])
    assert lat == 61.0 and abs(abs(lon) - 180.0) < 1e-9


RECALL = (
    "Georgia Stevens said aid convoys were sent to Kulob and Danghara, and to villages near the Panj. "
    "Officials cited the Republic Act. West Nile virus cases rose, said Taylor."
)


def test_recall_layer_finds_what_the_ner_missed_and_keeps_precision(nlp, gazetteer):
    from wirewatch.extract.place_recall import RecallContext, recall_spans

    doc = nlp(RECALL)
    doc.ents = [e for e in doc.ents if e.label_ not in ("GPE", "LOC", "FAC")]  # as if the NER missed them
    spans = recall_spans(doc, gazetteer, set(), RecallContext(frozenset({"TJK"}), ()))
    found = {s.text for s in spans}
    assert {"Kulob", "Danghara", "Panj"} <= found
    assert not found & {"Georgia", "Republic", "West", "Taylor"}


def test_missing_index_is_built_on_first_use_once(tmp_path, monkeypatch, gazetteer):
    import shutil

    import wirewatch.geo.gazetteer as module

    builds = []

    def fake_build(path, progress=None):  # the real build takes ~30 s of CPU: copy the built index instead
        builds.append(path)
        shutil.copy(gazetteer.path, path)
        return path

    monkeypatch.setattr(module, "build_gazetteer", fake_build)
    path = tmp_path / "cache" / "gazetteer.sqlite"
    first = module.Gazetteer.load(path, progress=False)
    second = module.Gazetteer.load(path, progress=False)
    assert builds == [path] and first.lookup("Hairatan")[0].country == "AFG"
    assert second.lookup("Termez")[0].name == "Termez"


def test_a_person_the_ner_once_tags_gpe_is_no_place(seeds_dir, places_of):
    """'Ghani' tagged GPE once and PERSON elsewhere made every 'Ghani' an unresolved place."""
    found = places_of((seeds_dir / "central-asia-border.txt").read_text("utf-8"))
    assert "Ghani" not in found and "Ashraf Ghani" not in found


def test_common_and_official_names_are_stored_and_exported(tmp_path, make_article):
    from wirewatch.export.jsonl import iter_records
    from wirewatch.records import Extraction, Place
    from wirewatch.store import Store

    store = Store(str(tmp_path / "w.db"))
    article = make_article("Trucks crossed from Termez, on the Panj.")
    store.add_articles([article])
    termez = Place("p-termez", "Termez", 37.22, 67.28, "UZB", 1215957, "P.PPL", "geonames", official="Tirmiz")
    panj = Place("p-panj", "Panj", 37.3, 69.2, None, None, "H.STM", "wirewatch", linear=True)
    store.save_extractions([Extraction(article, places=[termez, panj])])
    rows = {r["id"]: r for r in store.rows("places")}
    assert rows["p-termez"]["official"] == "Tirmiz" and not rows["p-termez"]["linear"]
    assert rows["p-panj"]["linear"]
    exported = {r["id"]: r for r in iter_records(store) if r["type"] == "place"}
    assert exported["p-termez"]["official"] == "Tirmiz" and exported["p-termez"]["name"] == "Termez"


def test_a_capital_beats_a_bigger_city_that_only_has_its_name_as_an_alias(nlp, make_article):
    # 'Islamabad' is also an old alternate name of Chittagong (population 3.9 million)
    from wirewatch.extract.places import extract_places

    text = "Officials met in Islamabad on Tuesday to discuss the border."
    _, places = extract_places(nlp(text), make_article(text))
    assert [(p.name, p.country) for p in places] == [("Islamabad", "PAK")]
