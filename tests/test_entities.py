"""Entity resolution: within-article canonical names, span cleaning, compounds, nationalities,
archive keys and the Wikidata KB. Raw NER spans are made by hand, so these tests do not
depend on the NER model; one test runs the real model when it ships."""

from __future__ import annotations

import bz2
import json
import re

import pytest

from kroniek.entities.annotate import annotate, resolve
from kroniek.entities.archive import (
    KnownEntities, display_name, entity_key, relink_surnames, resolve_archive,
)
from kroniek.entities.kb import KB, build, command as kb_command
from kroniek.entities.lexicon import aliases, inflect_nl, nationalities, normalise
from kroniek.model import Annotation
from kroniek.nlp.backend import BlankBackend
from kroniek.nlp.doc import Doc, Span


def make_doc(text: str, spans: list[tuple[str, str]] = (), lang: str = "nl", every: bool = False) -> Doc:
    """A Doc with raw entity spans given as (surface, label): the first occurrence of each
    surface (after the previous span), or every occurrence with ``every``."""
    blank = BlankBackend().process(text, lang)
    ents = []
    pos = 0
    for surface, label in spans:
        if every:
            ents += [Span(m.start(), m.end(), label) for m in re.finditer(re.escape(surface), text)]
            continue
        i = text.index(surface, pos)
        ents.append(Span(i, i + len(surface), label))
        pos = i + len(surface)
    return Doc(text, lang, blank.tokens, blank.sentences, tuple(sorted(ents, key=lambda s: s.start)))


def by_text(mentions):
    out = {}
    for m in mentions:
        out.setdefault(m.text, []).append(m)
    return out


def capitalised_spans(text: str) -> list[Span]:
    """A crude stand-in for NER: runs of capitalised words not at a sentence start, labelled PER
    when two or more words long, else MISC."""
    out = []
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?: [A-Z][a-z]+)*", text):
        out.append(Span(m.start(), m.end(), "PER" if " " in m.group() else "MISC"))
    return out


# --- within the article: the seed cases -------------------------------------------------------

SEED_SPANS = [
    ("Helsinki", "LOC"), ("Amerikaanse president Donald Trump", "PER"), ("Vladimir Poetin", "PER"),
    ("Trump", "PER"), ("John Bolton", "PER"), ("Poetin", "PER"), ("Washington", "LOC"),
    ("het Witte Huis", "ORG"), ("Poetin", "PER"), ("de VS", "LOC"), ("Rusland", "LOC"),
    ("Dan Coates", "PER"), ("Het Witte Huis", "ORG"), ("De Senaat", "ORG"),
    ("Witte Huis-woordvoerster Sarah Sanders", "PER"),
]


@pytest.fixture(scope="module")
def seed_mentions(seed_article):
    return seed_article.text, resolve(make_doc(seed_article.text, SEED_SPANS))


def test_seed_canonical_names(seed_mentions):
    text, mentions = seed_mentions
    got = by_text(mentions)
    assert {m.entity for m in got["Trump"]} == {"Donald Trump"}
    assert {m.entity for m in got["Donald Trump"]} == {"Donald Trump"}
    assert {m.entity for m in got["Poetin"]} == {"Vladimir Poetin"}
    assert {m.entity for m in got["Witte Huis"]} == {"Witte Huis"}
    assert got["VS"][0].entity == "VS" and got["VS"][0].label == "LOC"
    assert "de VS" not in got and "het Witte Huis" not in got and "Het Witte Huis" not in got
    assert got["Senaat"][0].label == "ORG"
    assert got["Dan Coates"][0].label == "PER"
    for m in mentions:  # offsets are exact
        assert text[m.start:m.end] == m.text


def test_seed_document_context_adds_missed_repeats(seed_mentions):
    text, mentions = seed_mentions
    trump = [m for m in mentions if m.text == "Trump"]
    poetin = [m for m in mentions if m.text == "Poetin"]
    # only two Trump and two Poetin spans were given; every bare occurrence is found
    assert len(trump) == len(re.findall(r"\bTrump\b", text)) - 1  # minus the one inside "Donald Trump"
    assert len(poetin) == len(re.findall(r"\bPoetin\b", text)) - 1  # minus "Vladimir Poetin"
    # "Rusland" was given once and is found at each mention, all as LOC
    rus = [m for m in mentions if m.text == "Rusland"]
    assert len(rus) == len(re.findall(r"\bRusland\b", text)) and {m.label for m in rus} == {"LOC"}


def test_seed_titles_and_nationalities(seed_mentions):
    text, mentions = seed_mentions
    got = by_text(mentions)
    assert "Amerikaanse president Donald Trump" not in got and "president Donald Trump" not in got
    ams = got["Amerikaanse"]
    assert len(ams) == len(re.findall(r"\bAmerikaanse\b", text))
    assert {(m.label, m.refers_to) for m in ams} == {("MISC", "Verenigde Staten")}
    assert {(m.label, m.refers_to) for m in got["Russische"]} == {("MISC", "Rusland")}


def test_seed_compound_split(seed_mentions):
    text, mentions = seed_mentions
    i = text.index("Witte Huis-woordvoerster")
    org = next(m for m in mentions if m.start == i)
    assert (org.text, org.label, org.end) == ("Witte Huis", "ORG", i + len("Witte Huis"))
    j = text.index("Sarah Sanders")
    per = next(m for m in mentions if m.start == j)
    assert (per.label, per.end, per.entity) == ("PER", j + len("Sarah Sanders"), "Sarah Sanders")
    assert not any(m.start < j < m.end or m.start < i < m.end for m in mentions)


def test_seed_annotator_contract(seed_article):
    doc = make_doc(seed_article.text, SEED_SPANS)
    ann = annotate(doc, Annotation(article=seed_article, published=seed_article.published, lang="nl"))
    assert ann.entities and all(a.start <= b.start for a, b in zip(ann.entities, ann.entities[1:]))
    d = ann.to_dict()["entities"]
    assert any(e.get("refers_to") == "Rusland" for e in d)


def test_seed_without_any_ner_spans_still_finds_rule_mentions(seed_text):
    mentions = resolve(make_doc(seed_text, []))
    got = by_text(mentions)
    assert "Sarah Sanders" in got and got["Sarah Sanders"][0].label == "PER"
    assert len(got["Witte Huis"]) == 3  # the compound, then its exact repeats
    assert got["Amerikaanse"][0].refers_to == "Verenigde Staten"


def test_capitalisation_spans_on_seed(seed_text):
    """With crude capitalisation spans as NER, surname linking and labels still come out right."""
    blank = BlankBackend().process(seed_text, "nl")
    doc = Doc(seed_text, "nl", blank.tokens, blank.sentences, tuple(capitalised_spans(seed_text)))
    got = by_text(resolve(doc))
    assert {m.entity for m in got["Trump"]} == {"Donald Trump"}
    assert {m.label for m in got["Trump"]} == {"PER"}  # relabelled from MISC by document context
    assert {m.entity for m in got["Poetin"]} == {"Vladimir Poetin"}


# --- surname linking ----------------------------------------------------------------------------

def test_surname_links_to_full_name_in_same_article():
    text = "Premier Mark Rutte sprak met Sigrid Kaag. Later zei Rutte dat Kaag gelijk had."
    got = by_text(resolve(make_doc(text, [("Mark Rutte", "PER"), ("Sigrid Kaag", "PER"), ("Rutte", "PER")])))
    assert got["Rutte"][0].entity == "Mark Rutte"
    assert got["Kaag"][0].entity == "Sigrid Kaag" and got["Kaag"][0].label == "PER"  # added repeat


def test_surname_shared_by_two_people_is_not_merged_wrongly():
    text = ("Ivanka Trump sprak in Parijs. Daarna zei Trump dat ze tevreden was. "
            "Donald Trump reageerde later. Trump noemde het een succes.")
    mentions = resolve(make_doc(text, [("Ivanka Trump", "PER"), ("Trump", "PER"), ("Donald Trump", "PER"),
                                       ("Trump", "PER")]))
    trumps = [m for m in mentions if m.text == "Trump"]
    # each bare "Trump" takes the full name mentioned last before it
    assert [m.entity for m in trumps] == ["Ivanka Trump", "Donald Trump"]
    assert {m.entity for m in mentions if m.text.endswith("Trump")} == {"Ivanka Trump", "Donald Trump"}


def test_dutch_genitive_links_to_the_person():
    # a genitive the NER tags PER links to the person; CoNLL-2002 tags genitives MISC
    # ("Mugabes"), and those keep their label and name
    text = "Donald Trump sprak. Trumps steun voor Israël is groot. Peters zweeg. Robert Mugabe en Mugabes erfenis."
    got = by_text(resolve(make_doc(text, [("Donald Trump", "PER"), ("Trumps", "PER"), ("Peters", "PER"),
                                          ("Robert Mugabe", "PER"), ("Mugabes", "MISC")])))
    assert (got["Trumps"][0].label, got["Trumps"][0].entity) == ("PER", "Donald Trump")
    assert got["Peters"][0].entity == "Peters"
    assert (got["Mugabes"][0].label, got["Mugabes"][0].entity) == ("MISC", "Mugabes")


def test_different_people_with_different_surnames_stay_apart():
    text = "Joe Biden en Kamala Harris spraken. Biden zei niets; Harris wel."
    got = by_text(resolve(make_doc(text, [("Joe Biden", "PER"), ("Kamala Harris", "PER"),
                                          ("Biden", "PER"), ("Harris", "PER")])))
    assert got["Biden"][0].entity == "Joe Biden" and got["Harris"][0].entity == "Kamala Harris"


def test_fullest_name_wins():
    text = "Donald Trump kwam aan. Donald J. Trump tekende. Trump vertrok."
    mentions = resolve(make_doc(text, [("Donald Trump", "PER"), ("Donald J. Trump", "PER"), ("Trump", "PER")]))
    assert {m.entity for m in mentions} == {"Donald J. Trump"}


def test_alias_table_merges_within_article():
    text = "De Verenigde Staten en Rusland praten. De VS willen een akkoord."
    got = by_text(resolve(make_doc(text, [("Verenigde Staten", "LOC"), ("Rusland", "LOC"), ("VS", "LOC")])))
    assert got["VS"][0].entity == "Verenigde Staten"


def test_organisation_short_forms_and_acronyms():
    text = ("The Government Accountability Office (GAO) criticised Apple Inc. on Monday.\n"
            "The GAO said Apple had ignored it. China Eastern Airlines agreed; China Eastern said so.")
    got = by_text(resolve(make_doc(text, [("Government Accountability Office", "ORG"), ("GAO", "ORG"),
                                          ("Apple Inc.", "ORG"), ("GAO", "ORG"), ("Apple", "ORG"),
                                          ("China Eastern Airlines", "ORG"), ("China Eastern", "ORG")], lang="en")))
    assert {m.entity for m in got["GAO"]} == {"Government Accountability Office"}
    assert got["Apple"][0].entity == "Apple Inc."
    assert got["China Eastern"][0].entity == "China Eastern Airlines"


def test_unrelated_acronym_and_prefix_stay_apart():
    text = "Boeing Commercial Airplanes grew while Boeing shrank. The NSA and the National Sports Association met."
    got = by_text(resolve(make_doc(text, [("Boeing Commercial Airplanes", "ORG"), ("Boeing", "ORG"),
                                          ("NSA", "ORG"), ("National Sports Association", "ORG")], lang="en")))
    assert got["Boeing"][0].entity == "Boeing"
    # "NSA" is in the alias table as the National Security Agency, but only the article's own
    # names count for acronyms: it spells this article's National Sports Association
    assert got["NSA"][0].entity == "National Sports Association"


# --- span cleaning and compounds --------------------------------------------------------------

@pytest.mark.parametrize("text,raw,expect", [
    ("Gisteren sprak president Donald Trump.", ("president Donald Trump", "PER"), ("Donald Trump", "PER")),
    ("Dat zei de Amerikaanse president Donald Trump.", ("Amerikaanse president Donald Trump", "PER"),
     ("Donald Trump", "PER")),
    ("Hij sprak met minister Wopke Hoekstra.", ("minister Wopke Hoekstra", "PER"), ("Wopke Hoekstra", "PER")),
    ("Hij reisde naar de VS voor overleg.", ("de VS", "LOC"), ("VS", "LOC")),
    ("Dat liet het Witte Huis weten.", ("het Witte Huis", "ORG"), ("Witte Huis", "ORG")),
    ("De Senaat wees het af.", ("De Senaat", "ORG"), ("Senaat", "ORG")),
    ("Dat meldt De Telegraaf vandaag.", ("De Telegraaf", "ORG"), ("De Telegraaf", "ORG")),
    ("He met President Trump's aides.", ("President Trump's", "PER"), ("Trump", "PER")),
    ("A statement from the White House, on Friday.", ("the White House,", "ORG"), ("White House", "ORG")),
])
def test_span_cleaning(text, raw, expect):
    lang = "en" if text.startswith(("He ", "A ")) else "nl"
    mentions = resolve(make_doc(text, [raw], lang=lang))
    assert (mentions[-1].text if expect[1] == "PER" else next(m.text for m in mentions if m.label == expect[1]),
            expect[1]) == expect
    for m in mentions:
        assert text[m.start:m.end] == m.text


def test_dutch_surname_particles_stay_at_sentence_start():
    text = "De Wever zei nee. Van der Plas knikte. Het kabinet zweeg."
    got = by_text(resolve(make_doc(text, [("De Wever", "PER"), ("Van der Plas", "PER")])))
    assert got["De Wever"][0].label == "PER" and got["Van der Plas"][0].label == "PER"


def test_first_name_that_is_a_nationality_stays_in_the_name():
    text = "Frans van Buuren sprak. Frans Timmermans ook."
    got = by_text(resolve(make_doc(text, [("Frans van Buuren", "PER"), ("Frans Timmermans", "PER")])))
    assert "Frans" not in got and got["Frans van Buuren"][0].label == "PER"


def test_names_do_not_cross_line_breaks():
    text = "Groet,\nTheo Laaper\nLichtenvoorde\n\nHou op."
    got = by_text(resolve(make_doc(text, [("Theo Laaper\nLichtenvoorde", "PER")])))
    assert list(got) == ["Theo Laaper"]


def test_ner_slips_do_not_spread():
    # the NER tagged "VVD" and "Facebook" as persons once; they stay organisations elsewhere
    text = ("De VVD won. Volgens VVD stemde niemand tegen. Milkshake Facebook blokkeerde het. "
            "Later zei Facebook dat het klopte. Branson ADHD. Dat zei ADHD-expert Jan.")
    mentions = resolve(make_doc(text, [("VVD", "ORG"), ("VVD", "PER"), ("Milkshake Facebook", "PER"),
                                       ("Facebook", "ORG"), ("Branson ADHD", "PER")]))
    got = by_text(mentions)
    assert got["VVD"][0].label == "ORG"
    assert (got["Facebook"][0].label, got["Facebook"][0].entity) == ("ORG", "Facebook")


def test_organisations_inside_person_spans():
    text = ("Wiebe van Terwisga van Re-Match sprak. Re-Match groeit. Taxidienst Uber zegt niets. "
            "Volgens Uber is dat juist, want Uber weet het. Bob van Oosterhout woont in Oosterhout.")
    mentions = resolve(make_doc(text, [("Wiebe van Terwisga van Re-Match", "PER"), ("Re-Match", "ORG"),
                                       ("Taxidienst Uber", "PER"), ("Uber", "ORG"), ("Uber", "ORG"),
                                       ("Bob van Oosterhout", "PER"), ("Oosterhout", "LOC")]))
    got = {(m.text, m.label) for m in mentions}
    assert {("Wiebe van Terwisga", "PER"), ("Re-Match", "ORG"), ("Uber", "ORG"),
            ("Bob van Oosterhout", "PER"), ("Oosterhout", "LOC")} <= got
    assert not any(m.label == "PER" and "Uber" in m.text for m in mentions)


def test_known_organisations_tagged_as_persons_become_organisations():
    text = "GroenLinks won. Jesse Klaver van GroenLinks lachte."
    mentions = resolve(make_doc(text, [("GroenLinks", "PER"), ("Jesse Klaver", "PER"), ("GroenLinks", "ORG")]))
    assert {m.label for m in mentions if m.text == "GroenLinks"} == {"ORG"}


def test_dutch_person_first_role_phrase_is_not_reversed():
    text = "Dat zei Dries van den Abeele voorzitter Commissie voor Monumenten gisteren."
    mentions = resolve(make_doc(text, [("Dries van den Abeele voorzitter Commissie voor Monumenten", "ORG")]))
    assert not any(m.label == "PER" and "Commissie" in m.text for m in mentions)
    assert not any(m.label == "ORG" and m.text == "Dries van den Abeele" for m in mentions)


def test_persons_after_roles_are_added_when_the_ner_missed_them():
    text = ("Dat zei inlichtingenbaas Dan Coates donderdag. Hij sprak met premier Mark Rutte en minister van "
            "Buitenlandse Zaken Blok. Een woordvoerder Amsterdam zweeg, net als hoogleraar Bestuurskunde.")
    got = {(m.text, m.label) for m in resolve(make_doc(text, [("Amsterdam", "LOC")]))}
    assert {("Dan Coates", "PER"), ("Mark Rutte", "PER")} <= got
    assert not any(t in ("Buitenlandse Zaken", "Amsterdam", "Bestuurskunde") and lab == "PER" for t, lab in got)


def test_capitalised_single_word_person_is_kept():
    text = "Major said no. Then King spoke."
    got = by_text(resolve(make_doc(text, [("Major", "PER"), ("King", "PER")], lang="en")))
    assert got["Major"][0].label == "PER" and got["King"][0].label == "PER"


@pytest.mark.parametrize("raw", [
    [("Witte Huis-woordvoerster Sarah Sanders", "PER")],
    [("Huis-woordvoerster Sarah", "PER")],
    [("Witte", "LOC"), ("Sanders", "PER")],
    [],
])
def test_compound_split_offsets_whatever_the_raw_spans(raw):
    text = "Ook Witte Huis-woordvoerster Sarah Sanders liet weten dat het klopt."
    mentions = resolve(make_doc(text, raw))
    assert [(m.text, m.start, m.end, m.label) for m in mentions] == [
        ("Witte Huis", 4, 14, "ORG"), ("Sarah Sanders", 29, 42, "PER")]


def test_compound_variants():
    text = "Dat zei VVD-leider Mark Rutte, en oud-CDA-minister Hugo de Jonge knikte. Een Kremlin-woordvoerder zweeg."
    got = {(m.text, m.label) for m in resolve(make_doc(text, []))}
    assert {("VVD", "ORG"), ("Mark Rutte", "PER"), ("CDA", "ORG"), ("Hugo de Jonge", "PER"),
            ("Kremlin", "ORG")} <= got


def test_compound_non_organisations():
    text = ("Minister-president Mark Rutte belde. Oud-directeur Jan Smit zweeg. Trumps Noord-Koreagezant "
            "reisde af. Dat zei VVD-Kamerlid Dilan Yesilgöz over VVD-minister Eric Wiebes van Economische Zaken.")
    got = {(m.text, m.label) for m in resolve(make_doc(text, []))}
    assert not {t for t, _ in got} & {"Minister", "Oud", "Noord", "Trumps Noord"}
    assert {("Mark Rutte", "PER"), ("Jan Smit", "PER"), ("Dilan Yesilgöz", "PER"), ("Eric Wiebes", "PER"),
            ("VVD", "ORG")} <= got


def test_english_role_phrase_split():
    text = "White House spokeswoman Sarah Sanders said no."
    mentions = resolve(make_doc(text, [("White House spokeswoman Sarah Sanders", "PER")], lang="en"))
    assert [(m.text, m.label) for m in mentions] == [("White House", "ORG"), ("Sarah Sanders", "PER")]


# --- nationality adjectives -------------------------------------------------------------------

@pytest.mark.parametrize("lang,text,word,country", [
    ("nl", "De Amerikaanse media zwijgen.", "Amerikaanse", "Verenigde Staten"),
    ("nl", "Dat is typisch Amerikaans gedrag.", "Amerikaans", "Verenigde Staten"),
    ("nl", "Een Russische diplomaat vertrok.", "Russische", "Rusland"),
    ("nl", "De Nederlandse regering besliste.", "Nederlandse", "Nederland"),
    ("nl", "Het Belgische parlement stemde.", "Belgische", "België"),
    ("nl", "De Chinese president reisde.", "Chinese", "China"),
    ("en", "The American delegation left.", "American", "United States"),
    ("en", "A Russian diplomat left.", "Russian", "Russia"),
    ("en", "Dutch officials agreed.", "Dutch", "Netherlands"),
])
def test_nationality_adjectives(lang, text, word, country):
    mentions = resolve(make_doc(text, [], lang=lang))
    m = next(m for m in mentions if m.text == word)
    assert (m.label, m.refers_to, m.start) == ("MISC", country, text.index(word))


def test_nationality_from_ner_span_gets_refers_to_and_no_false_adjectives():
    text = "Frans Timmermans sprak met de Europese Unie over Amerikaanse heffingen."
    mentions = resolve(make_doc(text, [("Frans Timmermans", "PER"), ("Europese Unie", "ORG"),
                                       ("Amerikaanse", "MISC")]))
    got = by_text(mentions)
    assert got["Frans Timmermans"][0].label == "PER" and "Frans" not in got
    assert "Europese" not in got and got["Europese Unie"][0].label == "ORG"
    assert got["Amerikaanse"][0].refers_to == "Verenigde Staten"


def test_dutch_inflection():
    assert [inflect_nl(a) for a in ("Amerikaans", "Chinees", "Indiaas", "Russisch", "Brits", "Portugees")] == [
        "Amerikaanse", "Chinese", "Indiase", "Russische", "Britse", "Portugese"]
    nl = nationalities("nl")
    assert nl["Amerikaanse"].country == nl["Amerikaans"].country == "united-states"


def test_every_nationality_points_at_an_alias_entry():
    entries = aliases().entries
    for lang in ("nl", "en"):
        for form, n in nationalities(lang).items():
            assert n.country in entries, form


# --- document context ---------------------------------------------------------------------------

def test_person_label_spreads_to_other_mentions():
    text = "Jansen won de prijs. Volgens Peter Jansen was het zwaar. Jansen lachte."
    mentions = resolve(make_doc(text, [("Jansen", "ORG"), ("Peter Jansen", "PER")]))
    jansen = [m for m in mentions if m.text == "Jansen"]
    assert len(jansen) == 2 and {(m.label, m.entity) for m in jansen} == {("PER", "Peter Jansen")}


def test_place_named_like_a_surname_keeps_its_label():
    text = "Bayer Leverkusen won in Leverkusen."
    got = by_text(resolve(make_doc(text, [("Bayer Leverkusen", "PER"), ("Leverkusen", "LOC")])))
    assert (got["Leverkusen"][0].label, got["Leverkusen"][0].entity) == ("LOC", "Leverkusen")


def test_sentence_initial_common_word_is_not_added():
    # "Ontkenning" was (wrongly) tagged once at a sentence start; its other sentence-initial use
    # is not added, and a word also written in lowercase is never added at a sentence start.
    text = "Ontkenning\n\nDe ontkenning volgde snel. Ontkenning is geen optie, zei Bakker. Bakker bleef kalm."
    mentions = resolve(make_doc(text, [("Ontkenning", "MISC"), ("Bakker", "PER")]))
    assert [m.start for m in mentions if m.text == "Ontkenning"] == [0]
    assert len([m for m in mentions if m.text == "Bakker"]) == 2  # recognised mid-sentence: repeat added


def test_repeat_not_added_inside_compound_word():
    text = "Poetin sprak. De Poetin-aanhangers juichten toen Poetin vertrok."
    mentions = resolve(make_doc(text, [("Poetin", "PER")]))
    assert [m.start for m in mentions if m.text == "Poetin"] == [0, text.rindex("Poetin")]


# --- archive keys -------------------------------------------------------------------------------

@pytest.mark.parametrize("group,label", [
    (["Poetin", "Putin", "Vladimir Poetin", "Vladimir Putin"], "PER"),
    (["VS", "Verenigde Staten", "United States", "USA", "Amerika", "U.S."], "LOC"),
    (["Rusland", "Russia"], "LOC"),
    (["Witte Huis", "White House"], "ORG"),
    (["Dan Coates", "Dan Coats"], "PER"),
    (["Erdogan", "Erdoğan", "Recep Tayyip Erdoğan"], "PER"),
    (["NAVO", "NATO", "Navo"], "ORG"),
    (["Amerikaans", "American"], "MISC"),
])
def test_archive_keys_merge_aliases(group, label):
    assert len({entity_key(name, label) for name in group}) == 1


def test_archive_keys_keep_apart():
    assert entity_key("Rusland", "LOC") != entity_key("Verenigde Staten", "LOC")
    assert entity_key("Donald Trump", "PER") != entity_key("Ivanka Trump", "PER")
    # LOC and ORG share alias entries (countries acting as governments); PER does not
    assert entity_key("Witte Huis", "LOC") == entity_key("Witte Huis", "ORG")
    assert entity_key("Washington", "PER") != entity_key("Washington", "LOC")
    # unknown names: label plus normalised spelling
    assert entity_key("Jan  de Vries", "PER") == entity_key("jan de vries", "PER") == "PER:jan-de-vries"
    assert display_name(entity_key("VS", "LOC"), "nl") == "Verenigde Staten"
    # company words do not split an organisation, but never turn it into the country
    assert entity_key("Apple Inc.", "ORG") == entity_key("Apple", "ORG") == "ORG:apple"
    assert entity_key("China Eastern Airlines", "ORG") == entity_key("China Eastern", "ORG")
    assert entity_key("Qatar Airways", "ORG") != entity_key("Qatar", "LOC")
    assert entity_key("Shell plc", "ORG") == entity_key("Royal Dutch Shell", "ORG")


def test_resolve_archive_surnames():
    known = KnownEntities.from_rows([
        ("PER:donald-trump", "Donald Trump", "PER", 120), ("PER:ivanka-trump", "Ivanka Trump", "PER", 4),
        ("PER:mark-rutte", "Mark Rutte", "PER", 9), ("LOC:rutte", "Rutte", "LOC", 1),
    ])
    keys = resolve_archive([("Trump", "PER"), ("Rutte", "PER"), ("Klaver", "PER"), ("Jesse Klaver", "PER"),
                            ("Poetin", "PER"), ("Sanders", "PER")], known)
    assert keys[("Trump", "PER")] == entity_key("Trump", "PER")  # ambiguous: not merged
    assert keys[("Rutte", "PER")] == "PER:mark-rutte"
    assert keys[("Klaver", "PER")] == keys[("Jesse Klaver", "PER")]  # full name in the same batch
    assert keys[("Poetin", "PER")] == entity_key("Vladimir Putin", "PER")
    assert keys[("Sanders", "PER")] == "PER:sanders"
    # with a dominance rule the far more frequent Donald Trump takes it
    assert resolve_archive([("Trump", "PER")], known, dominance=20)[("Trump", "PER")] == "PER:donald-trump"


def test_mention_keys_follow_the_store_flow():
    from kroniek.entities.archive import KnownEntity, mention_keys

    first = resolve(make_doc("Premier Mark Rutte sprak met de Amerikaanse president.", [("Mark Rutte", "PER")]))
    known = KnownEntities().plus(KnownEntity(k, m.entity, m.label) for m, k in
                                 zip(first, mention_keys(first, KnownEntities())) if not m.refers_to)
    second = resolve(make_doc("Rutte zweeg tegenover de VS.", [("Rutte", "PER"), ("VS", "LOC")]))
    keys = mention_keys(second, known)
    assert keys == ["PER:mark-rutte", "LOC:united-states"]
    # a nationality adjective keys to its country, as the store links it
    assert mention_keys(first, known) == ["PER:mark-rutte", "LOC:united-states"]


def test_relink_surnames():
    known = KnownEntities.from_rows([
        ("PER:rutte", "Rutte", "PER", 3), ("PER:mark-rutte", "Mark Rutte", "PER", 9),
        ("PER:trump", "Trump", "PER", 5), ("PER:donald-trump", "Donald Trump", "PER", 9),
        ("PER:melania-trump", "Melania Trump", "PER", 2),
    ])
    assert relink_surnames(known) == {"PER:rutte": "PER:mark-rutte"}


def test_normalise():
    assert normalise("U.S.") == normalise("US") == "us"
    assert normalise("Kim Jong-un") == "kim jong un"
    assert normalise("Erdoğan") == "erdogan"


def test_alias_table_has_no_conflicting_names():
    """A name may belong to two entries only when their types differ."""
    for norm_name, entries in aliases().by_norm.items():
        types = [e.type for e in entries]
        assert len(types) == len(set(types)), (norm_name, [e.id for e in entries])


# --- the Wikidata KB ----------------------------------------------------------------------------

def _item(qid, labels, aliases_=None, p31=(), sitelinks=0):
    return {
        "type": "item", "id": qid,
        "labels": {lg: {"language": lg, "value": v} for lg, v in labels.items()},
        "descriptions": {},
        "aliases": {lg: [{"language": lg, "value": v} for v in vs] for lg, vs in (aliases_ or {}).items()},
        "claims": {"P31": [{"mainsnak": {"snaktype": "value", "property": "P31", "datatype": "wikibase-item",
                                         "datavalue": {"value": {"entity-type": "item", "numeric-id": int(c[1:]),
                                                                 "id": c}, "type": "wikibase-entityid"}},
                            "type": "statement", "rank": "normal"} for c in p31]},
        "sitelinks": {f"site{i}wiki": {"site": f"site{i}wiki", "title": "x", "badges": []} for i in range(sitelinks)},
    }


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory):
    items = [
        _item("Q22686", {"en": "Donald Trump", "nl": "Donald Trump"}, {"en": ["Trump", "Donald J. Trump"]},
              ["Q5"], 250),
        _item("Q7747", {"en": "Vladimir Putin", "nl": "Vladimir Poetin"}, {"nl": ["Poetin"], "en": ["Putin"]},
              ["Q5"], 240),
        _item("Q30", {"en": "United States", "nl": "Verenigde Staten"}, {"en": ["USA", "US"], "nl": ["VS"]},
              ["Q6256", "Q3624078"], 300),
        _item("Q35525", {"en": "White House", "nl": "Witte Huis"}, {}, ["Q1"], 120),
        _item("Q61", {"en": "Washington, D.C.", "nl": "Washington"}, {"en": ["Washington"]}, ["Q5119"], 200),
        _item("Q23", {"en": "George Washington"}, {"en": ["Washington"]}, ["Q5"], 210),
        _item("Q999999", {"de": "Nur Deutsch"}, {}, ["Q5"], 5),
    ]
    dump = tmp_path_factory.mktemp("kb") / "wikidata.json.bz2"
    lines = ["["] + [json.dumps(it) + "," for it in items[:-1]] + [json.dumps(items[-1]), "]"]
    dump.write_bytes(bz2.compress("\n".join(lines).encode("utf-8")))
    out = dump.with_name("kb.sqlite")
    counts = build(dump, out)
    assert counts["items"] == 6  # the item without nl/en names is skipped
    return out


def test_kb_lookup(kb_path):
    kb = KB(kb_path)
    assert kb.lookup("Donald Trump", "PER") == "Q22686"
    assert kb.lookup("Poetin", "PER") == kb.lookup("Vladimir Putin", "PER") == "Q7747"
    assert kb.lookup("VS", "LOC") == kb.lookup("United States", "ORG") == "Q30"
    assert kb.lookup("Witte Huis", "ORG") == "Q35525"  # MISC-typed item accepted for ORG
    # type decides between popular candidates of the same name
    assert kb.lookup("Washington", "LOC") == "Q61"
    assert kb.lookup("Washington", "PER") == "Q23"
    assert kb.lookup("Poetin", "LOC") is None
    assert kb.lookup("Nur Deutsch", "PER") is None


def test_annotate_fills_wikidata_from_env(kb_path, monkeypatch):
    monkeypatch.setenv("KRONIEK_KB", str(kb_path))
    text = "Donald Trump sprak met Poetin in de VS."
    mentions = resolve(make_doc(text, [("Donald Trump", "PER"), ("Poetin", "PER"), ("de VS", "LOC")]))
    assert {m.text: m.wikidata for m in mentions} == {"Donald Trump": "Q22686", "Poetin": "Q7747", "VS": "Q30"}
    monkeypatch.delenv("KRONIEK_KB")
    assert all(m.wikidata is None for m in resolve(make_doc(text, [("Donald Trump", "PER")])))


def test_kb_cli(tmp_path, kb_path):
    from click.testing import CliRunner

    dump = tmp_path / "d.json"
    dump.write_text("[\n" + json.dumps(_item("Q55", {"nl": "Nederland", "en": "Netherlands"}, {}, ["Q6256"], 9))
                    + "\n]\n", encoding="utf-8")
    out = tmp_path / "kb.sqlite"
    res = CliRunner().invoke(kb_command, ["build", "--wikidata", str(dump), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert KB(out).lookup("Nederland", "LOC") == "Q55"
    res = CliRunner().invoke(kb_command, ["lookup", "--kb", str(kb_path), "--label", "PER", "Washington"])
    assert res.exit_code == 0 and res.output.strip() == "Q23"
    res = CliRunner().invoke(kb_command, ["lookup", "--kb", str(kb_path), "Washington"])
    assert [line.split("\t")[0] for line in res.output.splitlines()] == ["Q23", "Q61"]
    res = CliRunner().invoke(kb_command, ["build", "--wikidata", str(tmp_path / "missing.json.bz2"), "--out",
                                          str(out)])
    assert res.exit_code != 0 and "no such" in res.output


def test_kb_rejects_other_files(tmp_path):
    from kroniek.errors import ConfigError

    with pytest.raises(ConfigError):
        KB(tmp_path / "nope.sqlite")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ConfigError):
        KB(bad)


# --- the real NER, once it ships ----------------------------------------------------------------

def test_real_ner_on_seed(seed_article):
    from kroniek.ner import load_ner

    if load_ner("nl") is None:
        pytest.skip("no Dutch NER model shipped yet")
    from kroniek.pipeline import Pipeline
    from kroniek.settings import Settings

    ann = Pipeline(Settings(annotators=("entities",), lang="nl")).annotate(seed_article)
    got = by_text(ann.entities)
    assert {m.entity for m in got.get("Trump", [])} == {"Donald Trump"}
    assert {m.entity for m in got.get("Poetin", [])} == {"Vladimir Poetin"}
    assert got["Sarah Sanders"][0].label == "PER"
    assert all(m.refers_to == "Verenigde Staten" for m in got["Amerikaanse"])


# --- robustness ---------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_LABELS = st.sampled_from(["PER", "ORG", "LOC", "MISC"])
_TEXT = ("Na hun ontmoeting in Helsinki wil de Amerikaanse president Donald Trump snel opnieuw praten met "
         "Vladimir Poetin.\n\nWitte Huis-woordvoerster Sarah Sanders zei dat Trump niet instemt. De VS en "
         "het Witte Huis-persvoorlichter zwegen. 'Poetin' zei niets.")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(-5, len(_TEXT) + 5), st.integers(0, 40), _LABELS), max_size=12))
def test_any_raw_spans_give_clean_mentions(raw):
    """Whatever spans the NER gives (overlapping, empty, out of range), mentions are exact,
    non-overlapping, inside the text and never empty."""
    blank = BlankBackend().process(_TEXT, "nl")
    spans = tuple(Span(s, s + n, lab) for s, n, lab in raw)
    mentions = resolve(Doc(_TEXT, "nl", blank.tokens, blank.sentences, spans))
    last_end = -1
    for m in mentions:
        assert 0 <= m.start < m.end <= len(_TEXT)
        assert _TEXT[m.start:m.end] == m.text and m.text.strip() == m.text and m.entity
        assert m.start >= last_end
        last_end = m.end
