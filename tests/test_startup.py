"""Start-up footprint (issue 17): what commands import, and the cheaper stand-ins giving the same values."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "wirewatch"
HEAVY = ("spacy", "sklearn", "scipy", "trafilatura", "datasketch", "networkx", "pyarrow", "feedparser", "warcio",
         "charset_normalizer")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys; {code}; print(__import__('json').dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    return {m.split(".")[0] for m in json.loads(out.stdout.splitlines()[-1])}


def test_importing_the_cli_loads_no_heavy_library():
    loaded = _loaded_after("import wirewatch.cli")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_reading_a_text_file_loads_no_html_feed_or_warc_library(tmp_path):
    (tmp_path / "a.txt").write_text("Talks resumed on Monday in the capital, officials said.\n", encoding="utf-8")
    loaded = _loaded_after("from wirewatch.ingest import read_inputs; from wirewatch.settings import Settings; "
                           f"list(read_inputs([{str(tmp_path / 'a.txt')!r}], Settings()))")
    assert not loaded & {"trafilatura", "feedparser", "warcio", "charset_normalizer", "spacy"}


def test_export_formats_still_reach_their_writers():
    from wirewatch import export

    assert export.FORMATS["jsonl"].write is export.export_jsonl
    assert export.FORMATS["gexf"].write.__name__ == "export_gexf"
    with pytest.raises(AttributeError):
        export.no_such_writer  # noqa: B018


def _imports(path: Path) -> set[str]:
    """Modules a wirewatch file imports anywhere (top level or inside functions), as dotted names."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize(("a", "b"), [("run/dask.py", "run/pool.py"), ("web/api.py", "web/pages.py")])
def test_no_import_circle_between(a, b):
    name = {p: "wirewatch." + p[:-3].replace("/", ".") for p in (a, b)}
    a_imports_b = name[b] in _imports(PACKAGE / a)
    b_imports_a = name[a] in _imports(PACKAGE / b)
    assert not (a_imports_b and b_imports_a), f"{a} and {b} import each other"


def test_minhash_gives_datasketch_values_and_lsh_shape():
    datasketch = pytest.importorskip("datasketch")
    from datasketch.lsh import _optimal_param

    from wirewatch.resolve.duplicates import lsh_shape, minhash, shingles

    text = (ROOT / "tests" / "fixtures" / "ingest" / "article.txt").read_text(encoding="utf-8")
    for grams in (shingles(text), set(), {b"one"}):
        for perms in (64, 128):
            reference = datasketch.MinHash(num_perm=perms, seed=1, hashfunc=zlib.crc32)
            reference.update_batch(list(grams))
            assert (minhash(grams, perms) == reference.hashvalues).all()
    for threshold in (0.2, 0.3, 0.54, 0.9):
        assert lsh_shape(threshold, 128) == _optimal_param(threshold, 128, 0.5, 0.5)


def test_story_words_are_scikit_learns():
    text_module = pytest.importorskip("sklearn.feature_extraction.text")
    from importlib import resources

    from wirewatch.resolve.stories import _analyzer

    extra = {w.strip() for w in resources.files("wirewatch").joinpath("data/story_stopwords.txt")
             .read_text("utf-8").splitlines() if w.strip() and not w.startswith("#")}
    reference = text_module.CountVectorizer(
        stop_words=sorted(text_module.ENGLISH_STOP_WORDS | extra), token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
        lowercase=True, strip_accents="unicode").build_analyzer()
    texts = [(ROOT / "tests" / "fixtures" / "ingest" / "article.txt").read_text(encoding="utf-8"),
             "Café in Zürich: İstanbul's ŞAHIN and São Paulo naïvely said THE x2 ½ ﬁnance was the TALKS' topic."]
    for text in texts:
        assert _analyzer()(text) == reference(text)


def test_model_check_hashes_once_per_install_and_still_refuses_a_changed_file(tmp_path, monkeypatch):
    import shutil

    from wirewatch import nlp
    from wirewatch.errors import ModelError
    from wirewatch.settings import Settings

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    name = Settings().model
    copy = tmp_path / "model"
    shutil.copytree(nlp.model_dir(name), copy)
    nlp.verify_model(name, copy)  # hashes, passes, leaves a stamp
    assert nlp.stamp_file().is_file()

    def no_hashing(*_):
        raise AssertionError("hashed again although nothing changed")

    with monkeypatch.context() as m:
        m.setattr(nlp.hashlib, "sha256", no_hashing)
        nlp.verify_model(name, copy)
    with (copy / "meta.json").open("a") as handle:
        handle.write(" ")
    with pytest.raises(ModelError, match="meta.json does not match"):
        nlp.verify_model(name, copy)


def test_language_model_unpacked_once_gives_the_same_answers(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from wirewatch.ingest import language

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached = language._from_cache(LanguageIdentifier, MODEL_DIR / MODEL_FILE)
    assert list((tmp_path / "wirewatch").glob("langid-*.npz"))
    again = language._from_cache(LanguageIdentifier, MODEL_DIR / MODEL_FILE)  # from the unpacked copy
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for text in ("Officials said on Monday that the talks would resume next week in the capital.",
                 "Москва заявила в понедельник, что переговоры продолжатся.", "Le gouvernement a annoncé lundi."):
        assert cached.classify(text) == again.classify(text) == reference.classify(text)


def _english_tokens(vocab, forms):
    from spacy.lang.en import English

    return [tuple(t.text for t in d) for d in English(vocab=vocab).tokenizer.pipe(forms)]


def test_actor_form_tokens_cached_and_rebuilt_when_a_data_file_changes(tmp_path, monkeypatch):
    import shutil

    import spacy

    from wirewatch.extract import gazetteer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    vocab = spacy.blank("en").vocab
    forms = sorted(gazetteer.load_gazetteer().forms)
    assert gazetteer.form_tokens(vocab, forms) == _english_tokens(vocab, forms)  # first use tokenises
    cached = list((tmp_path / "cache" / "wirewatch").glob("actor-forms-*.marshal"))
    assert len(cached) == 1
    assert gazetteer.form_tokens(vocab, forms) == _english_tokens(vocab, forms)  # read back: the same tokens
    cached[0].write_bytes(b"\x00not marshal")  # a damaged cache is rebuilt, not trusted
    assert gazetteer.form_tokens(vocab, forms) == _english_tokens(vocab, forms)

    data = tmp_path / "actors"
    shutil.copytree(gazetteer.data_dir(), data)
    with open(data / "groups.tsv", "a", encoding="utf-8") as handle:
        handle.write("MEXREBZOR\tgroup\tZorro-Vendetta Brigade\tZorro's Brigade\n")
    changed = gazetteer.load_gazetteer(str(data))
    assert "Zorro-Vendetta Brigade" in changed.forms
    new_forms = sorted(changed.forms)
    tokens = gazetteer.form_tokens(vocab, new_forms)
    assert tokens == _english_tokens(vocab, new_forms)  # a stale cache is not used for the new forms
    assert len(list((tmp_path / "cache" / "wirewatch").glob("actor-forms-*.marshal"))) == 2

    doc = spacy.blank("en")("Fighters of Zorro's Brigade met the Zorro-Vendetta Brigade and the Taliban.")
    matcher = gazetteer.gazetteer_matcher(doc.vocab, changed)
    found = {doc[s:e].text for _, s, e in matcher(doc)}
    assert {"Zorro's Brigade", "Zorro-Vendetta Brigade", "Taliban", "the Taliban"} <= found


def test_dictionaries_load_with_the_collector_paused_and_user_actors_still_code(tmp_path):
    import gc

    from wirewatch.extract.petrarch_dicts import load_dictionaries

    user = tmp_path / "startup.actors.txt"
    user.write_text("ZORRO_VENDETTA_STARTUP [MEXREB]\n", encoding="utf-8")
    assert gc.isenabled()
    dic = load_dictionaries((str(user),))
    assert gc.isenabled()  # the collector is back on after loading
    assert dic.actors.code("zorro vendetta startup", 20210709) == "MEXREB"
    assert load_dictionaries().actors.code("zorro vendetta startup", 20210709) is None
