"""Ingest readers on real files: one fixture per format, bad inputs, folders, stdin and URLs."""

from __future__ import annotations

import http.server
import io
import os
import threading
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from wirewatch.ingest import guess_format, read_inputs
from wirewatch.ingest.build import clean_text
from wirewatch.ingest.text import split_title, strip_markdown
from wirewatch.records import Article, Discard, article_id
from wirewatch.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "ingest"
SAMPLE = Path(__file__).resolve().parents[1] / "wirewatch" / "data" / "sample"


def read(*paths, **kwargs) -> list[Article | Discard]:
    settings = kwargs.pop("settings", Settings())
    return list(read_inputs([str(p) for p in paths], settings, **kwargs))


def only(*paths, **kwargs) -> Article:
    (item,) = read(*paths, **kwargs)
    assert isinstance(item, Article), item
    return item


def discards(items) -> list[Discard]:
    return [i for i in items if isinstance(i, Discard)]


def articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def test_text_file_gives_title_published_and_paragraphs():
    a = only(FIX / "article.txt")
    assert a.title == "Border talks collapse after night of shelling"
    assert a.published == date(2023, 3, 14)
    assert a.text.startswith("KARVELIA — Interior Minister Teodor Vasko")
    assert a.text.count("\n\n") == 2 and "published:" not in a.text
    assert a.language == "en"
    assert a.origin == str(FIX / "article.txt")
    assert a.id == article_id(a.text)
    assert a.ingested_at is not None


def test_crlf_text_is_normalised():
    a = only(FIX / "crlf.txt")
    assert a.title == "Ceasefire holds for a second day"
    assert "\r" not in a.text and "\n\n\n" not in a.text and " \n" not in a.text
    assert a.text.split("\n\n")[1] == "Monitors from the regional security body reported no shelling overnight."


def test_hard_wrapped_paragraphs_are_joined_but_lists_and_paragraphs_kept():
    from wirewatch.ingest.text import unwrap

    wrapped = ("The minister met his counterpart in Vienna on\nTuesday to discuss the border.\n\n"
               "Talks will resume:\n- in Geneva\n- in Oslo\nOfficials said \"no\ndeal\" was near.")
    assert unwrap(wrapped) == ("The minister met his counterpart in Vienna on Tuesday to discuss the border.\n\n"
                               "Talks will resume:\n- in Geneva\n- in Oslo\nOfficials said \"no deal\" was near.")


def test_front_matter_title_keeps_a_long_first_line_in_the_text(tmp_path):
    path = tmp_path / "wrapped.md"
    path.write_text("---\ntitle: Talks in Geneva\n---\nThe Norwegian foreign minister met her Turkish counterpart in\n"
                    "Geneva on Tuesday.\n")
    a = only(path)
    assert a.title == "Talks in Geneva"
    assert a.text == "The Norwegian foreign minister met her Turkish counterpart in Geneva on Tuesday."


def test_markdown_markup_is_stripped_and_front_matter_read():
    a = only(FIX / "article.md")
    assert a.title == "Ostravia moves armoured units to the frontier"
    assert (a.published, a.source, a.author) == (date(2023, 3, 15), "Karvelia Daily", "Mira Sand")
    for markup in ("#", "**", "__", "`", "](", "> ", "* ", "---"):
        assert markup not in a.text, markup
    assert "near the Brelik crossing, a day after" in a.text  # a soft line break is a space
    assert '"This is a defensive measure," said Colonel Pavel Rusk' in a.text
    assert "- Foreign Minister Lena Dask will travel" in a.text
    assert a.text.endswith("called the deployment a provocation.")


def test_html_page_gives_main_text_and_metadata():
    a = only(FIX / "article.html")
    assert a.title == "Talks stall over border"
    assert (a.published, a.author, a.source) == (date(2023, 3, 16), "Jane Doe", "Example Wire")
    assert a.url == "https://example.org/news/talks-stall"
    assert a.text.startswith("GENEVA — Foreign Minister Ana Petrova")
    assert len(a.text.split("\n\n")) == 3
    assert "Home" not in a.text and "Copyright" not in a.text


def test_txt_file_holding_html_is_read_as_html():
    a = only(FIX / "html-page.txt")
    assert a.title == "Envoy recalled"
    assert "<p>" not in a.text and a.text.startswith("Karvelia recalled its ambassador")


def test_rss_entries_become_articles_and_a_textless_entry_a_discard():
    items = read(FIX / "feed.rss")
    first, second = articles(items)
    assert (first.title, first.url, first.published) == ("Troops massed near Brelik", "https://example.org/a1",
                                                         date(2023, 3, 17))
    assert first.text == ("Ostravia has moved two brigades to within ten kilometres of the border, "
                          "Karvelian officials said on Friday.\n\nOstravia denied the report.")
    assert second.text.startswith("The foreign ministers of Karvelia") and second.published == date(2023, 3, 18)
    assert {first.source, second.source} == {"Frontier Wire"}
    assert first.origin.endswith("feed.rss#1")
    (bad,) = discards(items)
    assert bad.item.endswith("feed.rss#3") and "no text" in bad.reason


def test_atom_entries_use_published_then_updated_dates():
    first, second = read(FIX / "feed.atom")
    assert (first.title, first.author, first.published) == ("Vienna talks open", "Mira Sand", date(2023, 3, 21))
    assert second.published == date(2023, 3, 22) and second.url == "https://example.org/b2"
    assert second.text == "The two sides exchanged twelve prisoners at the Brelik crossing on Wednesday."


@pytest.mark.parametrize("name", ["article.warc", "article.warc.gz"])
def test_warc_html_responses_become_articles(name):
    items = read(FIX / name)
    convoy, talks = items
    assert convoy.url == "https://example.org/news/aid-convoy"
    assert convoy.published == date(2023, 3, 25), "WARC-Date is used when the page has no date"
    assert convoy.title == "Aid convoy reaches Brelik"
    assert talks.published == date(2023, 3, 16), "the page's own date wins over WARC-Date"
    assert convoy.origin.endswith(f"{name}#2")


def test_truncated_warc_keeps_records_read_before_the_damage():
    items = read(FIX / "bad" / "truncated.warc.gz")
    assert [a.title for a in articles(items)] == ["Aid convoy reaches Brelik"]
    (bad,) = discards(items)
    assert bad.reason.startswith("malformed WARC after 3 records") and bad.stage == "ingest"


def test_jsonl_bad_line_is_discarded_and_the_rest_read():
    items = read(FIX / "articles.jsonl")
    assert [type(i).__name__ for i in items] == ["Article", "Discard", "Article"]
    assert items[0].published == date(2023, 3, 26) and items[0].source == "Frontier Wire"
    assert items[1].item.endswith("articles.jsonl:2") and "not valid JSON" in items[1].reason
    assert items[2].published == date(2023, 3, 27) and items[2].origin.endswith("articles.jsonl:3")


@pytest.mark.parametrize(
    ("jsonl", "reason"),
    [
        ('["a list"]', "expected a JSON object, got list"),
        ('{"title": "no text"}', "no 'text' string"),
        ('{"text": "Talks resumed.", "published": "last week"}', "'published' 'last week' is not an ISO date"),
        ('{"text": "Talks resumed.", "title": 5}', "'title' must be a string, got int"),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_jsonl_line_problems_are_named(tmp_path, jsonl, reason):
    path = tmp_path / "x.jsonl"
    path.write_text(jsonl + "\n")
    (bad,) = read(path)
    assert bad.item == f"{path}:1" and bad.reason.startswith(reason)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("whitespace.txt", "empty file"),
        ("binary.bin", "binary file (contains NUL bytes)"),
        ("bad-utf8.txt", "undecodable bytes"),
        ("malformed.html", "no article text"),
        ("malformed.xml", "malformed feed (line 2: mismatched tag)"),
        ("not-a-feed.rss", "not a feed"),
        ("malformed.warc", "malformed WARC after 0 records"),
        ("billion-laughs.rss", "entity-expansion bomb"),
    ],
)
def test_bad_inputs_become_discards_with_a_reason(name, reason):
    (bad,) = read(FIX / "bad" / name)
    assert isinstance(bad, Discard)
    assert reason in bad.reason and "\n" not in bad.reason
    assert bad.item == str(FIX / "bad" / name)


def test_malformed_feed_entry_names_the_parse_error():
    (bad,) = read(FIX / "bad" / "malformed-feed.rss")
    assert bad.reason == "feed entry 1 has no text; malformed feed (line 3: mismatched tag)"


def test_feed_with_a_garbled_encoding_declaration_is_a_malformed_feed(tmp_path):
    # feedparser raised UnicodeDecodeError on it; found by the fuzz test
    path = tmp_path / "garbled.rss"
    path.write_bytes(b'<?xml version="1.0" encoding="\x80tf-8"?>\n<rss version="2.0"><channel><title>T</title>'
                     b"<item><title>A</title><description>Troops massed near the border.</description></item>"
                     b"</channel></rss>\n")
    (bad,) = read(path)
    assert isinstance(bad, Discard) and bad.reason.startswith("malformed feed (unreadable encoding declaration")


def test_latin1_and_utf16_files_are_decoded(tmp_path):
    assert only(FIX / "latin1.txt").text.startswith("Le président a déclaré à Genève")
    path = tmp_path / "u16.txt"
    path.write_bytes("Die Außenministerin reiste am Montag nach Wien, um über die Grenze zu sprechen.".encode("utf-16"))
    a = only(path)
    assert a.text.startswith("Die Außenministerin") and a.language == "de", "non-English is kept and flagged"


def test_item_date_and_source_win_over_arguments():
    given = date(2020, 1, 1)
    assert only(FIX / "article.txt", published=given).published == date(2023, 3, 14)
    assert only(FIX / "crlf.txt", published=given, source="Desk").published == given
    assert only(FIX / "crlf.txt", source="Desk").source == "Desk"
    assert only(FIX / "article.md", source="Desk").source == "Karvelia Daily"


def test_front_matter_with_a_bad_date_is_discarded(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\npublished: 2023-13-45\n---\nTalks resumed on Monday.\n")
    (bad,) = read(path)
    assert bad.reason == "front matter: published '2023-13-45' is not a YYYY-MM-DD date"


def test_oversized_file_is_skipped_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(210 * 1024 * 1024)
    start = time.perf_counter()
    (bad,) = read(path)
    assert bad.reason == "file is 210 MB, over the 200 MB limit"
    assert time.perf_counter() - start < 1
    small = tmp_path / "two.txt"
    small.write_bytes(b"word " * 500_000)
    assert read(small, settings=Settings(max_file_mb=1))[0].reason == "file is 3 MB, over the 1 MB limit"


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden(tmp_path):
    for rel in ["b/z.txt", "a.txt", ".hidden.txt", ".git/x.txt", "b/a/y.md", "c.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Text of {rel} about the talks.\n")
    origins = [i.origin for i in read(tmp_path)]
    assert origins == [str(tmp_path / r) for r in ["a.txt", "b/a/y.md", "b/z.txt", "c.txt"]]


def test_ten_thousand_files_stream_quickly(tmp_path):
    for n in range(10_000):
        (tmp_path / f"{n:05d}.txt").write_text(f"Report {n}: officials met at the border crossing on Monday.\n")
    start = time.perf_counter()
    stream = read_inputs([str(tmp_path)], Settings())
    first = next(stream)
    assert first.origin.endswith("00000.txt")
    (tmp_path / "09999.txt").unlink()  # not read yet: the folder is streamed, not loaded up front
    rest = list(stream)
    assert time.perf_counter() - start < 15
    assert len(rest) == 9_999 and rest[-1].reason == "no such file or folder"
    assert all(isinstance(i, Article) for i in rest[:-1])


def test_stdin_is_read_and_its_format_sniffed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((FIX / "feed.atom").read_bytes())))
    items = read("-")
    assert [a.title for a in items] == ["Vienna talks open", "Prisoners exchanged"]
    assert items[0].origin == "-#1"


def test_url_needs_fetch():
    (bad,) = read("https://example.org/feed.xml")
    assert bad.reason == "is a URL; pass --fetch to download it"


def test_fetch_of_an_unreachable_url_is_a_quick_discard():
    start = time.perf_counter()
    (bad,) = read("http://127.0.0.1:9/feed.xml", fetch=True, settings=Settings(fetch_timeout=3))
    assert bad.item == "http://127.0.0.1:9/feed.xml"
    assert bad.reason.startswith("cannot fetch: network unreachable (")
    assert time.perf_counter() - start < 5


@pytest.fixture
def loopback_server():
    """A real HTTP server on 127.0.0.1 serving the fixtures folder."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(FIX))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_reads_feeds_and_pages_by_content_type(loopback_server):
    items = read(f"{loopback_server}/feed.atom", f"{loopback_server}/html-page.txt?x=1",
                 f"{loopback_server}/missing.rss", fetch=True)
    assert [getattr(i, "title", None) for i in items] == ["Vienna talks open", "Prisoners exchanged",
                                                          "Envoy recalled", None]
    assert items[0].url == "https://example.org/b1" and items[2].url == f"{loopback_server}/html-page.txt?x=1"
    assert items[3].reason == "cannot fetch: HTTP 404 File not found"


def test_missing_path_and_special_files_are_discarded(tmp_path):
    assert read(tmp_path / "nope.txt")[0].reason == "no such file or folder"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert read(fifo)[0].reason == "not a regular file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_discarded(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Talks resumed.")
    path.chmod(0)
    assert read(path)[0].reason == "permission denied"


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("a.txt", b"<html><body><p>x</p>", "html"),
        ("a.dat", b"<!DOCTYPE html><p>x", "html"),
        ("a.md", b"<div>x</div> and *more*", "markdown"),
        ("a", b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        ("a.html", b"<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("a", b'{"text": "x"}', "jsonl"),
        ("a.bin", b"WARC/1.0\r\n", "warc"),
        ("a.warc.gz", b"\x1f\x8b\x08", "warc"),
        ("notes", b"Plain words.", "text"),
        ("a.xml", b"Plain words.", "feed"),
    ],
)
def test_format_is_guessed_from_content_then_extension(name, head, fmt):
    assert guess_format(name, head) == fmt


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Troops withdraw\n\nThe troops left.", "Troops withdraw"),
        ("Troops withdraw from Brelik.\n\nThe troops left.", None),
        ("The minister said on Monday that the\nborder would stay closed.", None),
        ("Only one line", None),
        (" ".join(["word"] * 30) + "\n\nBody.", None),
        ("Will the ceasefire hold?\nDiplomats doubt it.", "Will the ceasefire hold?"),
    ],
)
def test_first_line_is_a_title_only_when_it_reads_as_a_headline(text, title):
    assert split_title(text)[0] == title


def test_markdown_stripping_does_not_backtrack_catastrophically():
    nasty = "*" * 50_000 + "_" * 50_000 + "[" * 50_000 + "](" * 20_000 + "\\" * 10_000
    start = time.perf_counter()
    strip_markdown(nasty + "\n# " + "#" * 50_000 + " x")
    assert time.perf_counter() - start < 2


def test_clean_text_is_idempotent_and_keeps_paragraphs():
    raw = "\ufeffOne \t\r\nline\u2028two\x0c\x00\r\n\r\n\r\n\nThree  "
    cleaned = clean_text(raw)
    assert cleaned == "One\nline\ntwo\n\nThree"
    assert clean_text(cleaned) == cleaned


def test_sample_corpus_reads_as_dated_english_articles():
    items = read(SAMPLE)
    assert len(items) == 6 and all(isinstance(a, Article) and a.language == "en" for a in items)
    assert all(a.published and a.title and a.source and 150 <= len(a.text.split()) <= 400 for a in items)
    vienna, rewrite = (a for a in items if "Vienna" in a.title)
    shared = set(vienna.text.split()) & set(rewrite.text.split())
    assert vienna.id != rewrite.id and len(shared) / len(set(vienna.text.split())) > 0.6


# -- gzip-compressed inputs and pages without an article (issue 17) ----------------------------------


@pytest.mark.parametrize("name", ["article.txt", "article.html", "articles.jsonl", "article.md", "feed.rss"])
def test_gzipped_input_is_read_like_the_file_inside(tmp_path, name):
    import gzip

    packed = tmp_path / f"{name}.gz"
    packed.write_bytes(gzip.compress((FIX / name).read_bytes()))
    plain = [(type(i).__name__, getattr(i, "id", None), getattr(i, "title", None)) for i in read(FIX / name)]
    unpacked = [(type(i).__name__, getattr(i, "id", None), getattr(i, "title", None)) for i in read(packed)]
    assert unpacked == plain and any(kind == "Article" for kind, _, _ in unpacked)


def test_gzipped_text_without_extension_is_recognised_by_content(tmp_path):
    import gzip

    packed = tmp_path / "download"
    packed.write_bytes(gzip.compress((FIX / "article.html").read_bytes()))
    assert only(packed).title == only(FIX / "article.html").title  # HTML, not a malformed WARC


def test_gzipped_warc_still_goes_to_the_warc_reader(tmp_path):
    copy = tmp_path / "crawl.gz"  # no .warc in the name: recognised by the first record inside
    copy.write_bytes((FIX / "article.warc.gz").read_bytes())
    assert guess_format(str(copy), copy.read_bytes()) == "warc"
    assert [a.id for a in read(copy)] == [a.id for a in read(FIX / "article.warc.gz")]


def test_corrupt_or_oversized_gzip_is_a_discard_with_a_reason(tmp_path):
    import gzip

    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(b"Some words of an article. " * 50)[:40])
    (bad,) = read(broken)
    assert isinstance(bad, Discard) and bad.reason.startswith("corrupt gzip data")
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * (2 * 1024 * 1024)))
    (big,) = read(bomb, settings=Settings(max_file_mb=1))
    assert isinstance(big, Discard) and "once decompressed" in big.reason


def test_navigation_page_is_skipped_as_no_article_text():
    (item,) = read(FIX / "navigation.html")
    assert isinstance(item, Discard) and item.reason.startswith("no article text")


def test_short_news_page_with_links_in_its_text_is_still_an_article(tmp_path):
    page = tmp_path / "brief.html"
    page.write_text(
        "<html><head><title>Port reopens</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        "<article><h1>Port reopens</h1><p>The port of <a href='/t/odesa'>Odesa</a> reopened on Tuesday after "
        "a week-long closure, officials said.</p></article></body></html>", encoding="utf-8")
    assert "reopened on Tuesday after a week-long closure" in only(page).text
