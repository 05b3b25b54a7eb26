"""Article text as HTML with its annotations highlighted, built from character offsets.

Every piece of article text is escaped. Spans may nest or overlap: when a span ends while
spans opened after it are still open, those are closed and reopened after it, so the markup
stays well formed whatever the offsets are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote as urlquote

from markupsafe import Markup, escape

from .format import interval_label

# at the same start, longer spans open first; at equal length this order decides
PRIORITY = {"quote": 0, "ent": 1, "speaker": 2, "cue": 3, "event": 4, "timex": 5}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # quote | ent | speaker | cue | timex
    tag: str  # "a" or "span"
    attrs: tuple[tuple[str, str], ...]
    after: Markup | None = None  # markup placed right after the span closes (a quote's speaker)
    first_only: tuple[str, ...] = field(default=("id",))  # attributes not repeated on continuation pieces


def entity_url(name: str) -> str:
    return "/entities/" + urlquote(name, safe="")


def _open(span: Span, continued: bool) -> str:
    parts = [span.tag]
    for k, v in span.attrs:
        if continued and k in span.first_only:
            continue
        parts.append(f'{k}="{escape(v)}"')
    if continued:
        parts.append('data-cont="1"')
    return "<" + " ".join(parts) + ">"


def _close(span: Span) -> str:
    return f"</{span.tag}>"


def render(text: str, spans: list[Span]) -> Markup:
    """Escaped ``text`` with ``spans`` as nested elements."""
    n = len(text)
    good = [s for s in spans if 0 <= s.start < s.end <= n]
    # links must not nest: of overlapping entity mentions keep the first
    links: list[Span] = []
    rest: list[Span] = []
    for s in sorted(good, key=lambda s: (s.start, -s.end)):
        if s.tag == "a":
            if links and s.start < links[-1].end:
                continue
            links.append(s)
        else:
            rest.append(s)
    good = links + rest
    opens: dict[int, list[Span]] = {}
    for s in good:
        opens.setdefault(s.start, []).append(s)
    for lst in opens.values():
        lst.sort(key=lambda s: (-s.end, PRIORITY.get(s.kind, 9)))
    bounds = sorted({0, n} | {s.start for s in good} | {s.end for s in good})
    out: list[str] = []
    stack: list[Span] = []
    for i, pos in enumerate(bounds):
        ending = [j for j, s in enumerate(stack) if s.end == pos]
        if ending:
            low = ending[0]
            above = stack[low:]
            del stack[low:]
            for s in reversed(above):
                out.append(_close(s))
                if s.end == pos and s.after is not None:
                    out.append(str(s.after))
            for s in above:
                if s.end > pos:
                    out.append(_open(s, continued=True))
                    stack.append(s)
        for s in opens.get(pos, ()):
            out.append(_open(s, continued=False))
            stack.append(s)
        if i + 1 < len(bounds):
            out.append(str(escape(text[pos:bounds[i + 1]])))
    for s in reversed(stack):  # nothing should remain open; close defensively
        out.append(_close(s))
    return Markup("".join(out))


def timex_title(t: dict, lang: str | None) -> str:
    label = interval_label(t.get("earliest"), t.get("latest"), lang)
    interval = ""
    if t.get("earliest"):
        interval = f" [{t['earliest']} .. {t.get('latest') or t['earliest']}]"
    mod = f" {t['mod']}" if t.get("mod") else ""
    return f"{t.get('type', 'DATE')} {t.get('value', '')}{mod} = {label}{interval}"


def article_spans(rec: dict) -> list[Span]:
    """Spans for a stored article record: entity mentions, time expressions, quotes with cue and speaker."""
    lang = rec.get("lang")
    spans: list[Span] = []
    for m in rec.get("entities") or ():
        target = m.get("refers_to") or m.get("entity") or m.get("text")
        spans.append(Span(m["start"], m["end"], "ent", "a", (
            ("class", f"ent ent-{m.get('label', 'MISC')}"), ("href", entity_url(target)),
            ("title", f"{m.get('label', '')}: {target}"))))
    for t in rec.get("timexes") or ():
        spans.append(Span(t["start"], t["end"], "timex", "span", (
            ("class", "timex"), ("tabindex", "0"), ("data-value", str(t.get("value", ""))),
            ("title", timex_title(t, lang)))))
    for i, q in enumerate(rec.get("quotes") or ()):
        who = q.get("speaker_canonical") or q.get("speaker")
        after = None
        if who:
            after = Markup('<span class="said-by">— {}</span>').format(who)
        spans.append(Span(q["content_start"], q["content_end"], "quote", "span", (
            ("id", f"q{i}"), ("class", f"quote quote-{q.get('kind', 'direct')}"),
            ("data-speaker", who or "?"), ("title", f"{q.get('kind', 'quote')} quote, speaker: {who or 'unknown'}")),
            after=after))
        if q.get("cue") and q.get("cue_start") is not None:
            spans.append(Span(q["cue_start"], q["cue_start"] + len(q["cue"]), "cue", "span",
                              (("class", "cue"), ("title", "speech verb"))))
        if q.get("speaker") and q.get("speaker_start") is not None:
            spans.append(Span(q["speaker_start"], q["speaker_start"] + len(q["speaker"]), "speaker", "span",
                              (("class", "speaker"), ("title", f"speaker of quote {i + 1}"))))
    for e in rec.get("events") or ():
        if e.get("trigger_start") is None or e.get("trigger_end") is None:
            continue
        when = interval_label(e.get("time_earliest"), e.get("time_latest"), lang) if e.get("time_earliest") else "?"
        spans.append(Span(e["trigger_start"], e["trigger_end"], "event", "span", (
            ("class", "event"), ("title", f"event {e.get('type', '')}: {when} ({e.get('modality', 'happened')})"))))
    return spans

