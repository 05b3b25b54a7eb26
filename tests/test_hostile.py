"""Hostile and broken input: every bad item gets a reason code in the run summary and the store's
failure table, the run goes on with the rest, and `kroniek add` exits 1 when anything failed."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from kroniek.cli import main
from kroniek.errors import InputError
from kroniek.ingest import read_path
from kroniek.model import Annotation, Article, Timex
from kroniek.run import add_paths, annotate_one
from kroniek.settings import Settings
from kroniek.store import open_store

from conftest import BACKENDS

FAST = Settings(nlp="blank", annotators=())
GOOD = "De minister van Financiën sprak dinsdag in Den Haag over de begroting voor volgend jaar."


def write(folder: Path, name: str, data: bytes | str) -> Path:
    p = folder / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def items(path: Path) -> list:
    return list(read_path(path))


def only_error(path: Path) -> InputError:
    out = items(path)
    assert len(out) == 1 and isinstance(out[0], InputError), out
    return out[0]


# ---- one kind of hostile input at a time --------------------------------------------------------

@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\t\n ", "empty"),
    ("noise.txt", random.Random(1).randbytes(4000), "binary"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
    ("controls.txt", "\x01\x02\x03\x04\x05" * 200, "binary"),
    ("month13.txt", "date 2018-13-01\n\n" + GOOD, "bad-date"),
    ("feb30.txt", "date 2019-02-30\n\n" + GOOD, "bad-date"),
    ("words.txt", "date gisteren\n\n" + GOOD, "bad-date"),
    ("onlyheader.txt", "date 2019-01-01\n", "no-text"),
    ("noarticle.html", "<!doctype html><html><head><title>Leeg</title></head><body><nav><a href='/'>Home</a>"
                       "</nav></body></html>", "no-article"),
])
def test_reader_reason_codes(tmp_path, name, data, reason):
    err = only_error(write(tmp_path, name, data))
    assert err.reason == reason
    assert err.where.endswith(name) and err.message


def test_jsonl_lines_each_get_their_own_reason(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": GOOD}),
        '{"id": "x", "text": 5}',
        "{kapot",
        "[1, 2, 3]",
        '"alleen een string"',
        json.dumps({"id": "nt", "title": "geen tekst"}),
        json.dumps({"id": "d", "text": GOOD, "published_at": 20190101}),
        json.dumps({"id": "d2", "text": GOOD, "published_at": "31-12-2019"}),
        json.dumps({"id": ["a"], "text": GOOD}),
        json.dumps({"id": "n", "text": None}),
        json.dumps({"id": "t", "text": GOOD, "title": {"nested": True}}),
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        json.dumps({"id": "ok2", "text": GOOD + " Tot slot."}),
    ]
    out = items(write(tmp_path, "in.jsonl", "\n".join(lines) + "\n\n"))
    got = [o.reason if isinstance(o, InputError) else o.id for o in out]
    assert got == ["ok1", "bad-field", "bad-json", "bad-json", "bad-json", "no-text", "bad-date", "bad-date",
                   "bad-field", "no-text", "bad-field", "bad-json", "ok2"]
    assert [o.where.rsplit(":", 1)[1] for o in out if isinstance(o, InputError)] == \
        ["2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_legacy_encodings_are_decoded(tmp_path, encoding):
    text = "Het café in Genève: “de minister” zei ‘ja’ – voor €5." if encoding != "latin-1" else \
        "Het café in Genève: de élève zei ja, à la française."
    (art,) = items(write(tmp_path, "legacy.txt", ("date 2019-03-04\n\n" + text).encode(encoding)))
    assert art.text == text
    assert art.published.as_given == "2019-03-04"


def test_mostly_utf8_keeps_utf8(tmp_path):
    data = "Één café in Zürich, één in Genève. ".encode() * 3 + b"kapot \xff byte " + "Daarna ging hij naar Brussel.".encode()
    (art,) = items(write(tmp_path, "mixed.txt", data))
    assert "Één café in Zürich" in art.text and "\ufffd" in art.text


def test_control_characters_and_surrogates_become_replacement_characters(tmp_path):
    raw = "Een tekst met \x07 bel, \x1b escape en \x0b tab.\nTweede regel\tmet tab."
    (art,) = items(write(tmp_path, "ctl.txt", raw))
    assert len(art.text) == len(raw)  # one for one: offsets do not move
    assert not any(ord(c) < 32 and c not in "\n\t" for c in art.text)
    line = '{"id": "s", "text": "Een \\ud800 losse en een \\udfff halve surrogate.", "title": "T\\udc00"}'
    (js,) = items(write(tmp_path, "s.jsonl", line + "\n"))
    assert js.text == "Een \ufffd losse en een \ufffd halve surrogate." and js.title == "T\ufffd"
    js.text.encode("utf-8")  # encodable


def test_deeply_nested_html_does_not_crash(tmp_path):
    html = "<!doctype html><html><body>" + "<div>" * 100_000 + "Diep." + "</div>" * 100_000 + "</body></html>"
    out = items(write(tmp_path, "nested.html", html))
    assert len(out) == 1
    assert isinstance(out[0], InputError) and out[0].reason in ("no-article", "bad-html")


def test_huge_html_is_refused_quickly(tmp_path):
    html = "<!doctype html><html><body><article>" + "<p>Een alinea over de minister.</p>" * 200_000 + \
        "</article></body></html>"
    err = only_error(write(tmp_path, "huge.html", html))
    assert err.reason == "too-large"


def test_annotator_crash_is_an_annotate_error():
    class Broken:
        settings = FAST

        def annotate(self, article):
            return 1 / 0

    err = annotate_one(Broken(), Article(id="a", text=GOOD, origin="x"))
    assert isinstance(err, InputError) and err.reason == "annotate-error" and "ZeroDivisionError" in err.message


def test_unstorable_article_is_a_store_error_and_the_batch_is_kept(tmp_path):
    arts = [Article(id=f"a{i}", text=f"{GOOD} {i}", lang="nl", origin=f"x:{i}") for i in range(3)]
    src = write(tmp_path, "in.jsonl", "\n".join(json.dumps({"id": a.id, "text": a.text}) for a in arts) + "\n")

    def annotate(batch):  # the second annotation breaks a NOT NULL column
        out = []
        for a in batch:
            t = (Timex("x", 0, 1, "DATE", None),) if a.id == "a1" else ()
            out.append(Annotation(article=a, published=a.published, lang="nl", timexes=t))
        return out

    with open_store(str(tmp_path / "s.db")) as store:
        summary = add_paths([str(src)], store, FAST, annotate_batch=annotate)
        assert summary.counts.added == 2 and summary.counts.failed == 1
        assert summary.failures[0].reason == "store-error"
        assert sorted(store.article_ids()) == ["a0", "a2"]
        assert [f["reason"] for f in store.failures()] == ["store-error"]


# ---- a whole run over a folder of hostile input -------------------------------------------------

def hostile_folder(root: Path) -> tuple[Path, dict[str, int], int]:
    """A folder with good and bad inputs; returns it, the expected reason counts and good count."""
    d = root / "in"
    d.mkdir()
    write(d, "01_good.txt", "date 2019-03-04\n\n" + GOOD)
    write(d, "02_empty.txt", b"")
    write(d, "03_binary.txt", random.Random(2).randbytes(3000))
    write(d, "04_cp1252.txt", ("date 2019-03\n\nHet “café” in Genève – " + GOOD).encode("cp1252"))
    write(d, "05_baddate.txt", "date 2018-13-45\n\n" + GOOD)
    write(d, "06_huge.txt", "date 2019\n\n" + "Een zin in een heel groot artikel. " * 600_000)  # about 20 MB
    write(d, "07_lines.jsonl", "\n".join([json.dumps({"id": "j1", "text": GOOD + " Een."}), "{kapot",
                                          '{"id": "j3", "text": 7}', json.dumps({"id": "j4", "text": GOOD})]) + "\n")
    write(d, "08_noarticle.html", "<html><head><title>x</title></head><body><nav>menu</nav></body></html>")
    write(d, "09_controls.txt", "Tekst met \x07\x1b tekens. " + GOOD)
    write(d, "10_surrogate.jsonl", '{"id": "s1", "text": "Half \\ud83d teken. ' + GOOD + '"}\n')
    reasons = {"empty": 1, "binary": 1, "bad-date": 1, "too-large": 1, "bad-json": 1, "bad-field": 1,
               "no-article": 1}
    return d, reasons, 6  # good: 01, 04, j1, j4, 09, s1


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_cli_add_records_every_failure_and_goes_on(tmp_path, store_url):
    folder, reasons, good = hostile_folder(tmp_path)
    db = store_url
    cfg = tmp_path / "k.toml"
    cfg.write_text('nlp = "blank"\nannotators = []\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["--config", str(cfg), "add", str(folder), "--db", str(db), "--json"])
    assert res.exit_code == 1, res.output  # something failed: the exit status says so
    summary = json.loads(res.output[res.output.index("{"):])
    assert summary["added"] == good
    assert summary["reasons"] == reasons
    assert summary["failed"] == sum(reasons.values())
    assert all(f["where"] and f["message"] for f in summary["failures"])
    with open_store(str(db)) as s:
        assert s.count_articles() == good
        table = {}
        for f in s.failures(summary["run"]):
            table[f["reason"]] = table.get(f["reason"], 0) + 1
        assert table == reasons
        for rec in s.records():
            assert not any(ord(c) < 32 and c not in "\n\t\r" for c in rec["text"])
            rec["text"].encode("utf-8")
    # the human-readable summary names the reasons too
    res2 = CliRunner().invoke(main, ["--config", str(cfg), "add", str(folder), "--db", str(tmp_path / "t.db")])
    assert res2.exit_code == 1
    assert "too-large" in res2.output and "bad-json" in res2.output


def test_cli_add_exits_0_when_nothing_failed(tmp_path):
    cfg = tmp_path / "k.toml"
    cfg.write_text('nlp = "blank"\nannotators = []\n', encoding="utf-8")
    src = write(tmp_path, "a.txt", "date 2019-01-02\n\n" + GOOD)
    res = CliRunner().invoke(main, ["--config", str(cfg), "add", str(src), "--db", str(tmp_path / "s.db")])
    assert res.exit_code == 0, res.output
