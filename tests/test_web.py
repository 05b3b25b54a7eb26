"""The web view and its JSON API, in process: every route as HTML and JSON, errors, escaping,
the token guard and the `kroniek serve` command."""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import warnings
from html.parser import HTMLParser
from urllib.parse import quote as urlquote

import pytest
from click.testing import CliRunner

from e2e.webstore import HOSTILE_TEXT, build_store, drop_pg_schema, pg_schema

fastapi = pytest.importorskip("fastapi")
with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from kroniek.web.app import create_app  # noqa: E402
from kroniek.web.cli import command as serve_command, is_loopback  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

SEED_ID = "000_f80c548452cfc866"
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "area", "base", "col", "embed", "param",
        "track"}


class Tags(HTMLParser):
    """Collects start tags with attributes, checks nesting, and gathers text by element id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.script_text.append(data)


def parse(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    p.close()
    return p


BACKENDS = ["sqlite", pytest.param("postgres", marks=[
    pytest.mark.postgres, pytest.mark.skipif(not os.environ.get("KRONIEK_TEST_PG"),
                                             reason="KRONIEK_TEST_PG is not set (see .ci/postgres.sh)")])]


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory, seed_article):
    """The test store on SQLite and, when KRONIEK_TEST_PG is set, on PostgreSQL."""
    if request.param == "sqlite":
        yield build_store(tmp_path_factory.mktemp("web") / "web.db", seed_article)
        return
    url, name = pg_schema()
    try:
        yield build_store(url, seed_article)
    finally:
        drop_pg_schema(name)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def get_json(client, path, status=200):
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def get_html(client, path, status=200):
    r = client.get(path)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    tags = parse(r.text)
    assert not tags.errors, tags.errors[:5]
    return r.text, tags


def assert_error(body: dict, status: int, code: str):
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


# ---- search ---------------------------------------------------------------------------------------

def test_search_json_finds_words_and_marks_hits(client):
    data = get_json(client, "/api/search?q=Poetin")
    ids = [r["id"] for r in data["items"]]
    assert SEED_ID in ids and "year-nl-1" in ids and "month-en-1" not in ids
    seed = next(r for r in data["items"] if r["id"] == SEED_ID)
    assert seed["date"] == "juli 2018" and seed["precision"] == "month"
    hits = [p["text"] for p in seed["snippet_parts"] if p["hit"]]
    assert hits and all(h.lower() == "poetin" for h in hits)


def test_search_page_shows_title_date_precision_and_marks(client):
    html, tags = get_html(client, "/search?q=Poetin")
    assert "juli 2018" in html
    assert re.search(r"<mark>Poetin</mark>", html)
    links = [a["href"] for t, a in tags.tags if t == "a" and "href" in a]
    assert f"/articles/{SEED_ID}" in links


def test_search_filters_language_dates_source_and_entity(client):
    assert [r["id"] for r in get_json(client, "/api/search?lang=en")["items"]] == ["month-en-1"]
    only_2019 = {r["id"] for r in get_json(client, "/api/search?since=2019&until=2019")["items"]}
    assert only_2019 == {"hostile-1", "month-en-1"}
    # a month-only bound covers the whole month
    march = {r["id"] for r in get_json(client, "/api/search?since=2019-03&until=2019-03")["items"]}
    assert march == {"hostile-1", "month-en-1"}
    assert [r["id"] for r in get_json(client, "/api/search?source=Example%20Wire")["items"]] == ["month-en-1"]
    by_entity = {r["id"] for r in get_json(client, "/api/search?entity=Vladimir%20Poetin")["items"]}
    assert by_entity == {SEED_ID, "year-nl-1"}
    assert get_json(client, "/api/search?q=Poetin&lang=en")["items"] == []


def test_search_without_words_lists_newest_first(client):
    data = get_json(client, "/api/search")
    assert data["total_articles"] == 4
    assert [r["id"] for r in data["items"]][0] in {"hostile-1", "month-en-1"}
    assert data["items"][-1]["id"] == "year-nl-1"  # dated only to 2018: earliest 2018-01-01
    assert set(data["facets"]["langs"]) == {"nl", "en"}
    headings = {r["id"]: r["heading"] for r in data["items"]}
    assert headings["month-en-1"] == "Acme opens a plant"
    assert headings[SEED_ID].startswith("Na hun ontmoeting eerder deze week in Helsinki")  # untitled: first line


def test_pagination_is_stable_and_complete(client):
    seen = []
    offset = 0
    while offset is not None:
        data = get_json(client, f"/api/search?limit=1&offset={offset}")
        assert len(data["items"]) <= 1
        seen += [r["id"] for r in data["items"]]
        offset = data["page"]["next_offset"]
    assert sorted(seen) == sorted(r["id"] for r in get_json(client, "/api/search?limit=50")["items"])
    html, _ = get_html(client, "/search?limit=1")
    assert 'rel="next"' in html and "offset=1" in html


@pytest.mark.parametrize("path", ["/api/search?limit=0", "/api/search?limit=201", "/api/search?offset=-1",
                                  "/api/search?since=2018-13", "/api/search?until=gisteren", "/api/search?q=!!!",
                                  "/api/quotes?since=nope", "/api/timeline?until=2018-02-30"])
def test_bad_parameters_give_422_in_the_error_shape(client, path):
    assert_error(get_json(client, path, 422), 422, "invalid_parameter")


# ---- article --------------------------------------------------------------------------------------

def test_article_page_highlights_entities_timexes_and_quotes(client):
    html, tags = get_html(client, f"/articles/{SEED_ID}")
    assert "juli 2018" in html  # month-only publication date
    anchors = [a for t, a in tags.tags if t == "a" and "ent" in a.get("class", "")]
    in_text = [a for a in anchors if "title" in a]  # the side list repeats entities without a title
    assert sum(a["href"] == "/entities/Donald%20Trump" for a in in_text) == 2  # "Donald Trump" and "Trump"
    assert any(a["href"] == "/entities/Rusland" for a in anchors)  # "Russische" links to its country
    timexes = [a for t, a in tags.tags if t == "span" and "data-value" in a]
    najaar = next(a for a in timexes if a["data-value"] == "2018-FA")
    assert "2018-09-23" in najaar["title"] and "2018-12-21" in najaar["title"]
    quotes = [a for t, a in tags.tags if t == "span" and "data-speaker" in a]
    assert {q.get("data-speaker") for q in quotes} == {"Vladimir Poetin", "Dan Coates"}
    assert {q["id"] for q in quotes if "id" in q} == {"q0", "q1"}
    assert '<span class="said-by">— Dan Coates</span>' in html


def test_article_json_twin_has_the_record(client):
    data = get_json(client, f"/api/articles/{SEED_ID}")
    assert data["id"] == SEED_ID and data["date"] == "juli 2018"
    assert len(data["entities"]) == 8 and len(data["quotes"]) == 2 and len(data["timexes"]) == 3
    assert data["text"][data["timexes"][0]["start"]:data["timexes"][0]["end"]] == data["timexes"][0]["text"]
    assert {"entity": "Donald Trump", "label": "PER", "mentions": 2} in data["entity_counts"]


def test_article_text_from_the_store_renders_as_text(client):
    html, tags = get_html(client, "/articles/hostile-1")
    # only our own scripts, no script element from the article; no event-handler attributes
    scripts = [a.get("src") for t, a in tags.tags if t == "script"]
    assert all(src and src.startswith("/static/") for src in scripts), scripts
    assert not any(k.startswith("on") for _, a in tags.tags for k in a)
    assert not any(t in ("img", "b", "svg") for t, _ in tags.tags)
    assert not any(a.get("href", "").startswith("javascript:") for _, a in tags.tags)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in html
    assert 'data-speaker="&#34;&gt;&lt;svg onload=alert(5)&gt;"' in html
    # the visible text of the article body is the article text, character for character
    body = html[html.index('id="text">') + len('id="text">'):html.index("</div>\n</article>")]
    body = re.sub(r'<span class="said-by">.*?</span>', "", body)
    assert htmllib.unescape(re.sub(r"<[^>]+>", "", body)) == HOSTILE_TEXT
    assert "<script>alert" not in html and "<img" not in html


def test_hostile_names_are_escaped_on_every_page(client):
    for path in ["/entities", "/quotes", "/timeline", "/search?q=Klaassen",
                 "/entities/" + urlquote('<script>alert("x")</script>', safe="")]:
        html, tags = get_html(client, path)
        assert "<script>alert" not in html and "<svg" not in html, path
        for t, a in tags.tags:
            if t == "script":  # our files, or inert JSON data for the charts
                assert (a.get("src") or "").startswith("/static/") or a.get("type") == "application/json", path
        assert not any("<" in s for s in tags.script_text), path


def test_unknown_article_is_404(client):
    assert_error(get_json(client, "/api/articles/nope", 404), 404, "not_found")
    html, _ = get_html(client, "/articles/nope", 404)
    assert "no article" in html


# ---- entity ---------------------------------------------------------------------------------------

def test_entity_json_has_names_activity_quotes_and_cooccurrence(client):
    e = get_json(client, "/api/entities/Vladimir%20Poetin")
    assert e["name"] == "Vladimir Poetin" and e["label"] == "PER"
    assert e["wikidata_url"] == "https://www.wikidata.org/wiki/Q7747"
    assert e["article_count"] == 2 and e["mentions"] == 2
    assert [a["id"] for a in e["articles"]] == ["year-nl-1", SEED_ID]
    assert [q["content"] for q in e["quotes"]] == ["'Wij staan altijd open voor dergelijke voorstellen'"]
    assert {"Donald Trump", "Helsinki"} <= {c["name"] for c in e["cooccurring"]}
    act = e["activity"]
    # the seed is dated to July 2018 and the other article only to 2018: months, the year not drawn
    assert act["unit"] == "month" and act["keys"] == ["2018-07"] and act["counts"] == [1]
    assert act["coarser"] == 1


def test_entity_found_by_alias_and_page_shows_it(client):
    e = get_json(client, "/api/entities/poetin")  # lower case, short form
    assert e["name"] == "Vladimir Poetin"
    html, tags = get_html(client, "/entities/Vladimir%20Poetin")
    assert "Wikidata Q7747" in html and 'href="https://www.wikidata.org/wiki/Q7747"' in html
    assert 'id="activity-chart"' in html and 'id="activity-data"' in html
    data = json.loads(re.search(r'id="activity-data">(.*?)</script>', html).group(1))
    assert data["counts"] == [1]
    assert '/static/chart.umd.min.js' in [a.get("src") for t, a in tags.tags if t == "script"]
    assert f"/articles/{SEED_ID}#q0" in html


def test_entity_weekly_activity_when_all_days(client):
    e = get_json(client, "/api/entities/Jan%20Klaassen")
    assert e["activity"]["unit"] == "week" and e["activity"]["keys"] == ["2019-02-25"]


def test_unknown_entity_is_404(client):
    assert_error(get_json(client, "/api/entities/Nobody%20Here", 404), 404, "not_found")
    get_html(client, "/entities/Nobody%20Here", 404)


def test_entities_index(client):
    data = get_json(client, "/api/entities?label=PER")
    assert {e["name"] for e in data["items"]} >= {"Donald Trump", "Vladimir Poetin", "Jane Doe"}
    assert all(e["label"] == "PER" for e in data["items"])
    html, _ = get_html(client, "/entities?q=gent")
    assert "/entities/Gent" in html


# ---- timeline and quotes --------------------------------------------------------------------------

def test_timeline_for_an_entity_and_for_everything(client):
    data = get_json(client, "/api/timeline?entity=Dan%20Coates")
    assert [i["kind"] for i in data["items"]] == ["quote"]
    item = data["items"][0]
    assert (item["earliest"], item["latest"]) == ("2018-07-01", "2018-07-31")
    assert item["date"] == "juli 2018" and item["precision"] == "month"
    everything = get_json(client, "/api/timeline")["items"]
    assert sum(i["kind"] == "quote" for i in everything) == 4
    assert [i["earliest"] for i in everything] == sorted(i["earliest"] for i in everything)
    march = get_json(client, "/api/timeline?since=2019-03")["items"]
    assert {i["article_id"] for i in march} == {"hostile-1", "month-en-1"}


def test_events_on_the_entity_page_timeline_and_article(client):
    e = get_json(client, "/api/entities/Vladimir%20Poetin")
    assert [(i["kind"], i["earliest"], i["latest"]) for i in e["events"]] == [("event", "2018-09-23", "2018-12-21")]
    assert e["events"][0]["date"] == "23 september – 21 december 2018"
    items = get_json(client, "/api/timeline?entity=Vladimir%20Poetin")["items"]
    assert {(i["kind"], i["earliest"], i["latest"]) for i in items} == {
        ("event", "2018-09-23", "2018-12-21"), ("quote", "2018-07-01", "2018-07-31")}
    assert any(i["kind"] == "event" for i in get_json(client, "/api/timeline")["items"])
    html, tags = get_html(client, f"/articles/{SEED_ID}")
    ev = [a for t, a in tags.tags if t == "span" and a.get("class") == "event" and "title" in a]
    assert len(ev) == 1 and "23 september – 21 december 2018" in ev[0]["title"] and "planned" in ev[0]["title"]


def test_timeline_page_draws_spans(client):
    html, _ = get_html(client, "/timeline")
    data = json.loads(re.search(r'id="timeline-data">(.*?)</script>', html).group(1))
    spans = [(i["earliest"], i["latest"]) for i in data]
    assert ("2019-03-01", "2019-03-31") in spans  # a month-only date is a span, not a day
    assert 'id="timeline-chart"' in html
    html, _ = get_html(client, "/timeline?entity=Vladimir%20Poetin")
    assert "Timeline of" in html
    assert_error(get_json(client, "/api/timeline?entity=Nobody", 404), 404, "not_found")


def test_quotes_filter_by_speaker_words_and_date(client):
    assert [q["speaker_entity"] for q in get_json(client, "/api/quotes?speaker=Jane%20Doe")["items"]] == ["Jane Doe"]
    assert [q["article_id"] for q in get_json(client, "/api/quotes?q=idee")["items"]] == [SEED_ID]
    assert {q["article_id"] for q in get_json(client, "/api/quotes?since=2019")["items"]} == {"hostile-1",
                                                                                                 "month-en-1"}
    assert len(get_json(client, "/api/quotes")["items"]) == 4
    html, tags = get_html(client, "/quotes?speaker=Dan%20Coates")
    assert f"/articles/{SEED_ID}#q1" in [a.get("href") for t, a in tags.tags if t == "a"]
    assert "juli 2018" in html


# ---- API description, static files, headers ------------------------------------------------------

def test_openapi_describes_every_api_route(client):
    spec = get_json(client, "/openapi.json")
    paths = set(spec["paths"])
    for p in ["/api/search", "/api/articles/{article_id}", "/api/entities", "/api/entities/{name}", "/api/timeline",
              "/api/quotes"]:
        assert p in paths, p
    assert not any(p.startswith(("/search", "/quotes")) for p in paths)
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "since", "until", "lang", "source", "entity", "limit", "offset"} <= params


def test_static_assets_and_security_headers(client):
    r = client.get("/static/chart.umd.min.js")
    assert r.status_code == 200 and r.text.startswith("/*!\n * Chart.js v4")
    r = client.get("/search")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/", follow_redirects=False).headers["location"] == "/search"
    assert_error(get_json(client, "/api/nothing-here", 404), 404, "not_found")


# ---- token guard ----------------------------------------------------------------------------------

def test_token_guards_every_request(db):
    with TestClient(create_app(db, token="s3cret")) as c:
        for path in ["/api/search", "/search", "/static/app.js", "/openapi.json"]:
            r = c.get(path)
            assert r.status_code == 401, path
        assert_error(c.get("/api/search").json(), 401, "unauthorized")
        assert c.get("/api/search", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/search", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        r = c.get("/search?token=s3cret")
        assert r.status_code == 200 and "s3cret" not in r.text  # links do not repeat the token
        assert c.get("/api/quotes").status_code == 200  # the cookie set by ?token= now carries it
        c.cookies.clear()
        assert c.get("/api/quotes").status_code == 401


# ---- the command ----------------------------------------------------------------------------------

def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.5")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("::")


def test_serve_refuses_public_bind_without_token(db):
    r = CliRunner().invoke(serve_command, ["--db", db, "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "--token" in r.output


def test_serve_get_makes_one_request(db):
    r = CliRunner().invoke(serve_command, ["--db", db, "--get", "/api/stats"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["articles"] == 4
    r = CliRunner().invoke(serve_command, ["--db", db, "--get", "/api/articles/nope"])
    assert r.exit_code == 1 and '"not_found"' in r.output


def test_serve_needs_an_existing_store(tmp_path):
    r = CliRunner().invoke(serve_command, ["--db", str(tmp_path / "missing.db"), "--get", "/api/stats"])
    assert r.exit_code == 1 and "kroniek add" in r.output


def test_every_route_is_documented(client):
    """docs/web.md names every page and API route the app serves."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "web.md").read_text(encoding="utf-8")
    paths = {r.path for r in client.app.routes if getattr(r, "methods", None) and "GET" in r.methods}
    paths -= {"/openapi.json", "/"}
    for p in paths:
        shown = re.sub(r"\{(\w+)(:path)?\}", r"{\1}", p)
        shown = shown.replace("{article_id}", "{id}")
        assert f"`{shown}`" in doc, f"{shown} is not in docs/web.md"


def test_every_link_on_every_page_resolves(client):
    """Crawl the pages from /search (same site, one level of articles and entities): no link is dead."""
    from urllib.parse import urlsplit

    seen: set[str] = set()
    todo = ["/search", "/entities", "/quotes", "/timeline", "/api/search"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        r = client.get(path)
        assert r.status_code == 200, path
        if not r.headers["content-type"].startswith("text/html"):
            continue
        for tag, attrs in parse(r.text).tags:
            href = attrs.get("href") if tag == "a" else None
            if not href or href.startswith(("http", "#")):
                continue
            link = urlsplit(href)
            target = link.path + (f"?{link.query}" if link.query else "")
            if link.path.startswith(("/articles/", "/entities/", "/api/")) or target in (
                    "/search", "/entities", "/quotes", "/timeline"):
                todo.append(target)
    assert len([p for p in seen if p.startswith("/entities/")]) >= 10
    assert len([p for p in seen if p.startswith("/articles/")]) == 4
