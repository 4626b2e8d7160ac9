"""The store: the only place that talks SQL. SQLite by default (WAL), PostgreSQL through the same code."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, create_engine, delete, event, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError

from ..errors import StoreError
from ..periods import event_day
from ..records import Actor, Article, Discard, Extraction, Relation, Role, make_id
from . import schema
from .migrations import migrate

CHUNK = 500


def normalise_url(db: str) -> str:
    """A SQLAlchemy URL: a bare path is a SQLite file; postgresql:// uses the psycopg (3) driver."""
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix):]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def fold(text: str | None) -> str | None:
    """``text`` for case-blind matching in any script: Unicode case folding (SQLite's lower() folds only
    ASCII, so "патрушев" missed "Патрушев"), with ё as е."""
    return None if text is None else text.casefold().replace("ё", "е")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.create_function("ww_fold", 1, fold, deterministic=True)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB of page cache: index lookups stay in memory as stores grow
    cur.execute("PRAGMA mmap_size=268435456")
    cur.close()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Store:
    """A wirewatch store: articles, their facts, relations, runs."""

    def __init__(self, db: str):
        #: Event groups that lost reports when articles were re-extracted; resolve/events.py refreshes them.
        self.stale_event_groups: set[str] = set()
        url = normalise_url(db)
        try:
            self.engine: Engine = create_engine(url, future=True)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"{db}: not a usable database URL ({exc})") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            path = self.engine.url.database
            if path and path != ":memory:" and not Path(path).parent.exists():
                raise StoreError(f"{db}: folder {Path(path).parent} does not exist")
        try:
            migrate(self.engine)
        except OperationalError as exc:
            raise StoreError(f"{db}: cannot open the store ({exc.orig})") from None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------

    def _insert(self, table: Table):
        return (postgresql if self.dialect == "postgresql" else sqlite).insert(table)

    def _upsert(self, conn, table: Table, rows: list[dict], update_cols: Iterable[str] = ()) -> None:
        if not rows:
            return
        keys = [c.name for c in table.primary_key.columns]
        for part in _chunks(rows):
            stmt = self._insert(table)
            cols = list(update_cols)
            if cols:
                stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in cols})
            else:
                stmt = stmt.on_conflict_do_nothing(index_elements=keys)
            conn.execute(stmt, list(part))

    def add_articles(self, items: Sequence[Article]) -> list[str]:
        """Store articles not stored yet (by id); return the ids that are new."""
        if not items:
            return []
        ids = [a.id for a in items]
        with self.engine.begin() as conn:
            known = self._existing(conn, ids)
            rows, seen = [], set(known)
            for a in items:
                if a.id not in seen:
                    seen.add(a.id)
                    rows.append(article_row(a))
            self._upsert(conn, schema.articles, rows)
        return [r["id"] for r in rows]

    def _existing(self, conn, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for part in _chunks(list(ids)):
            found.update(conn.execute(select(schema.articles.c.id).where(schema.articles.c.id.in_(part))).scalars())
        return found

    def add_minhashes(self, rows: Sequence[tuple[str, int, bytes, Sequence[str]]]) -> None:
        """Record articles' MinHash signatures and LSH band keys: (article_id, shingles, signature, keys)."""
        with self.engine.begin() as conn:
            self._upsert(conn, schema.article_minhash,
                         [{"article_id": a, "shingles": n, "signature": sig} for a, n, sig, _ in rows])
            self._upsert(conn, schema.article_bands,
                         [{"key": k, "article_id": a} for a, _, _, keys in rows for k in keys])

    def add_relations(self, relations: Sequence[Relation]) -> None:
        with self.engine.begin() as conn:
            self._upsert(conn, schema.relations,
                         [{"a": r.a, "b": r.b, "kind": r.kind, "similarity": r.similarity} for r in relations],
                         update_cols=("kind", "similarity"))

    def save_extractions(self, extractions: Sequence[Extraction]) -> None:
        """Replace the facts of each extracted article, in one transaction."""
        with self.engine.begin() as conn:
            ids = [x.article.id for x in extractions]
            g = schema.event_groups
            for part in _chunks(ids):
                self.stale_event_groups.update(
                    conn.execute(select(g.c.group_id).distinct().where(g.c.article_id.in_(part))).scalars())
            for table in (*schema.FACT_TABLES, schema.event_groups, schema.event_keys, schema.event_actors):
                for part in _chunks(ids):
                    conn.execute(delete(table).where(table.c.article_id.in_(part)))
            rows = fact_rows(extractions)
            for table_name, table_rows in rows.items():
                table = schema.metadata.tables[table_name]
                self._upsert(conn, table, table_rows)
            self._upsert(conn, schema.event_actors, schema.event_actor_rows(rows["events"]))
            for part in _chunks(ids):
                conn.execute(update(schema.articles).where(schema.articles.c.id.in_(part)).values(extracted_at=_now()))

    def add_actor_keys(self, rows: Sequence[tuple[str, str]]) -> None:
        """Index actors under blocking keys: (key, actor_id)."""
        with self.engine.begin() as conn:
            self._upsert(conn, schema.actor_keys, [{"key": k, "actor_id": a} for k, a in rows])

    def set_merges(self, rows: Sequence[dict], manual: bool = False) -> None:
        """Record actor_id → canonical_id merges (with score and evidence); manual ones win over automatic."""
        m = schema.actor_merges
        with self.engine.begin() as conn:
            protected = set() if manual else set(conn.execute(
                select(m.c.actor_id).where(m.c.manual.is_(True)).where(m.c.actor_id.in_([r["actor_id"] for r in rows]))
            ).scalars())
            self._upsert(conn, m, [{**r, "manual": manual} for r in rows if r["actor_id"] not in protected],
                         update_cols=("canonical_id", "score", "evidence", "manual"))

    def merge_actors(self, keep: str, others: Sequence[str]) -> list[str]:
        """A person's correction: ``others`` (and everything merged into them) become part of ``keep``.

        Returns the ids moved. Manual merges survive re-extraction and re-resolution."""
        m = schema.actor_merges
        with self.engine.connect() as conn:
            target = self._canonical(conn, keep)
            moved = set(others)
            moved |= set(conn.execute(select(m.c.actor_id).where(m.c.canonical_id.in_(list(others)))).scalars())
        moved.discard(target)
        self.set_merges([{"actor_id": a, "canonical_id": target, "score": 1.0, "evidence": "merged by a user"}
                         for a in sorted(moved)], manual=True)
        return sorted(moved)

    def split_actor(self, canonical: str, member_ids: Sequence[str]) -> str:
        """A person's correction: take ``member_ids`` out of ``canonical`` into an actor of their own.

        The first id becomes the new canonical actor; returns it."""
        head, *rest = member_ids
        rows = [{"actor_id": head, "canonical_id": head, "score": 1.0, "evidence": f"split from {canonical} by a user"}]
        rows += [{"actor_id": a, "canonical_id": head, "score": 1.0, "evidence": f"split from {canonical} by a user"}
                 for a in rest]
        self.set_merges(rows, manual=True)
        return head

    def members_named(self, canonical: str, names: Sequence[str]) -> list[str]:
        """Ids merged into ``canonical`` (or it) whose own name is one of ``names``."""
        a, m = schema.actors, schema.actor_merges
        with self.engine.connect() as conn:
            members = [canonical, *conn.execute(select(m.c.actor_id).where(m.c.canonical_id == canonical)).scalars()]
            return list(conn.execute(select(a.c.id).where(a.c.id.in_(members)).where(a.c.name.in_(list(names)))
                                     .order_by(a.c.id)).scalars())

    def actors_by_key(self, keys: Sequence[str]) -> set[str]:
        """Canonical ids of actors indexed under any of ``keys``."""
        k, m = schema.actor_keys, schema.actor_merges
        canonical = func.coalesce(m.c.canonical_id, k.c.actor_id)  # one query, not one per id under the keys
        with self.engine.connect() as conn:
            return set(conn.execute(select(canonical).distinct().select_from(
                k.outerjoin(m, m.c.actor_id == k.c.actor_id)).where(k.c.key.in_(list(keys)))).scalars())

    def _canonical(self, conn, actor_id: str) -> str:
        m = schema.actor_merges
        found = conn.execute(select(m.c.canonical_id).where(m.c.actor_id == actor_id)).scalar_one_or_none()
        return actor_id if found in (None, actor_id) else found

    def canonical_map(self) -> dict[str, str]:
        """Every merged actor id → its canonical id (ids split back into their own actor are left out)."""
        m = schema.actor_merges
        with self.engine.connect() as conn:
            return dict(conn.execute(select(m.c.actor_id, m.c.canonical_id)
                                     .where(m.c.actor_id != m.c.canonical_id)).all())

    def lookup(self, key, value, keys: Iterable, *conditions) -> dict:
        """``key`` column value → ``value`` column value for the rows whose key is one of ``keys``, read in
        chunks (``conditions`` narrow the rows further)."""
        out: dict = {}
        with self.engine.connect() as conn:
            for part in _chunks(sorted(set(keys))):
                out.update(conn.execute(select(key, value).where(key.in_(part), *conditions)).all())
        return out

    def canonical_of(self, actor_ids: Iterable[str]) -> dict[str, str]:
        """``actor_ids`` that were merged into another actor → that actor's id."""
        m = schema.actor_merges
        return self.lookup(m.c.actor_id, m.c.canonical_id, actor_ids, m.c.actor_id != m.c.canonical_id)

    def grouping_rows(self, *, keys: Sequence[str] = (), article_ids: Sequence[str] = ()) -> list[dict]:
        """Events indexed under any of ``keys`` (with their group) or from ``article_ids``, with the
        article's publication date — what cross-source event grouping compares."""
        e, g, k, a = schema.events, schema.event_groups, schema.event_keys, schema.articles
        base = (select(e.c.id, e.c.article_id, e.c.event_type, e.c.source_actor_ids, e.c.target_actor_ids,
                       e.c.place_id, e.c.date, e.c.status, e.c.quantity, a.c.published, g.c.group_id)
                .join(a, a.c.id == e.c.article_id).outerjoin(g, g.c.event_id == e.c.id))
        rows: dict[str, dict] = {}
        with self.engine.connect() as conn:
            for part in _chunks(sorted(set(keys))):
                ids = select(k.c.event_id).where(k.c.key.in_(part))
                rows.update((r["id"], dict(r)) for r in conn.execute(base.where(e.c.id.in_(ids))).mappings())
            for part in _chunks(list(article_ids)):
                rows.update((r["id"], dict(r)) for r in conn.execute(base.where(e.c.article_id.in_(part))).mappings())
        return list(rows.values())

    def set_event_groups(self, groups: Sequence[dict], keys: Sequence[dict]) -> None:
        """Record events' groups (event_id, group_id, article_id) and blocking keys (key, event_id, article_id)."""
        with self.engine.begin() as conn:
            self._upsert(conn, schema.event_groups, list(groups), update_cols=("group_id",))
            self._upsert(conn, schema.event_keys, list(keys))

    def fill_event_days(self) -> int:
        """File events stored before they had a day (older stores) under one; return how many."""
        e, a = schema.events, schema.articles
        with self.engine.begin() as conn:
            rows = conn.execute(select(e.c.id, e.c.date, a.c.published).join(a, a.c.id == e.c.article_id)
                                .where(e.c.day.is_(None))).all()
            days = [{"event_id": i, "day": event_day(value, published)} for i, value, published in rows]
            days = [d for d in days if d["day"]]
            if days:
                conn.execute(update(e).where(e.c.id == bindparam("event_id")).values(day=bindparam("day")), days)
        return len(days)

    def clear_event_groups(self) -> None:
        with self.engine.begin() as conn:
            for table in (schema.event_groups, schema.event_keys, schema.merged_events, schema.merged_event_actors):
                conn.execute(delete(table))
        self.stale_event_groups.clear()

    def set_event_summaries(self, group_ids: Iterable[str], rows: Sequence[dict], actors: Sequence[dict]) -> None:
        """Replace the summary rows (merged_events, merged_event_actors) of these event groups."""
        ids = sorted(set(group_ids))
        with self.engine.begin() as conn:
            for table in (schema.merged_events, schema.merged_event_actors):
                for part in _chunks(ids):
                    conn.execute(delete(table).where(table.c.group_id.in_(part)))
            self._upsert(conn, schema.merged_events, list(rows))
            self._upsert(conn, schema.merged_event_actors, list(actors))

    def actor_clusters(self, canonical_ids: Sequence[str]) -> list[tuple[Actor, list[str], set[str]]]:
        """For each canonical actor: the actor with every member's names and roles, its member ids, and
        the ids of actors co-mentioned with any member."""
        a, al, r, m, mn = schema.actors, schema.actor_aliases, schema.roles, schema.actor_merges, schema.mentions
        out = []
        with self.engine.connect() as conn:
            for cid in canonical_ids:
                members = [cid, *conn.execute(select(m.c.actor_id).where(m.c.canonical_id == cid)
                                              .where(m.c.actor_id != cid)).scalars()]
                row = conn.execute(select(a).where(a.c.id == cid)).mappings().first()
                if row is None:
                    continue
                names = set(conn.execute(select(al.c.alias).where(al.c.actor_id.in_(members))).scalars())
                roles = tuple(Role(x["title"], x["organization"], x["country"], x["article_id"], x["date"],
                                   x["start"], x["end"])
                              for x in conn.execute(select(r).where(r.c.actor_id.in_(members))).mappings())
                articles = select(mn.c.article_id).where(mn.c.actor_id.in_(members))
                co = set(conn.execute(select(mn.c.actor_id).distinct().where(mn.c.article_id.in_(articles))
                                      .where(mn.c.actor_id.is_not(None))).scalars()) - set(members)
                actor = Actor(row["id"], row["name"], row["kind"], row["country"], row["code"],
                              tuple(sorted(names - {row["name"]})), roles)
                out.append((actor, members, co))
        return out

    def feed_states(self, urls: Sequence[str]) -> dict[str, dict]:
        """The stored state of these watched feeds (validators, schedule, failures), by url."""
        f = schema.feeds
        with self.engine.connect() as conn:
            return {r["url"]: dict(r) for part in _chunks(list(urls))
                    for r in conn.execute(select(f).where(f.c.url.in_(part))).mappings()}

    def save_feed_state(self, state: dict) -> None:
        """Record a watched feed's state after a poll (replacing the previous one)."""
        with self.engine.begin() as conn:
            self._upsert(conn, schema.feeds, [state], update_cols=[c for c in state if c != "url"])

    def start_run(self, command: str) -> int:
        with self.engine.begin() as conn:
            return conn.execute(schema.runs.insert().values(command=command, started_at=_now())).inserted_primary_key[0]

    def finish_run(self, run_id: int, summary: dict, discards: Sequence[Discard] = ()) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(schema.runs).where(schema.runs.c.id == run_id)
                         .values(finished_at=_now(), summary=summary))
            if discards:
                conn.execute(schema.discards.insert(),
                             [{"run_id": run_id, "item": d.item, "stage": d.stage, "reason": d.reason} for d in discards])

    def import_rows(self, table_name: str, rows: list[dict]) -> None:
        """Insert already-shaped rows (from an export) into one table, ignoring ones present."""
        with self.engine.begin() as conn:
            self._upsert(conn, schema.metadata.tables[table_name], rows)
            if table_name == "events":  # imported events are looked up by actor like extracted ones
                self._upsert(conn, schema.event_actors, schema.event_actor_rows(rows))

    # -- reading ----------------------------------------------------------------------------------

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        with self.engine.connect() as conn:
            return self._existing(conn, ids)

    def unextracted_ids(self, ids: Sequence[str] | None = None) -> list[str]:
        """Ids of stored articles whose facts were never extracted (all of them, or among ``ids``)."""
        a = schema.articles
        query = select(a.c.id).where(a.c.extracted_at.is_(None))
        with self.engine.connect() as conn:
            if ids is None:
                return list(conn.execute(query.order_by(a.c.ingested_at, a.c.id)).scalars())
            found: list[str] = []
            for part in _chunks(list(ids)):
                found.extend(conn.execute(query.where(a.c.id.in_(part))).scalars())
            return found

    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, in the order given (unknown ids are left out)."""
        by_id: dict[str, Article] = {}
        with self.engine.connect() as conn:
            for part in _chunks(list(ids)):
                for row in conn.execute(select(schema.articles).where(schema.articles.c.id.in_(part))).mappings():
                    by_id[row["id"]] = row_article(row)
        return [by_id[i] for i in ids if i in by_id]

    def find_article_ids(self, prefix: str) -> list[str]:
        """Ids that start with ``prefix`` (for short ids typed by a person)."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(schema.articles.c.id)
                                     .where(schema.articles.c.id.like(f"{prefix}%")).limit(2)).scalars())

    def article_ids_by_date(self) -> list[str]:
        """Ids of articles that have events, oldest publication first."""
        a, e = schema.articles, schema.events
        with self.engine.connect() as conn:
            return list(conn.execute(select(a.c.id).where(a.c.id.in_(select(e.c.article_id)))
                                     .order_by(a.c.published, a.c.id)).scalars())

    def all_article_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(schema.articles.c.id).order_by(schema.articles.c.ingested_at,
                                                                          schema.articles.c.id)).scalars())

    def search_articles(self, query: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
        """Article summaries (no text), newest first; ``query`` is full-text search."""
        a = schema.articles
        cols = [a.c.id, a.c.title, a.c.source, a.c.url, a.c.published, a.c.language, a.c.ingested_at]
        stmt = select(*cols)
        if query:
            if self.dialect == "sqlite":
                stmt = stmt.where(text("articles.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q)"))
                params = {"q": fts_query(query)}
            else:
                stmt = stmt.where(text("to_tsvector('english', coalesce(articles.title, '') || ' ' || articles.text) "
                                       "@@ plainto_tsquery('english', :q)"))
                params = {"q": query}
        else:
            params = {}
        stmt = stmt.order_by(a.c.published.desc(), a.c.ingested_at.desc(), a.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt, params).mappings()]

    def minhash_candidates(self, keys: Sequence[str]) -> list[str]:
        """Articles with at least one of these LSH band keys."""
        b = schema.article_bands
        with self.engine.connect() as conn:
            return sorted(conn.execute(select(b.c.article_id).distinct().where(b.c.key.in_(list(keys)))).scalars())

    def signatures(self, ids: Sequence[str]) -> dict[str, tuple[int, bytes]]:
        m = schema.article_minhash
        with self.engine.connect() as conn:
            rows = conn.execute(select(m).where(m.c.article_id.in_(list(ids)))).mappings()
            return {r["article_id"]: (r["shingles"], r["signature"]) for r in rows}

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        names = ("articles", "relations", "actors", "mentions", "roles", "quotes", "places", "timexes",
                 "events", "controls", "discards")
        with self.engine.connect() as conn:
            return {n: conn.execute(select(func.count()).select_from(schema.metadata.tables[n])).scalar_one()
                    for n in names}

    def languages(self) -> dict[str, int]:
        a = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(select(a.c.language, func.count()).group_by(a.c.language))
            return {lang or "unknown": n for lang, n in rows}

    def rows(self, table_name: str, where: dict[str, Any] | None = None) -> Iterator[dict]:
        """Every row of a table (optionally filtered by equality), in primary-key order."""
        table = schema.metadata.tables[table_name]
        stmt = select(table).order_by(*table.primary_key.columns)
        for col, value in (where or {}).items():
            stmt = stmt.where(table.c[col] == value)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=CHUNK).execute(stmt).mappings():
                yield dict(row)

    def last_runs(self, limit: int = 5) -> list[dict]:
        r = schema.runs
        with self.engine.connect() as conn:
            return [dict(x) for x in conn.execute(select(r).order_by(r.c.id.desc()).limit(limit)).mappings()]


def fts_query(query: str) -> str:
    """Quote each word so user text cannot break FTS5 syntax."""
    words = [w.replace('"', "") for w in query.split()]
    return " ".join(f'"{w}"' for w in words if w)


def article_row(a: Article) -> dict:
    return {
        "id": a.id, "title": a.title, "source": a.source, "url": a.url,
        "published": a.published.isoformat() if a.published else None,
        "language": a.language, "author": a.author, "origin": a.origin, "text": a.text,
        "ingested_at": (a.ingested_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "dateline": a.dateline, "title_derived": a.title_derived,
    }


def row_article(row) -> Article:
    return Article(
        id=row["id"], text=row["text"], title=row["title"], source=row["source"], url=row["url"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        language=row["language"], author=row["author"], origin=row["origin"],
        ingested_at=datetime.fromisoformat(row["ingested_at"]) if row["ingested_at"] else None,
        dateline=row.get("dateline"), title_derived=bool(row.get("title_derived")),
    )


def actor_rows(actors: Iterable[Actor]) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows for the actors, actor_aliases and roles tables."""
    actor_out, alias_out, role_out = [], [], []
    for actor in actors:
        actor_out.append({"id": actor.id, "name": actor.name, "kind": actor.kind,
                          "country": actor.country, "code": actor.code})
        alias_out.extend({"actor_id": actor.id, "alias": alias} for alias in {actor.name, *actor.aliases})
        for role in actor.roles:
            role_out.append({"id": make_id("role", actor.id, role.article_id, role.start, role.end, role.title),
                             "actor_id": actor.id, "article_id": role.article_id, "title": role.title,
                             "organization": role.organization, "country": role.country, "date": role.date,
                             "start": role.start, "end": role.end})
    return actor_out, alias_out, role_out


def fact_rows(extractions: Sequence[Extraction]) -> dict[str, list[dict]]:
    """Table name → rows for everything extracted from these articles."""
    out: dict[str, list[dict]] = {n: [] for n in ("actors", "actor_aliases", "roles", "mentions", "places",
                                                  "timexes", "quotes", "events", "controls")}
    for x in extractions:
        actors_, aliases, roles_ = actor_rows(x.actors)
        out["actors"] += actors_
        out["actor_aliases"] += aliases
        out["roles"] += roles_
        for m in x.mentions:
            row = {k: getattr(m, k) for k in ("article_id", "start", "end", "text", "label", "kind",
                                             "actor_id", "place_id", "confidence")}
            out["mentions"].append({"id": make_id("mention", m.article_id, m.start, m.end, m.kind), **row})
        out["places"] += [{k: getattr(p, k) for k in ("id", "name", "lat", "lon", "country", "geonames_id",
                                                      "feature", "source", "official", "linear")}
                          for p in x.places]
        out["timexes"] += [{"id": make_id("timex", t.article_id, t.start, t.end), "article_id": t.article_id,
                            "start": t.start, "end": t.end, "text": t.text, "value": t.value,
                            "precision": t.precision, "type": t.type, "future": t.future} for t in x.times]
        out["quotes"] += [{k: getattr(q, k) for k in ("id", "article_id", "start", "end", "text", "speaker_text",
                                                      "speaker_start", "speaker_end", "speaker_actor_id",
                                                      "direct", "cue", "kind")} for q in x.quotes]
        out["events"] += [{**{k: getattr(e, k) for k in ("id", "article_id", "start", "end", "event_type",
                                                        "cameo", "mode", "place_id", "date", "date_precision",
                                                        "status", "quantity", "confidence")},
                           "source_actor_ids": list(e.source_actor_ids),
                           "target_actor_ids": list(e.target_actor_ids),
                           "day": event_day(e.date, x.article.published)} for e in x.events]
        out["controls"] += [{"id": make_id("control", c.article_id, c.start, c.end, c.place_id),
                             **{k: getattr(c, k) for k in ("article_id", "start", "end", "place_id",
                                                           "controller_actor_id", "status", "as_of",
                                                           "confidence")}}
                            for c in x.controls]
    return out

