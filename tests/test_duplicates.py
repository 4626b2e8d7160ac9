"""Near-duplicate detection: rewrites and copies are related, different articles on one topic are not."""

from wirewatch.records import Article
from wirewatch.resolve.duplicates import find_relations
from wirewatch.settings import Settings
from wirewatch.store import Store

ORIGINAL = (
    "The river authority of Veldmark closed the northern dam on Tuesday after three days of heavy rain, "
    "officials said. Engineer Mara Lindqvist told reporters that water levels had risen by two metres "
    "overnight and that villages downstream had been warned. The regional governor, Piet Haas, said the "
    "army would send trucks and sandbags to the town of Oberfeld. About 1,200 residents were moved to "
    "schools and sports halls. The weather service expects more rain until Friday, and roads to the "
    "mountain villages remain closed. Farmers said the flooding had destroyed much of the barley harvest."
)
REWRITE = (
    "Veldmark's river authority shut the northern dam on Tuesday following three days of heavy rain, "
    "officials said. Engineer Mara Lindqvist told reporters that water levels had risen by two metres "
    "overnight and that villages downstream had been warned. Regional governor Piet Haas said the army "
    "would send trucks and sandbags to the town of Oberfeld. Around 1,200 residents were moved to "
    "schools and sports halls."
)
SAME_TOPIC = (
    "Heavy rain across Veldmark has raised fears of a poor barley harvest. Farmers near Oberfeld said "
    "their fields had been under water since the weekend, and the agriculture ministry promised "
    "compensation. A spokesman for the farmers' union said losses could reach several million euros, "
    "while meteorologists warned that the wettest autumn in forty years was not over yet."
)


def test_condensed_rewrite_is_related_and_same_topic_article_is_not(db_url):
    settings = Settings(db=db_url)
    with Store(settings.db) as store:
        arts = [Article.create(t) for t in (ORIGINAL, REWRITE, SAME_TOPIC)]
        store.add_articles(arts)
        assert find_relations(store, arts[:1], settings) == []
        rel = find_relations(store, arts[1:], settings)
        assert [r.kind for r in rel] == ["rewrite"]
        assert {rel[0].a, rel[0].b} == {arts[0].id, arts[1].id}


def test_copy_with_different_boilerplate_is_a_duplicate(tmp_path):
    settings = Settings(db=str(tmp_path / "w.db"))
    with Store(settings.db) as store:
        a = Article.create(ORIGINAL)
        b = Article.create("Published by the Valley Courier. " + ORIGINAL + " Copyright reserved.")
        store.add_articles([a, b])
        rel = find_relations(store, [a, b], settings)
        assert [r.kind for r in rel] == ["duplicate"] and rel[0].similarity >= 0.9


def test_relations_within_one_batch_are_found_once(tmp_path):
    settings = Settings(db=str(tmp_path / "w.db"))
    with Store(settings.db) as store:
        arts = [Article.create(t) for t in (ORIGINAL, SAME_TOPIC, REWRITE)]
        store.add_articles(arts)
        rel = find_relations(store, arts, settings)
        assert len(rel) == 1 and {rel[0].a, rel[0].b} == {arts[0].id, arts[2].id}
