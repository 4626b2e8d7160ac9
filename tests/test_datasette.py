"""The store file opens in Datasette as it is: tables browse, FTS search works."""

import asyncio

from datasette.app import Datasette

from wirewatch.records import Article
from wirewatch.store import Store


def test_store_opens_in_datasette_with_full_text_search(tmp_path):
    db = tmp_path / "news.db"
    with Store(str(db)) as store:
        store.add_articles([Article.create("Shepherds crossed the high pass before the snow.", title="Pass"),
                            Article.create("The port reopened after the strike.", title="Port")])

    async def browse():
        ds = Datasette(files=[str(db)])
        tables = await ds.client.get("/news.json")
        rows = await ds.client.get("/news/articles.json?_shape=array")
        hits = await ds.client.get("/news/articles.json?_search=shepherds&_shape=array")
        return tables.json(), rows.json(), hits.json()

    tables, rows, hits = asyncio.run(browse())
    names = {t["name"] for t in tables["tables"]}
    assert {"articles", "mentions", "quotes", "events", "places"} <= names
    assert len(rows) == 2
    assert [h["title"] for h in hits] == ["Pass"]
