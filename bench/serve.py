"""Latency of the web API under concurrent load, on a generated store (default 10,000 articles).

Generates articles with actors, places, quotes, events and control claims straight through ``Store``,
starts ``wirewatch serve --workers N`` on 127.0.0.1 in a child process, times each endpoint alone (unloaded p50), and runs a closed-loop load of ``--clients``
concurrent httpx clients against the main endpoints, bounded by ``--requests`` and ``--seconds``.
Prints p50/p99 per endpoint and overall, next to the baseline: ``/static/app.css`` (a file served with
no store work) under the same load. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from wirewatch.records import Actor, Article, Control, Event, Extraction, Mention, Place, Quote, TimeExpr, make_id
from wirewatch.store import Store

WORDS = ("grain harbour council border talks ceasefire convoy aid ministry envoy shelling protest strike "
         "election bridge pipeline sanctions refugees summit troops drone port village mayor").split()
TYPES = ("ASSAULT", "CONSULT", "PROTEST", "COERCE", "AID", "COOPERATE")


def generate(db: str, n: int, seed: int = 7) -> None:
    """``n`` articles, each naming three of 500 actors and two of 200 places, with a quote and two events."""
    rnd = random.Random(seed)
    actors = [Actor(make_id("actor", i), f"Actor {i}", rnd.choice(("person", "state", "group")),
                    aliases=(f"A{i}",)) for i in range(500)]
    places = [Place(make_id("place", i), f"Place {i}", rnd.uniform(35, 60), rnd.uniform(-10, 45), "UKR")
              for i in range(200)]
    day0 = date(2021, 1, 1)
    with Store(db) as store:
        for batch in range(0, n, 500):
            out = []
            for i in range(batch, min(n, batch + 500)):
                who, where = rnd.sample(actors, 3), rnd.sample(places, 2)
                body = " ".join(rnd.choice(WORDS) for _ in range(250))
                lead = f"{who[0].name} met {who[1].name} in {where[0].name}. {who[2].name} said \"{body[:80]}\". "
                text = lead + body + f" Story {i}."
                published = day0 + timedelta(days=rnd.randrange(365))
                art = Article.create(text, title=f"Story {i}: {body[:40]}", source=f"source{i % 12}",
                                     url=f"https://source{i % 12}.example/{i}", published=published, language="en")
                spans = [(text.index(a.name), text.index(a.name) + len(a.name)) for a in who]
                mentions = [Mention(art.id, s, e, a.name, "PERSON", a.kind, actor_id=a.id) for a, (s, e) in zip(who, spans)]
                p0 = text.index(where[0].name)
                mentions.append(Mention(art.id, p0, p0 + len(where[0].name), where[0].name, "GPE", "place",
                                        place_id=where[0].id))
                q0 = text.index('"') + 1
                quote = Quote(make_id("quote", art.id), art.id, q0, q0 + 80, text[q0:q0 + 80], who[2].name,
                              *spans[2], who[2].id)
                day = str(published)
                events = [Event(make_id("event", art.id, k), art.id, spans[0][0], p0, rnd.choice(TYPES),
                                source_actor_ids=(who[k].id,), target_actor_ids=(who[(k + 1) % 3].id,),
                                place_id=where[k % 2].id, date=day) for k in range(2)]
                control = Control(art.id, p0, p0 + 5, where[1].id, who[0].id, rnd.choice(("held", "taken")), day)
                out.append(Extraction(art, mentions, who, [quote], where, [TimeExpr(art.id, 0, 5, "today", day)],
                                      events, [control]))
            store.add_articles([x.article for x in out])
            store.save_extractions(out)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def endpoints(db: str) -> dict[str, list[str]]:
    """Endpoint name → concrete URLs to pick from (ids taken from the store)."""
    with Store(db) as store:
        arts = [r["id"] for r in store.search_articles(limit=50)]
        acts = [r["id"] for r in store.rows("actors")][:50]
    months = [f"2021-{m:02d}-01" for m in range(1, 13)]
    return {
        "articles": ["/api/articles", "/api/articles?offset=500", "/api/articles?source=source3"],
        "articles?search": [f"/api/articles?search={w}" for w in WORDS[:10]],
        "article": [f"/api/articles/{i}" for i in arts],
        "actors": ["/api/actors", "/api/actors?kind=person", "/api/actors?search=Actor%2012"],
        "actor": [f"/api/actors/{i}" for i in acts],
        "quotes": ["/api/quotes", "/api/quotes?offset=200"] + [f"/api/quotes?by={i}" for i in acts[:10]],
        "quotes?search": [f"/api/quotes?search={w}" for w in WORDS[:10]],
        "search": [f"/api/search?q={w}" for w in WORDS[:10]] + ["/api/search?q=Actor%2042"],
        "article page": [f"/articles/{i}" for i in arts],
        "events": [f"/api/events?type={t}" for t in TYPES] + [f"/api/events?actor={i}" for i in acts[:10]],
        "timeline": [f"/api/timeline?since={m}" for m in months],
        "map": [f"/api/map?as_of={m}" for m in months],
        "graph": [f"/api/graph?type={t}" for t in TYPES],
        "stats": ["/api/stats"],
        "baseline: static file": ["/static/app.css"],
    }


async def load(base: str, urls: dict[str, list[str]], clients: int, requests: int, seconds: float,
               server_pid: int | None = None) -> dict:
    """Closed loop: each client sends one request at a time until the count or the time runs out; the
    server's resident memory (all its processes) is sampled every 0.5 s."""
    peak_rss = 0.0
    done = False

    async def sample() -> None:
        nonlocal peak_rss
        while server_pid and not done:
            peak_rss = max(peak_rss, tree_rss_mb(server_pid))
            await asyncio.sleep(0.5)

    timings: dict[str, list[float]] = {name: [] for name in urls}
    errors: list[str] = []
    names = list(urls)
    sent = 0
    deadline = time.monotonic() + seconds

    async def client(k: int) -> None:
        nonlocal sent
        rnd = random.Random(k)
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            while sent < requests and time.monotonic() < deadline:
                sent += 1
                name = names[sent % len(names)]
                started = time.perf_counter()
                res = await http.get(rnd.choice(urls[name]))
                timings[name].append(time.perf_counter() - started)
                if res.status_code != 200:
                    errors.append(f"{res.status_code} {res.url}")

    started = time.perf_counter()
    sampler = asyncio.create_task(sample())
    await asyncio.gather(*(client(k) for k in range(clients)))
    done = True
    await sampler
    return {"timings": timings, "errors": errors, "seconds": time.perf_counter() - started, "peak_rss": peak_rss}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=6000, help="stop after this many requests (0: unloaded only)")
    parser.add_argument("--seconds", type=float, default=120, help="or after this long")
    parser.add_argument("--db", help="reuse (or create) this store instead of a temporary one")
    parser.add_argument("--workers", type=int, default=2, help="server processes (wirewatch serve --workers N)")
    parser.add_argument("--unloaded", type=int, default=20,
                        help="first time each endpoint alone, one request at a time, this many times (0: skip)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        if not Path(db).exists():
            t0 = time.perf_counter()
            generate(db, args.articles)
            print(f"generated {args.articles} articles in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "wirewatch", "serve", "--db", db, "--port", str(port),
                                   "--workers", str(args.workers)], stderr=subprocess.DEVNULL)
        unloaded: dict[str, list[float]] = {}
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    httpx.get(f"{base}/api/stats", timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            urls = endpoints(db)
            for options in urls.values():  # warm caches once
                try:
                    httpx.get(base + options[0], timeout=120)
                except httpx.HTTPError as exc:
                    print(f"warm-up {options[0]}: {type(exc).__name__}", file=sys.stderr)
            unloaded = time_unloaded(base, urls, args.unloaded)
            result = (asyncio.run(load(base, urls, args.clients, args.requests, args.seconds, server.pid))
                      if args.requests else None)
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)
    if result is None:
        print(f"unloaded p50 per endpoint, {args.articles} articles, serve --workers {args.workers}, "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for name, ts in unloaded.items():
            print(f"{name:24} {pct(ts, .5):8.1f} ms   (x static {pct(ts, .5) / pct(unloaded['baseline: static file'], .5):.1f})")
        return
    report(result, args, unloaded)


def time_unloaded(base: str, urls: dict[str, list[str]], times: int) -> dict[str, list[float]]:
    """Each endpoint alone: ``times`` requests one after another (URLs cycled), nothing else running."""
    out: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=60) as http:
        for name, options in urls.items():
            out[name] = []
            for k in range(times):
                started = time.perf_counter()
                try:
                    http.get(options[k % len(options)])
                except httpx.HTTPError:
                    pass  # a timeout counts as the time it took
                out[name].append(time.perf_counter() - started)
    return out


def tree_rss_mb(pid: int) -> float:
    """Resident memory (VmRSS) of a process and its children (the server's worker processes), in MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def report(result: dict, args, unloaded: dict[str, list[float]] | None = None) -> None:
    every = [t for ts in result["timings"].values() for t in ts]
    load = os.getloadavg()[0]
    print(f"wirewatch serve --workers {args.workers}: {args.articles} articles, {args.clients} concurrent clients, "
          f"{len(every)} requests in {result['seconds']:.1f}s ({len(every) / result['seconds']:.0f} req/s), "
          f"errors {len(result['errors'])}; server peak RSS {result.get('peak_rss', 0):.0f} MB (all processes); "
          f"load average {load:.1f} on {os.cpu_count()} cores (the load generator runs on the same cores)")
    static = result["timings"].get("baseline: static file") or [float("nan")]
    print(f"{'endpoint':24} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'p50/static':>10} {'unloaded p50':>13}")
    for name, ts in result["timings"].items():
        if ts:
            alone = f"{pct(unloaded[name], .5):13.1f}" if unloaded and unloaded.get(name) else f"{'':13}"
            print(f"{name:24} {len(ts):6d} {pct(ts, .5):8.1f} {pct(ts, .99):8.1f} "
                  f"{pct(ts, .5) / pct(static, .5):10.2f} {alone}")
    print(f"{'all':24} {len(every):6d} {pct(every, .5):8.1f} {pct(every, .99):8.1f}   "
          f"(targets: >= 400 req/s, p99 <= 300 ms; unloaded p50 <= 30 ms each at 100k articles)")
    print(f"median request: {statistics.median(every) * 1000:.1f} ms")
    for line in result["errors"][:5]:
        print("error:", line)


if __name__ == "__main__":
    main()
