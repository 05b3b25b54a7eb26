"""Find attribution candidates (content span, cue, speaker phrase) in one document."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from ..nlp.doc import Doc
from .lexicon import Lexicon
from .marks import Quoted, find_quoted
from .words import (
    DETERMINERS,
    FINITE_HINTS,
    NAME_LINKS,
    NOT_SPEAKER_HEADS,
    PREPOSITIONS,
    STOP,
    TIME_MODIFIERS,
    TIME_NOUNS,
    TIME_WORD,
)

NAMING = frozenset({"noemde", "noemt", "noemden", "noemen", "genoemd", "omschreef", "omschrijft", "omschreven",
                    "beschreef", "beschrijft", "beschrijven", "beschreven",
                    "bestempeld", "getypeerd", "betiteld", "betitelde", "bestempelde", "bestempelt", "typeerde", "typeert", "called", "calls", "described",
                    "describes", "dubbed", "branded", "labeled", "labelled"})
BOUNDARY = frozenset({"zoals", "dat", "en", "maar", "want", "omdat", "nadat", "waarna", "toen", "terwijl", "hoewel", "zodat",
                      "doordat", "als", "wanneer", "die", "wie", "welke", "waarop", "and", "but", "because", "after",
                      "while", "who", "which", "when", "that", "as", "although", "since", "hoe", "waarom"})
SUBORDINATORS = frozenset({"omdat", "nadat", "zoals", "toen", "terwijl", "hoewel", "zodat", "doordat", "als",
                           "wanneer", "voordat", "waarna", "dat", "hoe", "waarom"})
RELATIVE = frozenset({"die", "wie", "welke", "who", "which", "that"})
# words that open a Dutch sentence with a subordinate clause ("Hoewel ..., blijft ...")
LEADING_SUBORDINATORS = SUBORDINATORS | {"zodra"}
# Dutch words that make the next word a noun ("een bericht van", "de vraag"); not "die"/"dat"/"deze", which also
# start relative clauses ("die zei dat")
NL_NOUN_DET = frozenset(["een", "de", "het", "dit", "mijn", "zijn", "haar", "hun", "ons", "onze", "uw", "elk", "elke",
                         "ieder", "iedere", "geen"])
# a source citation after a quoted headline: "'...' (AD 20-3)"
_CITATION = re.compile(r"\s*\((?:[A-Z][\w.&-]*\s+){1,4}\d")
AUX = frozenset({"heeft", "hebben", "had", "hadden", "is", "zijn", "was", "waren", "wordt", "werd", "worden",
                 "werden", "zal", "zou", "zullen", "zouden", "kan", "kon", "kunnen", "konden", "moet", "moest",
                 "wil", "wilde", "has", "have", "will", "would", "could", "can", "did", "does", "do", "should",
                 "might", "may", "must"})
LEAD = frozenset({"ook", "en", "maar", "dan", "dus", "echter", "also", "and", "but", "so", "yet"})
TITLE_WORDS = frozenset({"boek", "film", "programma", "serie", "artikel", "rubriek", "campagne", "project",
                         "documentaire", "voorstelling", "album", "lied", "nummer", "getiteld", "titel", "thema",
                         "motto", "slogan", "operatie", "actie", "plan", "stichting", "festival", "show", "book",
                         "titled", "entitled", "movie", "song", "program", "programme", "campaign", "operation", "tv-programma", "podcast", "tentoonstelling", "expositie", "bundel", "krant",
                         "single", "hit", "spel", "game", "app", "vraag", "question", "woord", "term", "begrip"})
NOT_SOURCE = frozenset({"plan", "planning", "schema", "regels", "regel", "wet", "traditie", "afspraak", "boekje",
                        "verwachting", "verwachtingen", "protocol", "procedure", "schatting", "schattingen",
                        "berekeningen", "prognose", "prognoses", "cijfers", "statistieken", "definitie", "normen",
                        "plans", "schedule", "rules", "law", "tradition", "estimates", "figures"})
EN_BARE = frozenset({"said", "says", "say", "told", "tells", "saying", "telling", "adding", "arguing", "noting",
                     "claiming", "insisting", "warning", "explaining", "suggesting", "stating", "asserting", "think", "thinks", "thought", "believe", "believes",
                     "believed", "argued", "argues", "claimed", "claims", "added", "noted", "insisted", "warned",
                     "wrote", "writes", "feels", "felt", "knows", "knew", "hopes", "hoped", "fears", "feared",
                     "predicted", "stressed", "acknowledged", "admitted", "suggested", "suggests", "explained"})
_PUNCT_END = frozenset(".!?…")
_ADJECTIVE = re.compile(r"(?:[^s]se|sche|ese|ish|ian|can)$")  # "Chinese", "Russische", "Amerikaanse", "British"
OBJECT_STOP = frozenset({",", ".", ";", ":", "!", "?", "because", "while", "as", "after", "when", "saying", "but",
                         "since", "although", "though", "before", "until", "(", ")", "—", "--"})
NOUN_BEFORE = frozenset({"numerous", "many", "several", "new", "few", "some", "no", "any", "more", "recent", "public",
                         "'s", "’s", "of", "the", "a", "an"})
PREPOSITIONS_EN = frozenset({"on", "in", "at", "during", "after", "before", "with", "by", "from", "into", "over"})
PP_HEADS = frozenset({"van", "rond", "bij", "uit", "binnen", "of", "from", "at", "to", "with"})
# Dutch words ending in -en that are not verbs (after an inserted cue: "..., zei ze, toen ...")
NON_VERBS_ENDING_EN = frozenset(["toen", "gezien", "tegen", "tussen", "binnen", "buiten", "boven", "beneden", "zonder"])
# words that go on with the content after an inserted cue ("..., zei X, dan maar via ...")
NL_CONTINUATIONS = frozenset(["dat", "of", "om", "omdat", "want", "maar", "en", "als", "wanneer", "zodat", "terwijl",
                              "dan", "toch", "ook", "nu", "dus", "echter", "immers", "namelijk", "wel", "niet"])
NUMBER_WORDS = frozenset(["twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "twintig", "honderd",
                          "duizend", "tientallen", "honderden", "duizenden", "vele", "veel", "enkele"])
ADJECTIVE_ENDINGS = ("ige", "lijke", "ische", "se", "ale", "ele", "ere", "ste", "nde", "we", "ke")
ADVERB_CUT = frozenset(["ruim", "bijna", "zeker", "al", "nog", "niet", "wel", "ook", "daarom", "dus", "echter", "nu",
                        "toen", "vaak", "altijd", "nooit", "steeds", "verplicht", "slechts", "zelfs", "pas"])
CLAUSE_BREAKS = frozenset(["maar", "terwijl", "want", "hoewel", "zodat"])
CUE_PARTICLES = frozenset(["weten", "horen", "optekenen", "noteren"])
PERFECT_AUX = frozenset(["heeft", "hebben", "had", "hadden"])
SUBJECT_PRONOUNS = frozenset(["hij", "zij", "ik", "wij", "we", "jij", "je", "u", "men"])
PASSIVE_AUX = frozenset(["werd", "wordt", "werden", "worden", "is", "was"])
COLON_PP = frozenset(["in", "tegen", "op", "via", "bij", "tijdens", "to", "on"])  # "X in een reactie: '...'"
PARTICIPLE_PREFIXES = ("ge", "uitge", "aange", "bekendge", "toege", "opge", "voorge")
# cues whose te-infinitive content may open with "om": requests and proposals ("vroeg hem om ... te ...")
REQUEST_CUES = frozenset(["roept", "riep", "riepen", "roepen", "opgeroepen", "vraagt", "vroeg", "vroegen", "gevraagd",
                          "verzoekt", "verzocht", "verzochten", "stelt", "stelde", "stelden", "stellen", "voorgesteld",
                          "adviseert", "adviseerde", "adviseerden", "geadviseerd", "belooft", "beloofde",
                          "beloofden", "beloofd"])
_TE_VERB = re.compile(r"[a-zäëïöüé]+n$")  # the word after "te" is an infinitive ("te verlenen", not "te weinig")


@dataclass(frozen=True)
class Candidate:
    kind: str  # direct | indirect | mixed
    cstart: int
    cend: int
    cue: str | None
    cue_start: int | None
    speaker: tuple[int, int] | None  # character span of the speaker phrase
    mode: str  # "np": the speaker phrase; "previous": the source of the previous attribution; "passive": none
    anchor: int  # position that orders attributions (the cue, else the content)
    weak: bool = False  # a "volgens X" inside a sentence: gives way to any other cue on the same content


class _Ctx:
    def __init__(self, doc: Doc, lex: Lexicon):
        self.doc, self.lex, self.text = doc, lex, doc.text
        self.toks = doc.tokens
        self.low = [t.text.lower() for t in doc.tokens]
        self.starts = [t.start for t in doc.tokens]
        self.quoted = find_quoted(doc.text)
        self.qstarts = [q.start for q in self.quoted]
        self.inq = [False] * len(self.toks)
        for q in self.quoted:
            for k in range(self.tok_ge(q.cstart), self.tok_ge(q.cend)):
                self.inq[k] = True
        self.not_speech: list[tuple[int, int]] = []
        for pat in lex.not_speech:
            self.not_speech.extend(m.span() for m in pat.finditer(doc.text))

    # ---- token helpers -------------------------------------------------------------
    def tok_ge(self, char: int) -> int:
        return bisect_left(self.starts, char)

    def tok_le(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def sent_range(self, tok: int) -> tuple[int, int]:
        s = self.doc.sentence_at(self.toks[tok].start)
        return s.first, s.last

    def is_word(self, k: int) -> bool:
        return any(c.isalnum() for c in self.toks[k].text)

    def is_cap(self, k: int) -> bool:
        return self.toks[k].text[:1].isupper()

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.toks[a].start, self.toks[b - 1].end

    def quote_at(self, tok: int) -> Quoted | None:
        c = self.toks[tok].start
        i = bisect_right(self.qstarts, c) - 1
        if i >= 0 and self.quoted[i].start <= c < self.quoted[i].end:
            return self.quoted[i]
        return None

    def verb_post_only(self, k: int) -> bool:
        """A verb that is a cue only after the content ("..., vindt X"), not with a dat-clause."""
        vs = self.lex.verbs_for(self.low[k])
        return bool(vs) and all(v.post_only for v, _ in vs)

    def speechless(self, k: int) -> bool:
        c = self.toks[k].start
        return any(s <= c < e for s, e in self.not_speech)

    def is_time(self, k: int) -> bool:
        """Token k starts a time phrase: "donderdag", "deze week", "vorige maand"."""
        if TIME_WORD.match(self.low[k]):
            return True
        return self.low[k] in TIME_MODIFIERS and k + 1 < len(self.low) and self.low[k + 1] in TIME_NOUNS

    # ---- cues ----------------------------------------------------------------------
    def cue_at(self, i: int, hi: int) -> int | None:
        """If token i starts a cue, the index of its last token (the particle, or i itself)."""
        if self.inq[i] or self.speechless(i):
            return None
        if self.lex.lang == "en" and i > 0 and (self.low[i - 1] in DETERMINERS or self.low[i - 1] in NOUN_BEFORE
                                                 or self.low[i - 1].endswith(("'s", "’s"))):
            return None  # "numerous questions", "Trump's claims": a noun, not a verb
        if self.lex.lang == "nl" and i > 0 and self.low[i - 1] in NL_NOUN_DET \
                and not (i + 1 < len(self.low) and self.low[i + 1] == "dat"):
            return None  # "een bericht van", "de vraag of": a noun, not a verb ("een bericht dat ..." still reports)
        for verb, complete in self.lex.verbs_for(self.low[i]):
            if complete:
                return i
            for k in range(i + 1, min(hi, i + 14)):
                if self.low[k] in (",", ".", ";", ":", "!", "?") or self.inq[k]:
                    break
                for p in verb.particles:
                    words = p.split()
                    if self.low[k:k + len(words)] == words:
                        return k + len(words) - 1
                if self.low[k] in self.lex.intro and (k > i + 1 or (k + 1 < hi and self.low[k + 1] not in verb.particles)):
                    break  # ("liet dat weten": "dat" is the object; "stelde dat het ... voor ...": the clause starts)
        return None

    # ---- noun phrases --------------------------------------------------------------
    def np_forward(self, k: int, hi: int, skip: int = 3) -> tuple[int, int] | None:
        n = 0
        while k < hi and n < skip and (self.low[k] in STOP or self.is_time(k)) \
                and self.low[k] not in self.lex.pronouns and (self.low[k] not in DETERMINERS or self.is_time(k)):
            k += 2 if self.low[k] in TIME_MODIFIERS else 1
            n += 1
        if k >= hi or not self.is_word(k) or self.inq[k]:
            return None
        if self.low[k] in self.lex.pronouns:
            return k, k + 1
        a = k
        if self.lex.lang == "nl" and self.low[k] in ("een", "één") and k + 2 < hi and self.low[k + 1] == "van" \
                and self.low[k + 2] in DETERMINERS:
            k += 2  # "een van de bewoners"
        if self.low[k] in DETERMINERS:
            k += 1
        named = False
        while k < hi and k - a < 8 and self.is_word(k) and not self.inq[k]:
            w = self.low[k]
            if w in NAME_LINKS and k > a:
                m = k
                while m < hi and self.low[m] in NAME_LINKS and m - k < 3:
                    m += 1
                if m < hi and self.is_cap(m):  # "Machiel van der Kuijl", "minister van Financiën"
                    k = m
                    continue
            if named and not self.is_cap(k):
                break
            if self.is_cap(k) and not (k == a and self.low[k] in DETERMINERS) and not (
                    _ADJECTIVE.search(w) and k + 1 < hi and self.toks[k + 1].text[:1].islower()
                    and self.low[k + 1] not in STOP):
                named = True  # a name ends the phrase; "Chinese concern" (adjective + noun) does not
            if (w in STOP or TIME_WORD.match(w) or (k > a and (self.lex.is_cue_form(w) or w in CUE_PARTICLES))) \
                    and not self.is_cap(k):
                break  # ("laat de familie weten": the particle ends the phrase)
            if k == a and w in STOP and self.is_cap(k) and not (w in NAME_LINKS and k + 1 < hi and self.is_word(k + 1)):
                break
            k += 1
        if k == a or (k == a + 1 and self.low[a] in DETERMINERS):
            return None
        return a, k

    def np_backward(self, k: int, lo: int) -> tuple[int, int] | None:
        """The noun phrase ending at or before token k (skipping adverbs), not before lo."""
        n = 0
        while k >= lo and n < 3 and (self.low[k] in STOP or TIME_WORD.match(self.low[k]) or self.low[k] == ",") \
                and self.low[k] not in self.lex.pronouns and not (k > lo and self.is_cap(k) and self.lex.lang == "nl"):
            k -= 1
            n += 1
        if k > lo and self.low[k] == ")":
            j = k
            while j > lo and self.low[j] != "(":
                j -= 1
            k = j - 1
        if k < lo or not self.is_word(k) or self.inq[k]:
            return None
        if self.low[k] in self.lex.pronouns:
            return k, k + 1
        e = k + 1
        while k >= lo and e - k <= 8 and self.is_word(k) and not self.inq[k]:
            w = self.low[k]
            if w in NAME_LINKS and k + 1 < e and self.is_cap(k + 1) and k - 1 >= lo and self.is_cap(k - 1) \
                    and self.low[k - 1] not in DETERMINERS:
                k -= 1  # "Karin de Wit", "Frans van der Meer"
                continue
            if w in DETERMINERS:
                # "Bronnen rond het onderzoek", "Een woordvoerder van het ministerie": one prepositional phrase
                if k - 2 >= lo and self.low[k - 1] in PP_HEADS and self.is_word(k - 2) and self.low[k - 2] not in STOP \
                        and not self.inq[k - 2] and not TIME_WORD.match(self.low[k - 2]):
                    k -= 2
                    continue
                break
            if w in NAME_LINKS and self.is_cap(k) and k + 1 < e and self.low[k + 1] in NAME_LINKS:
                k -= 1  # "Van der Voort": a surname opening with a capitalised link word
                continue
            if w in ("van", "of") and k + 1 < e and self.is_cap(k + 1) and k - 1 >= lo and self.is_word(k - 1) \
                    and self.low[k - 1] not in STOP:
                k -= 1
                continue
            if w in PP_HEADS and k + 1 < e and k - 1 >= lo and self.is_word(k - 1) and self.low[k - 1] not in STOP \
                    and not self.inq[k - 1] and (self.is_cap(k + 1) or self.low[k + 1] not in STOP):
                k -= 1  # "people close to Clinton", "a source familiar with the talks"
                continue
            if (w in STOP and not (k > lo and self.is_cap(k) and self.lex.lang == "nl")) or TIME_WORD.match(w):
                k += 1  # (a capitalised word inside the sentence is a name: "Sandra van de Werd", "Theresa May")
                break
            k -= 1
        else:
            k += 1
        k = max(k, lo)
        if k >= e:
            return None
        return k, e

    def subject_of(self, cue: int, lo: int) -> tuple[int, int] | None:
        """The subject noun phrase of the clause whose verb is the cue token."""
        if self.lex.lang == "nl" and cue - 2 >= lo and self.low[cue - 1] == "te" and self.low[cue - 2] == "om":
            return self._main_subject(lo, cue - 2)
        if self.lex.lang == "nl" and cue - 1 > lo and self.low[cue - 1] == "te":
            return self._main_subject(lo, cue - 1)  # "Hij beloofde te zeggen dat ...": the main clause's subject
        if self.lex.lang == "nl" and cue + 1 < len(self.low) and self.low[cue + 1] in SUBJECT_PRONOUNS \
                and cue > lo and self.is_word(cue - 1) and self.low[cue - 1] not in RELATIVE \
                and self.low[cue - 1] not in SUBORDINATORS:
            return cue + 1, cue + 2  # "Zenuwen zegt hij niet te hebben": a pronoun after the verb is the subject
        cs = cue
        while cs - 1 >= lo and self.low[cs - 1] not in BOUNDARY and self.low[cs - 1] not in (",", ";", ":", "wat") \
                and not self.inq[cs - 1] and not (self.quote_at(cs - 1)):
            if self.low[cs - 1] == ")":  # skip a parenthesis: "Les Républicains (LR) zei"
                j = cs - 1
                while j > lo and self.low[j] != "(":
                    j -= 1
                cs = j
                continue
            cs -= 1
        finite = cue
        for k in range(cs, cue):
            if self.low[k] in AUX and not (k > cs and self.is_cap(k)):  # ("Van de Werd kondigde": a name)
                finite = k
                break
        pre = list(range(cs, finite))
        while pre and self.low[pre[0]] in LEAD:
            pre.pop(0)
        if pre and cs - 1 > lo and self.low[cs - 1] in ("die", "wie", "welke") and self.lex.lang == "nl":
            # verb-final relative clause: "een docent die na de zege op Facebook schreef" (the antecedent speaks)
            # or "de brief die de minister gisteren schreef" (the clause's own subject)
            if self.low[pre[0]] in PREPOSITIONS or self.low[pre[0]] in STOP or self.is_time(pre[0]):
                return self.np_backward(cs - 2, lo)
            first = self.np_forward(pre[0], finite, skip=0)
            if first:
                return first
        if pre and cs - 1 >= lo and (self.low[cs - 1] in SUBORDINATORS or self.low[cs - 1] == "wat") \
                and self.lex.lang == "nl":
            # verb-final clause: "zoals Van Wakeren dinsdagavond tijdens de presentatie zei"
            first = self.np_forward(pre[0], finite, skip=0)
            if first:
                return first
        if not pre and cs - 1 == lo and self.low[lo] in ("die", "deze") and self.lex.lang == "nl":
            return lo, lo + 1  # "Die hield vol dat ...": a demonstrative subject opening the sentence
        if not pre and cs - 1 >= lo and self.low[cs - 1] in RELATIVE and cs - 1 > lo:
            # "de man die zei dat": the antecedent before the relative pronoun
            return self.np_backward(cs - 2, lo)
        inverted = (not pre or self.low[pre[0]] in STOP or self.is_time(pre[0])
                    or self.low[pre[0]] in self.lex.backref) and not (pre and self.low[pre[0]] in self.lex.pronouns)
        if pre and inverted and self.low[pre[0]] in NAME_LINKS and self.is_cap(pre[0]) and len(pre) > 1 \
                and self.is_cap(pre[-1]):
            inverted = False  # "Van de Werd kondigde aan": a surname with a capitalised link word
        if not pre and cs - 1 > lo and self.low[cs - 1] in ("en", "maar", "and", "but"):
            # "Djaga Djaga bedankt ... en zegt dat": the subject of the first conjunct
            ps = cs - 1
            while ps - 1 >= lo and self.low[ps - 1] not in BOUNDARY and self.low[ps - 1] not in (",", ";", ":") \
                    and not self.inq[ps - 1]:
                ps -= 1
            if ps < cs - 1 and (self.is_cap(ps) or self.low[ps] in DETERMINERS or self.low[ps] in self.lex.pronouns):
                first = self.np_forward(ps, cs - 1, skip=0)
                if first:
                    return first
            if ps - 1 > lo and self.low[ps - 1] in RELATIVE:  # "Sanders, who endorsed X and said ..."
                return self.np_backward(ps - 2, lo)
        if not pre and cs - 1 > lo and self.low[cs - 1] == "," and self.lex.lang == "nl":
            # "Een groep die zich X noemt, sprak van ...": the noun phrase before the relative clause
            rel = next((k for k in range(lo + 1, cs - 1) if self.low[k] in ("die", "dat")), None)
            if rel is not None:
                np = self.np_forward(lo, rel, skip=0)
                if np and (np[1] == rel or (np[1] == rel - 1 and self.low[np[1]] == "," and self.is_cap(np[0]))):
                    return np  # ("Scholte ter Horst, die zelf voor XS4All werkte, zegt dat")
        if inverted:
            hi = self.sent_range(cue)[1]
            nxt = finite + 1
            if not pre and cs - 1 > lo and self.low[cs - 1] == "," and (nxt >= hi or self.low[nxt] in self.lex.intro
                                                                         or not self.is_word(nxt)
                                                                         or self.low[nxt] in STOP - self.lex.pronouns):
                # "Een andere politica, Lucy Flores, zegt dat ...": the subject stands before the comma
                back = self.np_backward(cs - 2, lo)
                c1 = next((k for k in range(cs - 3, lo, -1) if self.low[k] == ","), None) \
                    if back is not None and self.lex.lang == "nl" and not self.is_cap(back[0]) else None
                named = self.np_backward(c1 - 1, lo) if c1 is not None and c1 - 1 > lo else None
                if named is not None and named[1] == c1 and self.is_cap(named[1] - 1) and back[0] > c1:
                    # "Milo Schoenmaker, bestuursvoorzitter van het COA, stelt dat", "had het instituut Iarc,
                    # onderdeel van de WHO, geconcludeerd dat": the name before the role
                    return named
                if back is None:
                    # "Freek Haverman, bedenker van de naam 'X', zegt overigens dat": the name before the apposition
                    first = self.np_forward(lo, cs - 1, skip=0)
                    if first and first[1] < cs - 1 and self.low[first[1]] == ",":
                        return first
                return back
            if nxt < hi and self.low[nxt] in self.lex.intro:
                return None
            if nxt < hi and self.lex.lang == "nl" and self.low[nxt].endswith("end") and not self.is_cap(nxt):
                return None  # "riep lachend: ...": a manner word, not an inverted subject
            return self.np_forward(nxt, hi)
        if self.low[finite - 1] == "." and finite - 2 >= pre[0] and len(self.low[finite - 2]) == 1 \
                and self.is_cap(finite - 2):
            return self.np_forward(pre[0], finite, skip=0)  # "Hoofdverdachte E. zei": a name ending in an initial
        return self.np_backward(finite - 1, pre[0])

    def _main_subject(self, lo: int, hi: int) -> tuple[int, int] | None:
        """Dutch: the subject of the main clause in tokens lo..hi, for a cue in an om-te clause ("Toen ..., gebruikte
        ze dat podium om te stellen dat ...", "Hij belde om te zeggen dat ...")."""
        k = lo
        while k < hi and self.low[k] in LEAD:
            k += 1
        if k < hi and self.low[k] in LEADING_SUBORDINATORS:
            comma = next((m for m in range(k, hi) if self.low[m] == ","), None)
            return self.np_forward(comma + 2, hi, skip=0) if comma is not None and comma + 2 < hi else None
        if k < hi and self.low[k] in self.lex.pronouns:
            return k, k + 1  # "Hij belde om te zeggen dat ..."
        return None  # without parts of speech the subject's end is unknown: left to the previous source

    # ---- content helpers -----------------------------------------------------------
    def content_to_end(self, a: int, hi: int) -> tuple[int, int] | None:
        """Characters of tokens a..hi minus trailing punctuation (and an unmatched closing quote)."""
        b = hi
        for k in range(a + 1, hi - 1):
            if self.low[k] in (".", "!", "?") and self.quote_at(k + 1) is not None and self.quote_at(k) is None:
                b = k + 1
                break
        if self.lex.lang == "en":
            b = min(b, self._coordinated_cue(a, b))
        while b > a and not self.is_word(b - 1) and self.quote_at(b - 1) is None:
            b -= 1
        if b - a < 2:
            return None
        s, e = self.span(a, b)
        q = self.quote_at(b - 1)
        if q is not None and q.end <= e + 2 and q.start >= s:
            e = min(e, q.end)
        return s, e


    def _coordinated_cue(self, a: int, b: int) -> int:
        """English: the speaker's next verb ends the content: "he was not ready to support Trump, and suggested
        that ...". Returns the comma's token index, or ``b``."""
        for k in range(a + 2, b - 2):
            if self.low[k] == "," and not self.inq[k] and self.low[k + 1] == "and" and self.lex.is_cue_form(self.low[k + 2]):
                return k
        return b


def _near(keep: list[Candidate], c: Candidate) -> list[Candidate]:
    """Kept candidates whose content overlaps ``c``."""
    return [k for k in keep if k.cend > c.cstart and k.cstart < c.cend]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def find_candidates(doc: Doc, lex: Lexicon) -> list[Candidate]:
    """All attribution candidates in ``doc``, ordered by anchor."""
    cx = _Ctx(doc, lex)
    indirect, consumed = _indirect(cx)
    direct = _direct(cx, consumed)
    out = indirect + direct
    out.sort(key=lambda c: (c.weak, c.anchor, c.cstart))
    # drop an indirect candidate that duplicates a direct one
    keep: list[Candidate] = []
    by_start: dict[int, list[Candidate]] = {}  # kept candidates by content start, in 2,000-character buckets
    for c in out:
        dup = False
        nearby = [k for b in range(c.cstart // 2000 - 3, c.cend // 2000 + 1) for k in by_start.get(b, ())]
        for k in _near(nearby, c):
            ov = _overlap((c.cstart, c.cend), (k.cstart, k.cend))
            union = max(c.cend, k.cend) - min(c.cstart, k.cstart)
            if ov * 2 >= union:
                dup = True
                break
        if not dup:
            keep.append(c)
            by_start.setdefault(c.cstart // 2000, []).append(c)
    keep.sort(key=lambda c: (c.anchor, c.cstart))
    return keep


# ---- indirect and mixed -------------------------------------------------------------

def _indirect(cx: _Ctx) -> tuple[list[Candidate], set[int]]:
    out: list[Candidate] = []
    consumed: set[int] = set()
    lex = cx.lex
    for s in cx.doc.sentences:
        lo, hi = s.first, s.last
        used_until = lo
        for i in range(lo, hi):
            if i < used_until or cx.inq[i]:
                continue
            w = cx.low[i]
            cand = None
            if w == "volgens" or (lex.lang == "en" and w == "according" and i + 1 < hi and cx.low[i + 1] == "to"):
                cand = _volgens(cx, i, lo, hi)
            elif w == "naar" and cx.low[i + 1:i + 3] == ["eigen", "zeggen"] and lex.lang == "nl" \
                    and not (i > lo and cx.low[i - 1] == ","):
                cand = _eigen_zeggen(cx, i, lo, hi)
            elif w in lex.postposed and i > lo and cx.low[i - 1] == ",":
                cand = _postposed(cx, i, i + 1, lo, hi)
            elif w in ("klinkt", "luidt", "heet") and i + 1 < hi and cx.low[i + 1] == "het":
                cand = _impersonal(cx, i, lo, hi)
            elif lex.lang == "nl" and w == "zoals" and (i == lo or (i == lo + 1 and cx.low[lo] in LEAD)):
                cand = _zoals(cx, i, lo, hi)
            elif lex.lang == "nl" and w in PERFECT_AUX and i > lo + 3 and (
                    cx.low[i - 1] == "," or (cx.low[i - 1] == "zo" and cx.low[i - 2] == ",")):
                cand = _postposed_perfect(cx, i, lo, hi)
            else:
                last = cx.cue_at(i, hi)
                if last is not None:
                    cand = _verb_cue(cx, i, last, lo, hi)
            if cand is None:
                continue
            near_q = cx.quoted[max(0, bisect_left(cx.qstarts, cand.cstart) - 1):bisect_left(cx.qstarts, cand.cend)]
            covered = sum(max(0, min(q.cend, cand.cend) - max(q.cstart, cand.cstart)) for q in near_q)
            first = cx.tok_ge(cand.cstart)
            if lex.lang == "nl" and first > 0 and cx.low[first - 1] in lex.intro and cx.quote_at(first) is not None:
                # "zei in een verklaring dat 'uit de eerste onderzoeken bleek ...'": a quoted dat-clause (mixed)
                out.append(Candidate("mixed", *cand_fields(cand), weak=cand.weak))
                consumed.update(id(q) for q in near_q if q.start >= cand.cstart - 2 and q.end <= cand.cend + 2)
                continue
            qs = [q for q in near_q if q.start >= cand.cstart - 2 and q.end <= cand.cend + 2]
            # "zei dat de 'waardigheid van vrouwen' op het spel staat": words of the writer before the quoted part
            lead_words = bool(qs) and _words(cx.text[cand.cstart:qs[0].start]) >= 1 and lex.lang == "nl"
            if covered >= 0.6 * (cand.cend - cand.cstart) and not lead_words:
                continue  # mostly a direct quote (perhaps split into sentences inside): the direct pass has it
            if qs:
                quoted = sum(q.cend - q.cstart for q in qs)
                if quoted >= 0.8 * (cand.cend - cand.cstart):
                    continue  # the whole content is a direct quote; the direct pass attributes it
                cand = Candidate("mixed", *cand_fields(cand), weak=cand.weak)
                consumed.update(id(q) for q in qs)
            out.append(cand)
    return out, consumed


def cand_fields(c: Candidate) -> tuple:
    return c.cstart, c.cend, c.cue, c.cue_start, c.speaker, c.mode, c.anchor


def _mk(cx: _Ctx, kind: str, content: tuple[int, int], cue: int | None, spk: tuple[int, int] | None,
        mode: str = "np") -> Candidate:
    cue_text = cx.toks[cue].text if cue is not None else None
    cue_start = cx.toks[cue].start if cue is not None else None
    sp = cx.span(*spk) if spk else None
    anchor = cue_start if cue_start is not None else content[0]
    return Candidate(kind, content[0], content[1], cue_text, cue_start, sp, mode, anchor)


def _volgens(cx: _Ctx, i: int, lo: int, hi: int) -> Candidate | None:
    k = i + 2 if cx.low[i] == "according" else i + 1
    np = cx.np_forward(k, hi, skip=0)
    if np is None:
        return None
    head = cx.low[np[1] - 1]
    if head in NOT_SOURCE or cx.low[np[0]] in NOT_SOURCE:
        return None
    if cx.low[np[0]] in ("mij", "me", "ons", "mijn"):
        return None
    if i == lo or (i == lo + 1 and cx.low[lo] in LEAD):
        if cx.lex.lang == "nl":
            np = _volgens_np(cx, np, hi)
        a = np[1]
        if a < hi and cx.low[a] == "(":  # "Volgens Stijn Warmenhoven (17), die ..., hoeven ..."
            while a < hi and cx.low[a] != ")":
                a += 1
            a += 1
        if a + 1 < hi and cx.low[a] == "," and cx.low[a + 1] in ("die", "dat", "wie"):
            close = next((m for m in range(a + 2, hi) if cx.low[m] == ","), None)
            if close is not None:
                a = close
        while a < hi and cx.low[a] == ",":
            a += 1
        end = hi
        if cx.lex.lang == "nl":  # "Volgens X is er geen reden tot zorg, maar de oppositie denkt ...": X's part only
            end = next((m for m in range(a + 3, hi - 1) if cx.low[m] == "," and cx.low[m + 1] in CLAUSE_BREAKS
                        and not cx.inq[m]), hi)
        content = cx.content_to_end(a, end)
    elif cx.low[i - 1] == "," and np[1] >= hi - 2:
        content = cx.content_to_end(lo, i - 1) if i - 1 - lo >= 2 else None
        if content:
            content = (content[0], cx.toks[i - 2].end)
    else:
        if cx.lex.lang == "nl":
            np = _head_np(cx, np)  # "werd volgens de politie zorgvuldig uitgevoerd": the source is 'de politie'
        content = cx.content_to_end(lo, hi)
        if content:
            return replace(_mk(cx, "indirect", content, i, np), weak=True)
    if not content:
        return None
    return _mk(cx, "indirect", content, i, np)


def _head_np(cx: _Ctx, np: tuple[int, int]) -> tuple[int, int]:
    """Dutch, without parts of speech: a source phrase after 'volgens' inside a sentence ends before the first word
    that cannot belong to it: an adverb, a time phrase, a number, a determiner, a participle or an infinitive
    ("volgens de politie zorgvuldig uitgevoerd", "volgens de exitpoll de grootste")."""
    a, b = np
    if cx.low[a] not in DETERMINERS or b - a <= 2:
        return np
    k = a + 1
    while k < b - 1 and (cx.low[k].endswith(ADJECTIVE_ENDINGS) or _ADJECTIVE.search(cx.low[k])):
        k += 1  # adjectives before the noun: "de eerste onderzoeksresultaten", "de Zweedse wetenschapper"
    for m in range(k + 1, b):
        w = cx.low[m]
        if cx.is_cap(m) or w in PP_HEADS:
            return np  # a name or a prepositional phrase: "de directie van de Zeeuwse Veilingen"
        if cx.is_time(m) or w in ADVERB_CUT or w in DETERMINERS or w[:1].isdigit() or w in NUMBER_WORDS \
                or w.endswith(("ig", "lijk", "isch", "e")) or (w.startswith("ge") and w.endswith(("d", "t"))) \
                or (m == b - 1 and w.endswith("en")):
            return a, m  # ("... racistische leuzen": an adjective after the noun starts another phrase)
    return np


def _volgens_np(cx: _Ctx, np: tuple[int, int], hi: int) -> tuple[int, int]:
    """Dutch 'Volgens X <finite verb> ...' (verb second): the source ends at the finite verb. Cut a phrase that
    ran past it ("Volgens het bedrijf krijgt Nederland ..."), or extend one that stopped at a preposition inside
    a title ("volgens lijsttrekker voor de Eerste Kamer Paul Rosenmöller kan ...")."""
    for m in range(np[0] + 1, np[1]):
        if cx.low[m] in FINITE_HINTS and not cx.is_cap(m):
            return np[0], m
    for m in range(np[1], min(hi, np[1] + 10)):
        if not cx.is_word(m) or cx.inq[m]:
            break
        if cx.low[m] in FINITE_HINTS and not cx.is_cap(m):
            if m > np[1] and (cx.is_cap(m - 1) or ((cx.low[np[1]] in PP_HEADS or cx.low[np[1]] in ("voor", "in"))
                                                   and m - np[1] <= 4)):
                return np[0], m  # ("volgens de officier van justitie heeft hij ...")
            return np
    return np


def _passive(cx: _Ctx, i: int, last: int, lo: int, hi: int) -> bool:
    """Dutch: a participle cue after a passive auxiliary in its clause, with no "door X" agent ("Er werd gezegd
    dat", "in het akkoord werd uitgesproken dat")."""
    w = cx.low[i]
    if cx.lex.lang != "nl" or not (w.startswith(PARTICIPLE_PREFIXES)
                                   or (w.startswith(("ver", "be", "ont", "her", "er")) and w.endswith(("d", "t")))):
        return False  # a participle: "gezegd", "aangekondigd", or without ge-: "verzocht", "bevestigd"
    aux = [k for k in range(max(lo, i - 8), i) if cx.low[k] in PASSIVE_AUX]
    if not aux or any(cx.low[k] in (",", ";", "heeft", "hebben", "had", "hadden") for k in range(aux[-1], i)):
        return False
    return not any(cx.low[k] == "door" for k in range(aux[-1], min(hi, last + 6)))


def _eigen_zeggen(cx: _Ctx, i: int, lo: int, hi: int) -> Candidate | None:
    """'X moeten naar eigen zeggen langer reizen': the sentence is X's claim (like a "volgens" inside a sentence);
    X is the noun phrase the sentence opens with, else the previous source."""
    content = cx.content_to_end(lo, hi)
    if content is None:
        return None
    start = lo
    while start < i and cx.low[start] in LEAD:
        start += 1
    np = cx.np_forward(start, i, skip=0) if start < i and not cx.is_time(start) else None
    return replace(_mk(cx, "indirect", content, i + 2, np, mode="np" if np else "previous"), weak=True)


def _postposed(cx: _Ctx, cue: int, np_from: int, lo: int, hi: int) -> Candidate | None:
    """'<content>, <cue> <speaker>.' (also with a prepositional tail, or inserted mid-sentence)."""
    if cx.lex.lang == "nl" and any(cx.low[k] in ("niet", "nooit") for k in range(cue + 1, min(hi, cue + 5))):
        return None  # "Welke dat zijn, maakt hij niet duidelijk": a negated cue reports nothing
    if cx.low[np_from:np_from + 2] in (["onder", "meer"], ["onder", "andere"]):
        np_from += 2  # "..., constateerden onder meer Amerikaanse inlichtingendiensten."
    np = cx.np_forward(np_from, hi, skip=0)
    if np is None:
        return None
    parenthetical = False
    tail_pp = np[1] < hi and (cx.low[np[1]] in PREPOSITIONS or cx.is_time(np[1])) and not any(
        cx.low[m] in (",", ";") for m in range(np[1], hi))
    if hi - np[1] > 4 and not tail_pp:
        # "Whatever progress he made, officials said, could be undone": a cue inserted mid-sentence
        after = [k for k in range(np[1], min(hi, np[1] + 4)) if cx.low[k] == ","]
        if not after or hi - after[0] < 4 or cx.quote_at(after[0] + 1) is not None:
            return None
        # "..., aldus De Jonge, die ...", "..., said Smith, the mayor": a clause about the speaker, not the rest of
        # the content
        nxt = cx.low[after[0] + 1]
        if cx.lex.lang == "nl" and nxt in ("maar", "en", "want", "dus"):
            return None  # "Mijn favoriete schrijver, X, schreef pamfletten, maar ...": a verb and its object
        # ("Het is lang geleden, aldus X, dat ...": the content goes on after a conjunction "dat")
        parenthetical = nxt not in RELATIVE and nxt not in ("wiens", "wier", "whose") and nxt not in DETERMINERS
        verb_like = nxt.endswith("en") and nxt not in PREPOSITIONS and nxt not in NON_VERBS_ENDING_EN
        if parenthetical and cx.lex.lang == "nl" and nxt not in NL_CONTINUATIONS and not verb_like \
                and not any(
                cx.low[m] in FINITE_HINTS or cx.lex.is_cue_form(cx.low[m]) for m in range(after[0] + 1, hi)):
            parenthetical = False  # "..., schat X, bedrijfsadviseur en schrijver van het plan.": a role, no verb
    comma = cue - 1
    while comma > lo and cx.low[comma] != ",":
        comma -= 1
    if comma <= lo + 1:
        return None
    a = lo
    for k in range(lo, comma):  # "Hij zei: ..., aldus X" keeps only what follows the colon
        if cx.low[k] == ":":
            a = k + 1
    if comma - a < 3:
        return None
    content = cx.content_to_end(a, hi) if parenthetical else cx.span(a, comma)
    if content is None:
        return None
    return _mk(cx, "indirect", content, cue, np)


def _zoals(cx: _Ctx, i: int, lo: int, hi: int) -> Candidate | None:
    """Dutch 'Zoals de krant eerder meldde, is de burgemeester afgetreden.': the main clause is the source's."""
    comma = next((k for k in range(i + 2, min(hi, i + 14)) if cx.low[k] == ","), None)
    if comma is None or hi - comma < 4:
        return None
    cue = next((k for k in range(comma - 1, i, -1) if cx.cue_at(k, comma + 1) is not None), None)
    if cue is None or cue < comma - 3:
        return None  # the cue ends the 'zoals' clause (verb final): "zoals X gisteren meldde,"
    content = cx.content_to_end(comma + 1, hi)
    if content is None:
        return None
    return _mk(cx, "indirect", content, cue, cx.subject_of(cue, lo))


def _postposed_perfect(cx: _Ctx, aux: int, lo: int, hi: int) -> Candidate | None:
    """Dutch '<content>, (zo) heeft X gisteren gezegd.': a postposed cue in the perfect tense."""
    cue = next((k for k in range(aux + 2, min(hi, aux + 10)) if cx.lex.verbs_for(cx.low[k])
                and cx.low[k].startswith(PARTICIPLE_PREFIXES + ("be", "ver", "ont", "er"))), None)
    if cue is None or cx.cue_at(cue, hi) != cue or (hi - cue > 6 and cx.low[cue + 1] not in PREPOSITIONS):
        return None
    comma = aux - 1 if cx.low[aux - 1] == "," else aux - 2
    np = cx.np_forward(aux + 1, cue, skip=0)
    if np is None or comma - lo < 3 or cx.low[np[0]] in ("het", "hem", "haar", "dat", "dit") and np[1] - np[0] == 1:
        return None  # ("..., heeft het gekoloniseerd en ... verklaard": an object, a second verb of the subject)
    if not (cx.low[np[0]] in DETERMINERS or cx.low[np[0]] in cx.lex.pronouns or cx.is_cap(np[0])) \
            or cx.low[np[0]] in NUMBER_WORDS or cx.low[np[0]][:1].isdigit():
        return None  # "..., heeft zeker 23 levens geëist": an object, not a speaker
    if any(not (cx.is_time(k) or cx.low[k] in STOP or TIME_WORD.match(cx.low[k])) for k in range(np[1], cue)):
        return None  # "..., heeft de AKP hertelling gevraagd": the verb has an object of its own
    return _mk(cx, "indirect", cx.span(lo, comma), cue, np)


def _impersonal(cx: _Ctx, i: int, lo: int, hi: int) -> Candidate | None:
    k = i - 1
    if k > lo and cx.low[k] == "zo":
        k -= 1
    if k <= lo or cx.low[k] != "," or hi - (i + 2) > 2:
        return None
    if k - lo < 3:
        return None
    return _mk(cx, "indirect", cx.span(lo, k), i, None, mode="previous")


def _verb_cue(cx: _Ctx, i: int, last: int, lo: int, hi: int) -> Candidate | None:
    lex = cx.lex
    # 1. cue + content clause introduced by dat/of/that
    for k in range(last + 1, min(hi, last + 13)):
        w = cx.low[k]
        if w in (".", ";", "!", "?", "(", ")") or cx.quote_at(k):
            break
        if w in lex.intro:
            if w == "of" and cx.is_cap(k - 1) and k + 1 < hi and cx.is_cap(k + 1):
                continue  # "postte Youth of Climate NL": part of a name
            if w == "dat" and _demonstrative(cx, k, hi):
                break  # "De president zei dat bij de ontvangst ...": dat points back
            if cx.verb_post_only(i):
                break
            # "zei gisteren in het bijzijn van de familie tegen de rechter dat ...": prepositional phrases between
            between = cx.low[last + 1:k]
            near = k - last <= (3 if w not in ("dat", "that") else 8 if w == "that" or "," in between else 12)
            if near and k - last > 8 and any(b in BOUNDARY or b in SUBORDINATORS or b == "te"
                                             or lex.is_cue_form(b) for b in between):
                near = False  # "zegt X te hebben verlaten om te voorkomen dat ...": the dat belongs to another verb
            if w == "that" and (k - last > 5 or any(cx.low[m] in lex.pronouns for m in range(last + 1, k))):
                near = False  # "said he has supported legislation that ...": a relative clause
            if not near:
                break
            end = hi
            if lex.lang == "nl" and cx.low[lo] in LEADING_SUBORDINATORS \
                    and not any(cx.low[m] == "," for m in range(lo, i)) \
                    and any(cx.low[m] == "," for m in range(k + 1, hi)):
                # "Hoewel er werd uitgesproken dat X, blijft ...": the content ends with the subordinate clause
                end = next(m for m in range(k + 1, hi) if cx.low[m] == ",")
            content = cx.content_to_end(k + 1, end)
            if content is None or cx.tok_ge(content[1]) - (k + 1) < 2:
                return None
            if _passive(cx, i, last, lo, hi):
                return _mk(cx, "indirect", content, i, None, mode="passive")
            return _mk(cx, "indirect", content, i, cx.subject_of(i, lo))
    # 1b. cue + te-infinitive: "claimen te zijn gemarteld", "heeft laten weten dit te willen doen"
    if any(v.infinitive for v, _ in lex.verbs_for(cx.low[i])) and last + 1 < hi and _infinitive_cue(cx, i, lo):
        tes = [k for k in range(last + 1, min(hi, last + 14)) if cx.low[k] == "te" and k + 1 < hi and cx.is_word(k + 1)
               and (lex.lang != "nl" or _TE_VERB.match(cx.low[k + 1]))]
        stop = [k for k in range(last + 1, hi) if cx.low[k] in (",", ";", ":", ".") and not cx.inq[k]]
        if tes and (not stop or tes[0] < stop[0]) and cx.low[last + 1] not in lex.intro:
            end = stop[0] if stop else hi
            subj = cx.subject_of(i, lo)
            a = last + 1
            if lex.lang == "nl" and subj is not None and subj[0] == a and subj[1] < tes[0] \
                    and not cx.low[i].startswith(PARTICIPLE_PREFIXES):
                a = subj[1]  # "stelde het Openbaar Ministerie niet ... te geloven": the subject is not content
            if lex.lang == "nl" and cx.low[a] in ("in", "op", "tegenover", "via", "bij", "tegen") and a + 2 < tes[0]:
                # "zegt in een reactie de kritiek niet te begrijpen", "verklaarde bij de politie ...": the channel
                # (a preposition, a determiner, adjectives and a noun) is not content
                k = a + 1
                if cx.low[k] in DETERMINERS:
                    k += 1
                    while k < tes[0] - 1 and cx.low[k].endswith(ADJECTIVE_ENDINGS):
                        k += 1
                    if k + 1 < tes[0]:
                        a = k + 1
                elif cx.is_cap(k) and k + 1 < tes[0]:
                    a = k + 1  # "zei op Twitter ..."
            om = next((k for k in range(a, tes[0]) if cx.low[k] == "om" and cx.low[k + 1] != "te"), None)
            if om is not None and lex.lang == "nl":
                if cx.low[i] not in REQUEST_CUES:
                    return None  # "kondigde maatregelen aan om ... in te perken": a purpose clause
                a = om + 1  # "roept getuigen op om zich te melden"
            content = cx.content_to_end(a, end)
            if content:
                if _passive(cx, i, last, lo, hi):
                    return _mk(cx, "indirect", content, i, None, mode="passive")
                return _mk(cx, "indirect", content, i, subj)
    # 2. cue + colon + unquoted content ("dacht: ..." is a thought, not speech)
    if last + 1 < hi and cx.low[last + 1] == ":" and last + 2 < hi and cx.quote_at(last + 2) is None \
            and not cx.verb_post_only(i):
        content = cx.content_to_end(last + 2, hi)
        if content:
            return _mk(cx, "indirect", content, i, cx.subject_of(i, lo))
    # 3. postposed: "..., zegt X." / "..., X said."
    prev = i - 1
    if prev > lo and cx.low[prev] == "zo":
        prev -= 1
    if prev > lo and cx.low[prev] == "," and cx.quote_at(prev - 1) is None:
        c = _postposed(cx, i, last + 1 if last == i else i + 1, lo, hi)
        if c is not None:
            return c
    if lex.lang == "en":
        # "..., the lawsuit alleges." / "Many days, former employees said, she would ..."
        np = cx.np_backward(i - 1, lo) if i > lo else None
        if np is not None and np[0] - 1 > lo and cx.low[np[0] - 1] == ",":
            comma = np[0] - 1
            clean = not any(cx.inq[k] or cx.quote_at(k) is not None for k in range(lo, comma))
            if comma - lo >= 2 and clean:
                if hi - i <= 4 and comma - lo >= 4:
                    return _mk(cx, "indirect", cx.span(lo, comma), i, np)
                if last + 1 < hi and cx.low[last + 1] == "," and hi - last > 4 and cx.quote_at(last + 2) is None:
                    content = cx.content_to_end(lo, hi)
                    if content:
                        return _mk(cx, "indirect", content, i, np)
    if lex.lang == "en" and cx.low[i] in EN_BARE:
        # bare complement: "Trump said he would ..." (not '"...," said his father, ...')
        if i > 0 and (cx.quote_at(i - 1) is not None or (cx.low[i - 1] == "," and i > 1 and cx.quote_at(i - 2))):
            return None
        subj = cx.subject_of(i, lo)
        k = last + 1
        if cx.low[i] in ("told", "tells", "tell") and k < hi:
            obj = cx.np_forward(k, hi, skip=0)
            k = obj[1] if obj else k
        while k < hi and TIME_WORD.match(cx.low[k]):
            k += 1
        if (subj is None or subj[1] <= i) and k < hi and cx.is_word(k) and cx.quote_at(k) is None \
                and cx.low[k] not in STOP - {"it", "there", "this"} and cx.low[k] not in ("given", "amid", "despite"):
            content = cx.content_to_end(k, hi)
            if content and cx.tok_ge(content[1]) - k >= 4:
                return _mk(cx, "indirect", content, i, subj)
    # 3b. English object content: "Trump criticized the deal", "she called for a ban"
    if lex.lang == "en" and any(v.object for v, _ in lex.verbs_for(cx.low[i])) and last + 1 < hi \
            and cx.low[i - 1 if i > lo else i] != "," and cx.quote_at(last + 1) is None:
        subj = cx.subject_of(i, lo)
        if subj is not None and subj[1] <= i:
            end = last + 1
            while end < hi and end - last <= 25 and cx.low[end] not in OBJECT_STOP and cx.quote_at(end) is None:
                end += 1
            while end > last + 1 and (cx.low[end - 1] in DETERMINERS or not cx.is_word(end - 1)):
                end -= 1
            if end - (last + 1) >= 1 and cx.is_word(last + 1) and cx.low[last + 1] not in PREPOSITIONS_EN \
                    and cx.low[last + 1] not in ("of", "to"):
                return _mk(cx, "indirect", cx.span(last + 1, end), i, subj)
    # 4. "Dat liet het Witte Huis weten." refers back to the previous sentence(s)
    near = i - lo <= 3 or (lo + 1 < i and cx.low[lo + 1] in FINITE_HINTS and i - lo <= 12)
    if lex.backref and cx.low[lo] in lex.backref and near and not cx.verb_post_only(i):
        sidx = cx.doc.sentence_index(cx.toks[lo].start)
        if sidx == 0:
            return None
        prev_s = cx.doc.sentences[sidx - 1]
        if cx.quote_at(prev_s.first) is not None or cx.inq[prev_s.first]:
            return None  # the quote before is attributed by the direct pass
        a = prev_s.first
        if sidx >= 2 and cx.low[prev_s.first] in ("die", "dat", "dit", "hij", "zij", "ze", "het", "deze", "daar",
                                                   "dan", "ook", "daarbij", "daarnaast", "bovendien", "wel"):
            pp = cx.doc.sentences[sidx - 2]
            if not cx.doc.text.count("\n\n", pp.end, prev_s.start):
                a = pp.first
        content = cx.content_to_end(a, prev_s.last)
        if content:
            return _mk(cx, "indirect", content, i, cx.subject_of(i, lo))
    return None


def _lone_opener(cx: _Ctx, np: tuple[int, int]) -> bool:
    """A single capitalised participle before a colon that the text never repeats ("Lachend: '...'") is a
    manner word, not a speaker's name."""
    if np[1] - np[0] != 1 or not cx.is_cap(np[0]) or not cx.low[np[0]].endswith("end"):
        return False
    word = cx.toks[np[0]].text
    return cx.text.count(word) == 1


def _infinitive_cue(cx: _Ctx, i: int, lo: int) -> bool:
    """Dutch: a cue verb can take a te-infinitive content unless it opens the sentence ("Stellen met ...", a noun;
    "Dreigt het ...?", a question) or is itself a te-infinitive ("in de gelegenheid te stellen")."""
    if cx.lex.lang != "nl":
        return True
    return i > lo and cx.low[i - 1] != "te"


def _demonstrative(cx: _Ctx, k: int, hi: int) -> bool:
    """'dat' after a cue is a pronoun pointing back when a preposition follows and no finite verb comes after."""
    if k + 1 >= hi:
        return True
    if cx.low[k + 1] in (".", "!", "?", ","):
        return True
    return cx.low[k + 1] in PREPOSITIONS and not any(cx.low[m] in FINITE_HINTS for m in range(k + 2, hi))


# ---- direct -------------------------------------------------------------------------

def _direct(cx: _Ctx, consumed: set[int]) -> list[Candidate]:
    out: list[Candidate] = []
    prev_q: Quoted | None = None
    for q in cx.quoted:
        if id(q) in consumed:
            prev_q = q
            continue
        cand = _attribute_quote(cx, q, prev_q)
        prev_q = q
        if cand is not None:
            out.append(cand)
    return out


def _words(text: str) -> int:
    return len([w for w in text.split() if any(c.isalnum() for c in w)])


def _attribute_quote(cx: _Ctx, q: Quoted, prev_q: Quoted | None) -> Candidate | None:
    """The attribution of one quoted span, or None for scare quotes, titles and questions."""
    text, lex = cx.text, cx.lex
    content = (q.cstart, q.cend)
    inner = text[q.cstart:q.cend]
    nwords = _words(inner)
    qa = cx.tok_le(q.start)  # the opening mark's token
    if cx.toks[qa].start < q.start:
        qa = cx.tok_ge(q.start)
    qb = cx.tok_ge(q.end)  # first token after the closing mark
    lo, _ = cx.sent_range(qa)
    sent_lo = lo
    if prev_q is not None and prev_q.end > cx.toks[lo].start:
        lo = cx.tok_ge(prev_q.end)
    n = len(cx.toks)
    # sentence end after the quote
    hi = qb
    while hi < n and cx.low[hi] not in (".", "!", "?", "…") and cx.quote_at(hi) is None and hi - qb < 25:
        if cx.doc.text.count("\n", cx.toks[hi - 1].end, cx.toks[hi].start) >= 1 and hi > qb:
            break
        hi += 1
    ends_sentence = inner.rstrip()[-1:] in _PUNCT_END and qb < n and cx.is_cap(qb) if qb < n else True

    # a short quote followed by a word is part of a noun phrase ('alarmerende' cijfers): not an utterance
    if nwords < 4 and qb < n and cx.is_word(qb) and not lex.is_cue_form(cx.low[qb]) \
            and not any(cx.low[v] in NAMING for v in range(qb, min(n, qb + 3))) and cx.toks[qb].start - q.end <= 1 and not ends_sentence \
            and not (inner.rstrip()[-1:] == "," and any(lex.is_cue_form(cx.low[v]) for v in range(qb, min(hi, qb + 4)))):
        return None  # ("I don't care," Trump said: a comma inside the marks and a cue after it make it speech)
    words = inner.split()
    if nwords <= 5 and inner.rstrip()[-1:] not in _PUNCT_END and words[0][:1].isupper() \
            and all(w[:1].isupper() or w in NAME_LINKS or w in ("des", "of", "the", "and", "&") for w in words) \
            and len(words) > 1 and qa > lo \
            and cx.low[qa - 1] in ("van", "of", "bij", "voor", "from", "at", "naam", "titel", "getiteld", "genaamd",
                                   "name", "title", "titled", "named"):
        return None  # "activisten van 'Terre des Femmes'": a quoted name
    if _CITATION.match(text, q.end):
        return None  # "'Hoe liep de schutter tegen de lamp' (AD 20-3)": a headline cited with its source
    if qb + 1 < n and cx.low[qb] == "," and cx.low[qb + 1] in ("is", "was", "luidt", "luidde", "heet", "blijft"):
        return None  # "'Je kijkt er wel mooi op...', is een uitdrukking": a saying, not an utterance
    # A. cue after the quote: "', zei hij" / "', aldus X" / "', klinkt het" / "," he said
    # A quoted fragment inside the writer's sentence ("Hij is 'heel blij', zegt zijn vrouw") makes the whole
    # clause the content, a mixed quote.
    lead = [k for k in range(lo, qa) if cx.is_word(k) and cx.low[k] not in LEAD]
    kind_a = "direct"
    if lead and cx.low[qa - 1] != ":" and not any(cx.low[k] in (":",) for k in range(lo, qa)) \
            and cx.quote_at(lead[0]) is None:
        kind_a = "mixed"
        content = (cx.toks[lead[0]].start, q.end)
    if qb < n and not ends_sentence:
        k = qb
        if cx.low[k] in (",", "-", "–", "—"):
            k += 1
        if k < hi and cx.low[k] in ("zo", "zoals", "as"):
            k += 1
        if k + 1 < hi and cx.low[k] in ("klinkt", "luidt", "heet") and cx.low[k + 1] == "het":
            return _mk(cx, kind_a, content, k, None, mode="previous")
        if k < hi and cx.low[k] in lex.postposed:
            np = cx.np_forward(k + 1, hi, skip=0)
            if np:
                return _mk(cx, kind_a, content, k, np)
        if k < hi and cx.is_word(k) and not cx.is_cap(k) and (cx.low[k] not in STOP or lex.is_cue_form(cx.low[k])) \
                and cx.low[k] not in DETERMINERS and cx.low[k] not in lex.pronouns and k + 1 < hi:
            np = cx.np_forward(k + 1, hi, skip=0)
            comma = cx.low[qb] in (",", "-", "–", "—") or inner.rstrip()[-1:] in ",!?"
            later_cue = any(lex.is_cue_form(cx.low[v]) for v in range(k + 1, min(hi, k + 10)))
            if np and cx.low[np[0]] not in ("die", "dat", "who", "which") and (
                    cx.lex.is_cue_form(cx.low[k]) or (comma and not later_cue and (
                        cx.low[np[0]] in lex.pronouns or cx.is_cap(np[0]) or cx.low[np[0]] in DETERMINERS))):
                return _mk(cx, kind_a, content, k, np)
        # English / Dutch "X zei", "zoals wethouder X bij herhaling zei": subject first
        for v in range(k, min(hi, k + 10)):
            if cx.lex.is_cue_form(cx.low[v]) and v > k:
                np = cx.np_forward(k, v, skip=0)
                if np and (np[1] == v or (v - np[1] <= 4 and hi - v <= 2)):
                    return _mk(cx, kind_a, content, v, np)
                break
    content = (q.cstart, q.cend)
    if qb < n and ends_sentence and inner.rstrip()[-1:] in "?!":
        np = cx.np_forward(qb, min(n, qb + 8), skip=0)
        if np and np[1] < n and lex.is_cue_form(cx.low[np[1]]) and (np[1] + 1 >= n or cx.low[np[1] + 1] in (".", ",")):
            return _mk(cx, "direct", content, np[1], np)
    # B. cue or colon before the quote
    pre_hi = qa
    if pre_hi > lo:
        if cx.low[pre_hi - 1] == ":":
            cue = None
            for v in range(lo, pre_hi - 1):  # the main verb comes first: "X reageerde met een opmerking die ...:"
                if cx.cue_at(v, pre_hi) is not None:
                    cue = v
                    break
            if cue is not None:
                spk = cx.subject_of(cue, lo)
                if spk is None and prev_q is not None:
                    return _mk(cx, "direct", content, cue, None, mode="previous")
                return _mk(cx, "direct", content, cue, spk)
            if pre_hi - 1 - lo <= 6:
                np = cx.np_backward(pre_hi - 2, lo)
                start = lo
                while start < pre_hi and cx.low[start] in LEAD:
                    start += 1
                # "Blom: '...'": the whole clause before the colon is the speaker's name or role
                if np and np[0] == start and np[1] == pre_hi - 1 and (any(cx.is_cap(k) for k in range(*np))
                                                                      or cx.low[np[0]] in DETERMINERS) \
                        and cx.low[np[1] - 1] not in NOT_SPEAKER_HEADS and not _lone_opener(cx, np):
                    return _mk(cx, "direct", content, None, np)
                # "Vroom in een reactie: '...'", "De minister tegen de krant: '...'"
                np = cx.np_forward(start, pre_hi - 1, skip=0) if start < pre_hi - 1 else None
                if np and np[1] < pre_hi - 1 and cx.low[np[1]] in COLON_PP and cx.is_cap(np[1] - 1) \
                        and not _lone_opener(cx, np):
                    return _mk(cx, "direct", content, None, np)
        # naming verb: "noemde zijn ontmoeting 'een groot succes'" (mixed)
        for v in range(pre_hi - 1, max(lo, pre_hi - 10) - 1, -1):
            if cx.low[v] in NAMING and not cx.inq[v]:
                spk = cx.subject_of(v, lo)
                start = v + 1
                if spk and spk[0] > v:
                    start = spk[1]
                return _mk(cx, "mixed", (cx.toks[start].start, q.end), v, spk)
            if cx.low[v] in (".", "!", "?"):
                break
        # a speech verb governing the quote: "antwoordde Trump herhaaldelijk 'nee'", "', zei hij, 'B'"
        for v in range(pre_hi - 1, max(lo, pre_hi - 12) - 1, -1):
            if cx.low[v] in (".", "!", "?") or cx.quote_at(v) is not None:
                break
            if cx.cue_at(v, pre_hi) is not None:
                if any(cx.low[k] in lex.intro for k in range(v + 1, pre_hi)):
                    break
                if "vraag" in cx.low[max(lo, v - 4):v] or "question" in cx.low[max(lo, v - 4):v]:
                    return None
                spk = cx.subject_of(v, lo)
                if spk is not None and spk[0] == lo and lo > sent_lo and cx.lex.lang == "nl":
                    spk = cx.subject_of(v, sent_lo) or spk  # the subject may hold an earlier quote: "Een groep die zich 'X' noemt, sprak"
                if nwords <= 5 and cx.low[qa - 1] in DETERMINERS and cx.lex.lang == "nl":
                    # "pleitte voor een 'stadssnor', een voertuig dat ...": a quoted word inside the speaker's noun
                    # phrase; the phrase to the end of the sentence is the content (mixed)
                    end = cx.content_to_end(qa - 1, cx.sent_range(qa)[1])
                    if end is not None:
                        return _mk(cx, "mixed", (cx.toks[qa - 1].start, max(end[1], q.end)), v, spk)
                return _mk(cx, "direct", content, v, spk)
    # B2. a naming verb after the quote in a verb-final clause: "nadat X de organisatie als 'extremistisch' had
    # bestempeld" (mixed)
    for v in range(qb, min(n, qb + 3)):
        if cx.low[v] in NAMING and cx.low[qa - 1] not in ("zich", "itself", "themselves", "himself", "herself"):
            # ("een groep die zich 'X' noemt": a name it gives itself, not a quote)
            subs = [k for k in range(lo, qa) if (cx.low[k] in SUBORDINATORS or cx.low[k] in RELATIVE)
                    and cx.low[k] != "als"]
            c0 = subs[-1] + 1 if subs else lo
            spk = cx.np_forward(c0, qa, skip=0)
            start = spk[1] if spk else c0
            while start < qa and not cx.is_word(start):
                start += 1
            if start < qa or start == qa:
                return _mk(cx, "mixed", (cx.toks[start].start, q.end), v, spk)
        if not cx.is_word(v) or cx.low[v] not in AUX:
            break
    # C. the next sentence says who: "Dat zegt burgemeester X."
    if qb < n and lex.backref and cx.low[qb] in lex.backref and ends_sentence:
        s_lo, s_hi = cx.sent_range(qb)
        for v in range(qb + 1, min(s_hi, qb + 4)):
            if cx.cue_at(v, s_hi) is not None:
                spk = cx.subject_of(v, s_lo)
                if spk:
                    return _mk(cx, "direct", content, v, spk)
    # D. no cue: scare quotes, titles and questions are left out; a real bare quote takes the previous source
    pre_words = cx.low[max(lo, qa - 3):qa]
    # a bare quote opens its sentence (or follows a colon); one inside narrative is a citation or scare quote
    # (words before a sentence end do not count: in "'A,' X said. 'B.'" the splitter may not have ended the
    # sentence at "said." because a quotation mark, not a capital, follows)
    ends = [k for k in range(lo, qa) if cx.low[k] in _PUNCT_END]
    opening = [k for k in range(ends[-1] + 1 if ends else lo, qa) if cx.is_word(k) and cx.low[k] not in LEAD]
    if opening and not (qa > 0 and cx.low[qa - 1] == ":"):
        return None
    if any(w in TITLE_WORDS for w in cx.low[lo:qa]) and nwords <= 8:
        return None  # "Het thema is dit jaar behoorlijk suf: 'de moeder de vrouw'"
    if nwords < 4 and not (inner.rstrip()[-1:] in _PUNCT_END and nwords >= 2):
        return None
    if inner.rstrip().endswith("?") and nwords < 12 and any(w in ("vraag", "vroeg", "question", "asked") for w in pre_words):
        return None
    return _mk(cx, "direct", content, None, None, mode="previous")
