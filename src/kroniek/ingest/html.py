"""News pages: title, body text and publication date extracted with trafilatura."""

from __future__ import annotations

from ..dates import UNKNOWN, Published, parse_published
from ..errors import DateError, InputError
from ..model import Article
from .decode import clean_text, decode_bytes

# trafilatura needs about 1.5 s per MB of page; real news pages are far smaller
MAX_HTML_BYTES = 5_000_000
MIN_WORDS = 5  # less than this is navigation debris, not an article


def article_from_html(data: bytes, where: str, stem: str | None, published: Published | None = None) -> Article:
    if len(data) > MAX_HTML_BYTES:
        raise InputError("too-large", f"HTML page of {len(data):,} bytes is over the limit", where)
    html = decode_bytes(data, where)
    try:
        import trafilatura
        from trafilatura.settings import use_config

        cfg = use_config()
        cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True, config=cfg)
    except RecursionError:
        raise InputError("bad-html", "HTML nested too deeply to parse", where) from None
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken pages
        raise InputError("bad-html", f"cannot parse HTML: {type(exc).__name__}: {exc}", where) from None
    if doc is None:
        raise InputError("no-article", "no article text found in the HTML page", where)
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = clean_text((get("text") or "").strip())
    if len(text.split()) < MIN_WORDS:
        raise InputError("no-article", "no article text found in the HTML page", where)
    pub = UNKNOWN
    raw_date = get("date")
    if raw_date:
        try:
            pub = parse_published(str(raw_date)[:10], where)
        except DateError:
            pub = UNKNOWN
    if published is not None and published.known:
        pub = published
    lang = get("language")
    return Article(
        id=stem or get("fingerprint") or _hash(text),
        text=text,
        title=get("title"),
        published=pub,
        lang=lang if lang in ("nl", "en") else None,
        url=get("url"),
        source=get("sitename") or get("hostname"),
        origin=where,
    )


def _hash(text: str) -> str:
    from .readers import content_id

    return content_id(text)
