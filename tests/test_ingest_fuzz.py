"""Property tests: every reader, fed random or mutated bytes, returns Articles/Discards quickly and never raises."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirewatch.ingest import Context, read_bytes
from wirewatch.ingest.build import clean_text
from wirewatch.ingest.sniff import READERS
from wirewatch.records import Article, Discard, article_id

FIX = Path(__file__).parent / "fixtures" / "ingest"
SEEDS = {
    "text": "article.txt", "markdown": "article.md", "html": "article.html", "feed": "feed.rss",
    "warc": "article.warc.gz", "jsonl": "articles.jsonl",
}
FUZZ = settings(max_examples=25, deadline=timedelta(seconds=3), suppress_health_check=[HealthCheck.too_slow])
CTX = Context()


def check(items: list) -> None:
    """Only records come back; no reader fell through to the catch-all; articles are clean."""
    for item in items:
        assert isinstance(item, (Article, Discard))
        if isinstance(item, Discard):
            assert not item.reason.startswith("cannot read ("), item.reason
            assert "\n" not in item.reason
        else:
            assert item.text and item.text == clean_text(item.text)
            assert item.id == article_id(item.text)


@st.composite
def mutated(draw, fmt: str) -> bytes:
    """A valid fixture of ``fmt`` with bytes flipped, cut, inserted or repeated."""
    data = bytearray((FIX / SEEDS[fmt]).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(2, 50))
        else:
            del data[at:]
    return bytes(data)


def _run(fmt: str, data: bytes) -> None:
    check(list(read_bytes(data, SEEDS[fmt], f"fuzz.{fmt}", CTX, fmt)))


@FUZZ
@given(fmt=st.sampled_from(sorted(READERS)), data=st.binary(max_size=3000))
def test_every_reader_survives_random_bytes(fmt, data):
    _run(fmt, data)


@FUZZ
@given(fmt=st.sampled_from(sorted(READERS)), text=st.text(max_size=2000))
def test_every_reader_survives_random_text(fmt, text):
    _run(fmt, text.encode("utf-8", "surrogatepass"))


@settings(max_examples=30, deadline=timedelta(seconds=3), suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_reader_survives_mutated_fixtures(data):
    fmt = data.draw(st.sampled_from(sorted(SEEDS)))
    _run(fmt, data.draw(mutated(fmt)))


@FUZZ
@given(name=st.sampled_from(["a.txt", "a.md", "a.html", "a.rss", "a.warc", "a.jsonl", "a"]),
       data=st.binary(max_size=2000))
def test_sniffing_then_reading_survives_random_bytes(name, data):
    check(list(read_bytes(data, name, name, CTX)))
