"""Reading articles: formats, metadata, cleaning, and clear errors on bad input."""
from __future__ import annotations

import json
from datetime import date

import pytest

from kg.errors import InputError, MetadataError
from kg.ingest.clean import clean
from kg.ingest.reader import iter_articles, read_article
from tests.conftest import SEEDS

GERMAN = "Der Präsident hat am Montag mit dem Kanzler telefoniert, wie das Amt mitteilte. Es ging um die Lage in der Region und die Beziehungen."


def test_seed_metadata_comes_from_sources_csv():
    [article] = read_article(SEEDS / "000_caf5c7a76446850e.txt")
    assert article.published == date(2025, 10, 16)
    assert article.published_source == "metadata"
    [dpa] = read_article(SEEDS / "001_2b21d8f903b1c0dd.txt")
    assert dpa.outlet == "dpa"


def test_portal_tail_is_cut_from_seed_001():
    [article] = read_article(SEEDS / "001_2b21d8f903b1c0dd.txt")
    assert "Kacey Musgraves" not in article.text
    assert "Magnetschwebebahn" not in article.text
    assert "aus der Isolation geholt" in article.text


def test_sidecar_wins_over_sources_csv(tmp_path):
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,published,outlet\na.txt,2024-01-02,csv-outlet\n", encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text(json.dumps({"published": "2024-03-04"}), encoding="utf-8")
    [article] = read_article(tmp_path / "a.txt")
    assert article.published == date(2024, 3, 4)
    assert article.outlet == "csv-outlet"


def test_article_without_metadata_is_undated(tmp_path):
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    [article] = read_article(tmp_path / "a.txt")
    assert article.published is None and article.published_source == "none"


def test_dateline_gives_the_date(tmp_path):
    (tmp_path / "a.txt").write_text("17. Mai 2025, 21:11 Uhr · Quelle: dpa\n" + GERMAN, encoding="utf-8")
    [article] = read_article(tmp_path / "a.txt")
    assert article.published == date(2025, 5, 17) and article.published_source == "text"


def test_html_article(tmp_path):
    page = f"<html><head><title>T</title><script>var x=1</script></head><body><nav>Menü</nav><article><h1>Titel</h1><p>{GERMAN}</p></article></body></html>"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    [article] = read_article(tmp_path / "a.html")
    assert "telefoniert" in article.text and "var x" not in article.text and "Menü" not in article.text


def test_jsonl_articles(tmp_path):
    rows = [{"doc": "x1", "text": GERMAN, "published": "2025-01-02"}, {"text": GERMAN + " Noch ein Satz."}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    articles = read_article(tmp_path / "a.jsonl")
    assert [a.doc for a in articles] == ["x1", "a.jsonl#2"]


def test_cp1252_and_bom(tmp_path):
    (tmp_path / "a.txt").write_bytes(GERMAN.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + GERMAN.encode("utf-8"))
    assert read_article(tmp_path / "a.txt")[0].text.startswith("Der Präsident")
    assert read_article(tmp_path / "b.txt")[0].text.startswith("Der Präsident")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "no article text"),
        ("bin.txt", b"\x00\x01\x02binary", "binary file"),
        ("en.txt", b"The president spoke with the chancellor on Monday about the situation in the region.", "not German"),
        ("a.pdf", b"%PDF-1.4", "unknown file type"),
    ],
)
def test_bad_inputs_say_what_is_wrong(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_article(tmp_path / name)


def test_broken_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"published": "17.5.2025"}', encoding="utf-8")
    with pytest.raises(MetadataError, match="YYYY-MM-DD"):
        read_article(tmp_path / "a.txt")


def test_future_publication_date(tmp_path):
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"published": "2999-01-01"}', encoding="utf-8")
    with pytest.raises(InputError, match="future"):
        read_article(tmp_path / "a.txt")


def test_folder_skips_bad_files_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    results = list(iter_articles([tmp_path]))
    assert [r.article.doc for r in results if r.article] == ["good.txt"]
    assert len([r for r in results if r.skipped]) == 1


def test_clean_keeps_plain_articles_whole():
    assert clean(GERMAN + "\n") == GERMAN
