import io
import json
import sys
from datetime import date

import pytest

from kroniek.errors import InputError
from kroniek.ingest import article_from_seed_text, read_inputs, read_path
from kroniek.model import Article

from conftest import SEED


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_seed_file_keeps_body_unchanged(seed_article):
    raw = SEED.read_text(encoding="utf-8")
    assert seed_article.id == "000_f80c548452cfc866"
    assert seed_article.published.as_given == "2018-07"
    assert seed_article.published.earliest == date(2018, 7, 1)
    assert seed_article.text.startswith("Na hun ontmoeting")
    assert raw.endswith(seed_article.text)


@pytest.mark.parametrize("raw, given", [
    ("date 2018\n\nTekst.", "2018"),
    ("   date 2018-07-20   Tekst hier.", "2018-07-20"),
    ("\n\tdate 2018-07\nTekst.", "2018-07"),
])
def test_seed_header_forms(raw, given):
    a = article_from_seed_text(raw, "x")
    assert a.published.as_given == given and a.text.startswith("Tekst")


def test_text_without_header_has_unknown_date():
    a = article_from_seed_text("Gewoon een tekst zonder datum.", "x")
    assert not a.published.known and a.text == "Gewoon een tekst zonder datum."


def test_malformed_header_is_a_bad_date():
    with pytest.raises(InputError) as info:
        article_from_seed_text("date 2018-13-45\n\nTekst.", "x")
    assert info.value.reason == "bad-date"


def test_header_only_is_no_text():
    with pytest.raises(InputError) as info:
        article_from_seed_text("date 2018-07\n\n", "x")
    assert info.value.reason == "no-text"


def test_jsonl_lines_good_and_bad(tmp_path):
    p = tmp_path / "in.jsonl"
    lines = [
        {"id": 1, "text": "Een.", "published_at": "2019-03-14", "title": "T", "lang": "nl", "source": "vk"},
        "not json",
        {"text": ""},
        {"id": "b", "text": 5},
        {"id": "c", "text": "Twee.", "published_at": "2019-02-30"},
        {"text": "Drie.", "published_at": "2019-03-14T10:00:00+01:00", "url": "https://x.example/a"},
        [1, 2],
    ]
    p.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    items = list(read_path(p))
    kinds = [a.id if isinstance(a, Article) else a.reason for a in items]
    assert kinds[0] == "1" and kinds[1] == "bad-json" and kinds[2] == "no-text" and kinds[3] == "bad-field"
    assert kinds[4] == "bad-date" and kinds[6] == "bad-json"
    assert items[5].published.granularity == "datetime" and len(items[5].id) == 16
    assert items[1].where.endswith("in.jsonl:2")


def test_folder_recursive_in_order_and_id_from_file_name(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("date 2019-01-02 Eerste.", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("Tweede.", encoding="utf-8")
    (tmp_path / ".hidden").write_text("nee", encoding="utf-8")
    (tmp_path / "README.md").write_text("# About these articles", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("CC BY 2.5", encoding="utf-8")
    items = list(read_path(tmp_path))
    assert [a.id for a in items] == ["a", "c"]
    # named explicitly, a Markdown file is read like any text file
    assert [a.id for a in read_path(tmp_path / "README.md")] == ["README"]


def test_cp1252_and_latin1_are_decoded(tmp_path):
    (tmp_path / "cp.txt").write_bytes("De minister zei: “Dat is één café-probleem.” Echt waar.".encode("cp1252"))
    (tmp_path / "l1.txt").write_bytes("Ça va, zei de Belgische premier in Liège. Daarna vertrok hij.".encode("latin-1"))
    a, b = list(read_path(tmp_path))
    assert "één café" in a.text and "“" in a.text
    assert "Liège" in b.text


def test_empty_and_binary_files_fail_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.dat").write_bytes(bytes(range(256)) * 10)
    reasons = sorted(e.reason for e in read_path(tmp_path))
    assert reasons == ["binary", "empty"]


def test_missing_path():
    (e,) = list(read_path("/nonexistent/kroniek/file.txt"))
    assert e.reason == "not-found"


def test_html_page(tmp_path):
    body = " ".join(["De Amerikaanse president Donald Trump ontmoette maandag Vladimir Poetin in Helsinki."] * 8)
    html = f"""<!DOCTYPE html><html lang="nl"><head><title>Top in Helsinki</title>
    <meta property="article:published_time" content="2018-07-17T09:00:00+02:00"></head>
    <body><nav>Menu Home Sport</nav><article><h1>Top in Helsinki</h1><p>{body}</p><p>{body}</p></article>
    <footer>Copyright</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    a = only(read_path(tmp_path / "page.html"))
    assert isinstance(a, Article), a
    assert a.id == "page" and "Poetin in Helsinki" in a.text and "Menu Home" not in a.text
    assert a.published.earliest == date(2018, 7, 17)
    assert a.title == "Top in Helsinki"


def test_html_without_article(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><nav>x</nav></body></html>", encoding="utf-8")
    e = only(read_path(tmp_path / "empty.html"))
    assert isinstance(e, InputError) and e.reason == "no-article"


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"date 2018-07-20\n\nVia stdin.")))
    a = only(read_path("-"))
    assert a.text == "Via stdin." and a.published.as_given == "2018-07-20" and a.origin == "-"


def test_published_override_applies_to_every_input(tmp_path):
    from kroniek.dates import parse_published

    (tmp_path / "a.txt").write_text("Zonder datum.", encoding="utf-8")
    a = only(read_inputs([tmp_path / "a.txt"], parse_published("2020-05")))
    assert a.published.as_given == "2020-05"


def test_content_hash_id_is_stable():
    a = article_from_seed_text("Dezelfde tekst.")
    b = article_from_seed_text("Dezelfde tekst.")
    assert a.id == b.id and len(a.id) == 16
