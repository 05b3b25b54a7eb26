"""Quote attribution: the seed article, every quote style, split/multi-paragraph/colon quotes, apostrophes,
anonymous sources and English."""

from __future__ import annotations

import pytest

from kroniek.model import Article, Quote
from kroniek.pipeline import Pipeline
from kroniek.quotes.annotate import quotes_of
from kroniek.quotes.marks import find_quoted
from kroniek.settings import Settings


def _find(quotes, fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.content]
    assert hits, f"no quote containing {fragment!r}; got {[q.content[:40] for q in quotes]}"
    return hits[0]


def _speaker_is(q: Quote, surname: str) -> bool:
    return q.speaker_canonical is not None and surname.lower() in q.speaker_canonical.lower()


@pytest.fixture(scope="module", params=["quotes-only", "with-entities"])
def seed_quotes(request, seed_article):
    if request.param == "quotes-only":
        pipe = Pipeline(Settings(nlp="blank", annotators=("quotes",)))
    else:
        try:
            pipe = Pipeline(Settings(annotators=("entities", "quotes")))
        except Exception as exc:  # noqa: BLE001 - the entities annotator is optional for this test
            pytest.skip(f"entities annotator not available: {exc}")
    try:
        ann = pipe.annotate(Article(id="seed", text=seed_article.text, lang="nl"))
    except Exception as exc:
        if request.param == "quotes-only":
            raise
        pytest.skip(f"entities annotator failed: {exc}")
    for q in ann.quotes:
        assert seed_article.text[q.content_start:q.content_end] == q.content
    return ann.quotes


class TestSeed:
    def test_direct_quotes(self, seed_quotes):
        assert _speaker_is(_find(seed_quotes, "Wij staan altijd open"), "Poetin")
        assert _find(seed_quotes, "Wij staan altijd open").kind == "direct"
        coates = _find(seed_quotes, "Ik heb geen idee")
        assert coates.kind == "direct" and coates.cue == "zei" and _speaker_is(coates, "Coates")
        assert "Dan Coates" in coates.speaker_canonical
        kijk = _find(seed_quotes, "Ik kijk uit naar ons tweede gesprek")
        assert kijk.speaker.lower() == "hij" and _speaker_is(kijk, "Trump")
        nee = [q for q in seed_quotes if q.content == "nee"]
        assert nee and nee[0].kind == "direct" and _speaker_is(nee[0], "Trump")

    def test_groot_succes_is_mixed(self, seed_quotes):
        q = _find(seed_quotes, "'een groot succes'")
        assert q.kind == "mixed" and q.cue == "noemde" and _speaker_is(q, "Trump")
        assert q.content.startswith("zijn ontmoeting")

    def test_indirect(self, seed_quotes):
        wh = _find(seed_quotes, "Trump heeft bij zijn nationale veiligheidschef")
        assert wh.kind == "indirect" and "Witte Huis" in wh.speaker_canonical
        assert "Washington" in wh.content  # "Dat liet ... weten" refers back over two sentences
        poetin = _find(seed_quotes, "Rusland bereid is te praten")
        assert poetin.speaker == "Poetin" and _speaker_is(poetin, "Poetin") and poetin.cue == "liet"
        datum = _find(seed_quotes, "eerst de resultaten van de eerste top")
        assert datum.speaker == "hij" and _speaker_is(datum, "Poetin")
        versproken = _find(seed_quotes, "zich had versproken")
        assert _speaker_is(versproken, "Trump") and versproken.kind == "indirect"
        sanders = _find(seed_quotes, "Trump niet met de vraag van Poetin")
        assert _speaker_is(sanders, "Sanders") and "Sarah" in sanders.speaker_canonical
        media = _find(seed_quotes, "nog niet verder besproken")
        assert media.cue == "volgens" and "media" in media.speaker_canonical

    def test_no_intention_or_question(self, seed_quotes):
        assert not any("graag snel opnieuw samenzitten" in q.content for q in seed_quotes)


class TestStyles:
    @pytest.mark.parametrize("open_,close", [("'", "'"), ('"', '"'), ("‘", "’"), ("“", "”"), ("„", "”"),
                                              ("«", "»"), (",,", "''"), (",,", '"')])
    def test_every_quote_style(self, open_, close):
        text = f"De burgemeester was duidelijk. {open_}We gaan dit plein helemaal opnieuw inrichten{close}, zegt Jan de Vries."
        (q,) = quotes_of(text)
        assert q.content == "We gaan dit plein helemaal opnieuw inrichten"
        assert q.kind == "direct" and q.cue == "zegt" and q.speaker_canonical == "Jan de Vries"

    def test_split_quote_gives_two_attributions(self):
        text = "'Dat is een goed idee', zei Marieke Jansen, 'maar we hebben er geen geld voor.'"
        qs = quotes_of(text)
        assert [q.content for q in qs] == ["Dat is een goed idee", "maar we hebben er geen geld voor."]
        assert all(q.speaker_canonical == "Marieke Jansen" for q in qs)

    def test_multi_paragraph_quote(self):
        text = ("Piet Bakker vertelde over zijn jeugd.\n\n'Ik groeide op in Zwolle. We hadden niets.\n\n"
                "'Toch was het een mooie tijd, eerlijk gezegd.'\n\nDaarna werd het stil.")
        qs = quotes_of(text)
        assert len(qs) == 1
        assert qs[0].content.startswith("Ik groeide op") and qs[0].content.endswith("eerlijk gezegd.")
        assert qs[0].speaker_canonical == "Piet Bakker"

    def test_colon_quote_and_bare_follow_up(self):
        text = ("De wethouder Niels Blom reageerde verbaasd. Blom: 'Dat is blijkbaar nog steeds de man.' "
                "'Ik had dit niet verwacht van de gemeenteraad.'")
        qs = quotes_of(text)
        assert len(qs) == 2
        assert qs[0].cue is None and qs[0].speaker == "Blom" and qs[0].speaker_canonical == "Niels Blom"
        assert qs[1].cue is None and qs[1].speaker_canonical == "Niels Blom"

    def test_speaker_colon_with_cue(self):
        qs = quotes_of("Minister Karin de Wit zei daarover: 'Wij doen wat nodig is voor de boeren.'")
        assert len(qs) == 1 and qs[0].cue == "zei" and qs[0].speaker_canonical == "Karin de Wit"


class TestMixed:
    def test_naming_verb_after_the_quote(self):
        (q,) = quotes_of("Het is verboden, nadat het Hooggerechtshof de organisatie als 'extremistisch' had bestempeld.")
        assert q.kind == "mixed" and q.content == "de organisatie als 'extremistisch'"
        assert q.cue == "bestempeld" and q.speaker == "het Hooggerechtshof"

    def test_te_infinitive_with_quoted_fragment(self):
        (q,) = quotes_of("Het merendeel van de ondernemers geeft aan 'enigszins voorbereid' te zijn op de brexit.")
        assert q.kind == "mixed" and q.content.startswith("'enigszins voorbereid' te zijn")
        assert q.speaker == "Het merendeel van de ondernemers"

    def test_fragment_with_postposed_cue(self):
        (q,) = quotes_of("De man is 'ontzettend blij met de uitslag', zegt zijn vrouw Anna Smit.")
        assert q.kind == "mixed" and q.content.startswith("De man is") and q.speaker_canonical == "Anna Smit"


class TestNotQuotes:
    def test_apostrophes_are_not_quotes(self):
        text = ("In de jaren '80 reden er veel auto's door 's-Hertogenbosch. 's Avonds was het rustig "
                "en 't was er gezellig, zei Ans.")
        assert find_quoted(text) == []
        assert all("'" not in q.content[:1] for q in quotes_of(text))

    def test_scare_quotes_and_titles(self):
        text = ("De 'helden' van de serie zijn populair. Het boek 'De avonden' werd verfilmd. "
                "Hij wees op 'alarmerende' cijfers.")
        assert quotes_of(text) == ()

    def test_intention_is_not_speech(self):
        assert quotes_of("De minister wil dat het kabinet volgend jaar meer geld uittrekt voor de zorg.") == ()

    def test_other_sense_of_speech_verb(self):
        assert quotes_of("De politie stelde een vraag aan de getuige. Hij meldde zich dat weekend bij het bureau.") == ()


class TestSpeakers:
    def test_anonymous_source_stays_anonymous(self):
        text = ("Minister Hugo de Jonge bezocht het ziekenhuis. Volgens ingewijden is het plan al lang klaar. "
                "Bronnen rond het onderzoek zeggen dat de fraude groter is dan gedacht.")
        qs = quotes_of(text)
        assert len(qs) == 2
        assert qs[0].speaker_canonical == "ingewijden"
        assert qs[1].speaker_canonical.lower().startswith("bronnen")
        assert not any("Jonge" in (q.speaker_canonical or "") for q in qs)

    def test_role_resolves_to_introduced_name(self):
        text = ("Woordvoerster Sarah Sanders sprak de pers toe. Later zei de woordvoerster dat er geen nieuwe top komt.")
        (q,) = quotes_of(text)
        assert q.speaker == "de woordvoerster" and q.speaker_canonical == "Sarah Sanders"

    def test_klinkt_het_takes_previous_source(self):
        text = ("Het bedrijf Philips liet weten dat de fabriek dichtgaat. 'Het is een moeilijke beslissing', klinkt het.")
        qs = quotes_of(text)
        assert qs[1].cue == "klinkt" and qs[1].speaker_canonical == qs[0].speaker_canonical == "Philips"

    def test_postposed_aldus_and_zegt(self):
        text = "Het kabinet moet ingrijpen, aldus de vakbond FNV. De lonen stijgen te langzaam, zegt econoom Bas Jacobs."
        qs = quotes_of(text)
        assert [q.kind for q in qs] == ["indirect", "indirect"]
        assert qs[0].content == "Het kabinet moet ingrijpen" and qs[0].speaker_canonical == "FNV"
        assert qs[1].speaker_canonical == "Bas Jacobs"

    def test_uses_entity_annotator_canonical_names(self):
        from kroniek.model import EntityMention

        text = "Poetin zei dat Rusland bereid is te praten."
        ents = (EntityMention("Poetin", 0, 6, "PER", "Vladimir Poetin"),)
        (q,) = quotes_of(text, entities=ents)
        assert q.speaker_canonical == "Vladimir Poetin"


class TestDutchConstructions:
    """General constructions found while scoring the Dutch check set (eval/gold/nl-check-quotes.jsonl); the
    sentences here are made up."""

    def test_cue_with_prepositional_phrases_before_dat(self):
        text = "De verdachte zei gisteren in het bijzijn van zijn familie tegen de rechter dat hij niemand wilde doden."
        (q,) = quotes_of(text)
        assert q.kind == "indirect" and q.cue == "zei" and q.content == "hij niemand wilde doden"
        assert q.speaker == "De verdachte"

    def test_far_dat_of_another_verb_is_not_the_content_clause(self):
        text = ("Een vrijwilliger zegt iets in een groen partijshirt van de partij als blijkt dat de partij in de "
                "provincie een forse winst heeft geboekt.")
        assert not any(q.content.startswith("de partij in de provincie") for q in quotes_of(text))

    def test_name_ending_in_an_initial_is_the_subject(self):
        text = "De advocaat noemde het verhaal onzin. Verdachte K. zei tegen de rechter dat hij onschuldig is."
        q = _find(quotes_of(text), "onschuldig")
        assert q.speaker.startswith("Verdachte K")

    def test_aldus_followed_by_a_relative_clause(self):
        text = ("Het bos ligt vol teken. ,,Ik zag een dode ree. In de vacht zaten tientallen teken\", aldus Jansen, "
                "die als boswachter werkt. Pas op in het hoge gras.")
        qs = quotes_of(text)
        assert len(qs) == 1 and qs[0].kind == "direct" and qs[0].speaker == "Jansen"
        assert "aldus" not in qs[0].content

    def test_speaker_of_a_verb_final_relative_clause(self):
        text = ("Er kwam kritiek op een bericht van een docent die na de verkiezingen op Twitter schreef: "
                "'Waar is iedereen gebleven?'")
        (q,) = quotes_of(text)
        assert q.cue == "schreef" and "docent" in q.speaker

    def test_speaker_of_a_clause_after_hoe(self):
        text = "Op de beelden is te zien hoe een betoger scandeert: 'Weg met de regering, nu meteen!'"
        (q,) = quotes_of(text)
        assert q.speaker == "een betoger"

    def test_noun_after_an_article_is_not_a_cue(self):
        text = "Op de vraag of de brug dichtgaat, gaf de wethouder geen antwoord. Hij las een bericht van de krant."
        assert quotes_of(text) == ()

    def test_verb_with_object_and_coordinated_clause_is_not_a_postposed_cue(self):
        text = ("Mijn favoriete dichter, Jan Jansen, schreef boze pamfletten, maar om die reden zijn zijn gedichten "
                "niet minder mooi.")
        assert quotes_of(text) == ()

    def test_thought_before_a_colon_is_not_speech(self):
        text = "Ik zag al die fans langs de weg staan en dacht: ik wou dat ik daar ook stond."
        assert quotes_of(text) == ()

    def test_asking_questions_as_a_method_is_not_speech(self):
        text = "Leraren toetsen de stof door vragen te stellen zonder dat daar een cijfer aan is gekoppeld."
        assert quotes_of(text) == ()

    def test_particle_verb_tekende_aan(self):
        text = "De raadsman van de boer tekende aan dat de gemeente hoe dan ook schadegeld moet betalen."
        (q,) = quotes_of(text)
        assert q.content == "de gemeente hoe dan ook schadegeld moet betalen" and q.speaker_canonical.endswith("boer")

    def test_quoted_word_in_the_speakers_noun_phrase_is_mixed(self):
        text = "Een bewoonster pleitte voor een 'stadsfiets', een fiets die hooguit twintig kilometer per uur gaat."
        (q,) = quotes_of(text)
        assert q.kind == "mixed" and q.cue == "pleitte" and q.speaker == "Een bewoonster"
        assert q.content.startswith("een 'stadsfiets'") and q.content.endswith("per uur gaat")

    def test_self_naming_and_quoted_names_are_not_quotes(self):
        text = ("Een club die zich 'vrienden van het park' noemt, sprak in een brief aan de burgemeester van een "
                "'klap in het gezicht' van de buurt. Een 'schande', zeiden leden van 'Groen Voor Allen'.")
        qs = quotes_of(text)
        assert not any("vrienden van het park" in q.content and "klap" not in q.content for q in qs)
        assert not any(q.content == "Groen Voor Allen" for q in qs)
        klap = _find(qs, "klap in het gezicht")
        assert klap.kind == "mixed" and klap.speaker == "Een club"

    def test_aldus_inserted_before_a_dat_clause(self):
        text = "Het is lang geleden, aldus omroep ARD, dat een tentoonstelling zoveel stof deed opwaaien."
        (q,) = quotes_of(text)
        assert q.cue == "aldus" and q.content.endswith("stof deed opwaaien")

    def test_verwijt_dat(self):
        text = "De directeur verwijt de critici dat ze de tentoonstelling tot een kledingstuk reduceren."
        (q,) = quotes_of(text)
        assert q.cue == "verwijt" and q.content.startswith("ze de tentoonstelling")

    def test_bedoelt_and_verlangt_dat(self):
        text = ("Klaver bedoelt dat het kabinet met zijn partij een meerderheid kan krijgen. De gemeenteraad heeft "
                "verlangd dat er gratis kaarten komen voor mensen met weinig geld.")
        qs = quotes_of(text)
        assert [q.cue for q in qs] == ["bedoelt", "verlangd"]
        assert qs[0].speaker == "Klaver" and qs[1].content.startswith("er gratis kaarten")

    def test_passive_report_has_no_speaker_and_ends_with_its_clause(self):
        text = ("Minister Jansen sprak met de pers. Hoewel in het akkoord werd uitgesproken dat de regering niemand "
                "gaat ophalen, blijft de kwestie terugkomen.")
        (q,) = quotes_of(text)
        assert q.content == "de regering niemand gaat ophalen"
        assert q.speaker is None and q.speaker_canonical is None

    def test_active_perfect_keeps_its_speaker(self):
        text = "Zijn woordvoerder heeft gisteren gezegd dat de minister niet aftreedt."
        (q,) = quotes_of(text)
        assert q.speaker is not None and "woordvoerder" in q.speaker

    def test_naar_eigen_zeggen(self):
        text = "De trams rijden andere routes. Reizigers in Noord moeten naar eigen zeggen langer reizen."
        (q,) = quotes_of(text)
        assert q.content.startswith("Reizigers in Noord moeten") and q.speaker.startswith("Reizigers")

    def test_colon_after_an_example_is_not_a_speaker(self):
        text = ("Volgens onderzoeker Yvonne Gispen zijn de trends dezelfde. Een voorbeeld: 'Het CDA is minder "
                "populair onder scholieren dan in de rest van het land.'")
        q = _find(quotes_of(text), "minder populair")
        assert q.speaker_canonical == "Yvonne Gispen"

    def test_time_phrase_and_adverb_are_not_speakers(self):
        text = ("Vorig jaar zei Asscher al dat hij bereid was het kabinet te steunen. Freek Haverman, bedenker van "
                "de naam 'De Glimlach', zegt overigens dat hij niet betrokken is.")
        qs = quotes_of(text)
        assert _find(qs, "bereid was").speaker == "Asscher"
        assert "Haverman" in (_find(qs, "niet betrokken").speaker or "")
        assert not any(q.content == "De Glimlach" or "De Glimlach'" in q.content for q in qs)

    def test_schat_in_dat(self):
        text = "Boswachter Kees Westra schat in dat de komende weken negenhonderd bomen moeten worden gekapt."
        (q,) = quotes_of(text)
        assert q.cue == "schat" and "Kees Westra" in q.speaker_canonical

    def test_quoted_dat_clause_is_mixed(self):
        text = ("De eigenaar is chef-kok Bernd Knol. Hij zei in een verklaring dat 'uit de eerste onderzoeken bleek "
                "dat het restaurant aan alle voorschriften voldoet'.")
        (q,) = quotes_of(text)
        assert q.kind == "mixed" and q.cue == "zei" and q.content.startswith("'uit de eerste")

    def test_unclosed_dutch_quote_ends_before_the_next_one(self):
        text = ("Het park krijgt een nieuwe boom. ,,Als de tijd rijp is krijgt de boom zijn plek terug. Burgemeester "
                "Nol Kleijngeld: ,,Wij laten ons niet tarten. De boom blijft in het park.\"")
        spans = [text[q.cstart:q.cend] for q in find_quoted(text)]
        assert spans == ["Als de tijd rijp is krijgt de boom zijn plek terug.",
                         "Wij laten ons niet tarten. De boom blijft in het park."]
        q = _find(quotes_of(text), "niet tarten")
        assert q.speaker_canonical == "Nol Kleijngeld"

    def test_naar_eigen_zeggen_as_apposition_leaves_the_quote(self):
        text = ("Op beelden van Network, naar eigen zeggen een 'rechts mediaplatform', is te zien hoe een betoger "
                "scandeert: ,,Weg met de regering, nu meteen!\" Anderen zwegen.")
        q = _find(quotes_of(text), "Weg met de regering")
        assert q.kind == "direct" and q.speaker == "een betoger"

    def test_volgens_with_age_and_relative_clause(self):
        text = ("Er is ook kritiek. Volgens Stijn Warmenhoven (17), die het protest begon, hoeven critici zich geen "
                "zorgen te maken.")
        (q,) = quotes_of(text)
        assert q.content == "hoeven critici zich geen zorgen te maken" and q.speaker_canonical == "Stijn Warmenhoven"

    def test_cited_headline_and_theme_are_not_quotes(self):
        text = ("'Hoe liep de schutter tegen de lamp en zeven andere vragen' (AD 20-3). Het antwoord is simpel. "
                "Het thema is dit jaar behoorlijk suf: 'de moeder de vrouw'; de laatste ruzie was in 2004.")
        assert quotes_of(text) == ()

    def test_om_te_cue_takes_the_main_clause_subject(self):
        text = ("Karen Uhlenbeck won de prijs. Toen ze in 2007 een andere prijs won, gebruikte ze dat podium om te "
                "stellen dat er te weinig vrouwen in de wiskunde werken.")
        (q,) = quotes_of(text)
        assert q.speaker == "ze" and q.speaker_canonical == "Karen Uhlenbeck"

    def test_onder_meer_before_a_postposed_speaker(self):
        text = ("Sinds de top hebben de Noord-Koreanen weinig gedaan om de ontwapening dichterbij te brengen, "
                "constateerden onder meer Amerikaanse inlichtingendiensten.")
        (q,) = quotes_of(text)
        assert q.cue == "constateerden" and q.speaker == "Amerikaanse inlichtingendiensten"

    def test_hield_vol_with_a_demonstrative_subject(self):
        text = "De minister was toen Henk Kamp. Die hield vol dat afbouwen niet kon zonder een tekort aan gas."
        (q,) = quotes_of(text)
        assert q.cue == "hield" and q.speaker == "Die" and q.speaker_canonical == "Henk Kamp"

    def test_pochten_dat(self):
        text = "Op een conferentie pochten partijgenoten dat de premier de partij bij de neus heeft genomen."
        (q,) = quotes_of(text)
        assert q.cue == "pochten" and q.content.startswith("de premier")

    def test_bare_opening_quote_takes_the_person_introduced_next(self):
        text = ("Forum voor Democratie zet de eerste stappen. ,,Een appgroep om de formatie te bespreken? Dat lijkt "
                "me geen goed idee.'' Cees Loggen, frontman van de VVD, laat het idee nog even op zich inwerken.")
        (q,) = quotes_of(text)
        assert q.speaker_canonical == "Cees Loggen"

    def test_number_word_is_not_a_speaker(self):
        text = ("Woordvoerder Jan Wils van het bedrijf hoopt op een snelle oplossing. Twintig gemeenten zitten al "
                "dagen in het donker. Blijven de lampen vanavond uit? ,,Nee, we kunnen de verlichting met de hand "
                "bedienen.\" Twintig Gelderse gemeenten hebben last van de storing.")
        q = _find(quotes_of(text), "verlichting")
        assert q.speaker_canonical == "Jan Wils"

    # te-infinitive contents (found on nl-train3 and the development articles)
    def test_stellen_with_a_te_infinitive(self):
        text = "De kok sprak van een drama. Hij stelde zijn volledige medewerking te verlenen aan het onderzoek."
        q = _find(quotes_of(text), "medewerking")
        assert q.kind == "indirect" and q.cue == "stelde" and q.speaker == "Hij"
        assert q.content == "zijn volledige medewerking te verlenen aan het onderzoek"

    def test_inverted_subject_is_not_content(self):
        text = "Tijdens de zitting stelde het Openbaar Ministerie niet in de complottheorie te geloven."
        (q,) = quotes_of(text)
        assert q.content == "niet in de complottheorie te geloven" and q.speaker == "het Openbaar Ministerie"

    def test_call_with_om_te(self):
        text = "De politie zoekt getuigen van de inbraak. De politie roept getuigen op om hun verhaal te doen."
        q = _find(quotes_of(text), "verhaal")
        assert q.cue == "roept" and q.content == "hun verhaal te doen" and q.speaker == "De politie"

    def test_announced_with_a_particle_and_te(self):
        text = "De bond is boos over de cao. FNV kondigde vorige week aan naar de rechter te stappen."
        q = _find(quotes_of(text), "rechter")
        assert q.speaker == "FNV" and q.content == "naar de rechter te stappen"

    def test_passive_request_has_no_speaker(self):
        text = "De garage is dicht. Gebruikers werd dringend verzocht hun auto elders te parkeren."
        q = _find(quotes_of(text), "elders")
        assert q.cue == "verzocht" and q.speaker is None and q.content == "hun auto elders te parkeren"

    def test_purpose_clause_after_an_object_is_not_content(self):
        text = "Na de rellen kondigde de premier gisteren maatregelen aan om het demonstratierecht in te perken."
        assert quotes_of(text) == ()

    def test_te_before_an_adjective_is_not_an_infinitive(self):
        text = "Het toezicht schoot tekort. De bank stelde er ook structureel te weinig geld voor beschikbaar."
        assert quotes_of(text) == ()

    def test_verb_opening_a_sentence_or_after_te_is_not_an_infinitive_cue(self):
        text = ("Stellen met een vrouwelijke kostwinner hoeven zich geen zorgen te maken. Het doel is bewoners in "
                "de gelegenheid te stellen toch te gaan stemmen. Dreigt het Nederlands af te sterven?")
        assert quotes_of(text) == ()

    def test_raising_questions_is_not_speech(self):
        text = "Deze winst roept ook de vraag op waarom Shell de prijs niet zelf betaalt."
        assert quotes_of(text) == ()

    def test_stelde_dat_is_not_read_as_a_proposal(self):
        text = "De president stelde dat het geweld illustratief is voor de haat in de wereld."
        (q,) = quotes_of(text)
        assert q.cue == "stelde" and q.content.startswith("het geweld illustratief")

    # speakers (found on nl-train3)
    def test_name_before_a_role_apposition_is_the_speaker(self):
        text = "Milo Schoenmaker, bestuursvoorzitter van het COA, stelt dat het personeel de overlast aankan."
        (q,) = quotes_of(text)
        assert q.speaker == "Milo Schoenmaker"

    def test_name_before_a_relative_clause_is_the_speaker(self):
        text = "Scholte ter Horst, die zelf jaren voor XS4All werkte, zegt dat het comité voorzichtig begroot."
        (q,) = quotes_of(text)
        assert q.speaker == "Scholte ter Horst"

    def test_name_then_prepositional_phrase_then_colon(self):
        text = ("Burgemeester Martijn Vroom plaatste foto's van boeken. ,,Schokkend'', zei wethouder Rutger Groot Wassink. "
                "Vroom in een reactie: ,,Je hoeft niet alles te accepteren.''")
        q = _find(quotes_of(text), "accepteren")
        assert q.speaker == "Vroom" and q.speaker_canonical == "Martijn Vroom"

    def test_manner_word_before_a_colon_is_not_a_speaker(self):
        text = ("De monteur Peter Jansen hield de dieven tegen. ,,Ik remde af'', zegt hij. De bus bleef heel. "
                "Lachend: ,,Die kan wel tegen een stootje.''")
        q = _find(quotes_of(text), "stootje")
        assert q.speaker_canonical == "Peter Jansen"

    def test_capitalised_word_opening_a_quote_is_not_a_name(self):
        text = ("De monteur Peter Jansen zag de dieven. ,,Sowieso ben ik iemand die dan ingrijpt'', zegt hij. "
                "De weg was smal. ,,Ik wilde ze er niet langs laten.''")
        q = _find(quotes_of(text), "niet langs")
        assert q.speaker_canonical == "Peter Jansen"

    def test_quoted_fragment_after_the_writers_words_is_mixed(self):
        text = ("Ook de oppositie was tegen. De partij Les Républicains (LR) zei dat de 'waardigheid en vrijheid "
                "van vrouwen' op het spel staat. Volgens hem hoort 'de kleine groep die voor onveiligheid zorgt' "
                "niet in de opvang thuis.")
        qs = quotes_of(text)
        assert [q.kind for q in qs] == ["mixed", "mixed"]
        assert qs[0].content.startswith("de 'waardigheid") and qs[0].cue == "zei"
        assert qs[1].content.startswith("hoort 'de kleine groep") and qs[1].cue == "Volgens"

    def test_negated_postposed_cue_reports_nothing(self):
        text = "Nederland schaadt andere belangen, vreest de minister. Welke dat zijn, maakt hij niet duidelijk."
        assert not any(q.content.startswith("Welke") for q in quotes_of(text))

    def test_more_cues(self):
        text = ("Scholte ter Horst beklemtoont dat investeerders rendement verdienen. Ze voerden aan dat het haar "
                "heilig is. Om te beginnen is zeker 13 miljoen euro nodig, schat Anco Scholte ter Horst. "
                "De rechter maakte duidelijk dat de zaak verjaard is.")
        cues = {q.cue for q in quotes_of(text)}
        assert {"beklemtoont", "voerden", "schat", "maakte"} <= cues

    def test_name_before_an_apposition_with_an_inverted_subject(self):
        text = ("In 2015 had het kankerinstituut Iarc, onderdeel van de Wereldgezondheidsorganisatie, geconcludeerd "
                "dat het middel kankerverwekkend is.")
        (q,) = quotes_of(text)
        assert q.speaker == "het kankerinstituut Iarc"

    def test_call_for_something_then_a_colon_quote(self):
        text = ("Het aantal blanco stemmen was hoog. De toenmalige voorzitter, Peter Glas, riep in 2015 op tot "
                "onderzoek: \"We kunnen dit niet negeren.\"")
        (q,) = quotes_of(text)
        assert q.kind == "direct" and q.speaker == "Peter Glas"

    def test_manner_word_after_the_cue_is_not_the_subject(self):
        text = ("Een van de vrouwen vroeg of ik wilde wachten. Daar was ze weer, op de fiets, en riep lachend: "
                ",,Wat sta je daar nou?''")
        q = _find(quotes_of(text), "Wat sta je")
        assert q.speaker != "lachend"

    def test_volgens_source_ends_at_the_finite_verb(self):
        text = ("De partij glorieert. Maar volgens lijsttrekker voor de Eerste Kamer Paul Rosenmöller kan Rutte III "
                "niet om GroenLinks heen. Volgens het bedrijf krijgt Nederland daarom voorrang.")
        a, b = quotes_of(text)
        assert a.speaker == "lijsttrekker voor de Eerste Kamer Paul Rosenmöller"
        assert a.content == "kan Rutte III niet om GroenLinks heen"
        assert b.speaker == "het bedrijf" and b.content == "krijgt Nederland daarom voorrang"

    def test_of_inside_a_name_is_not_a_content_clause(self):
        text = "'Deze week geen staking!' postte Youth of Climate NL zondagmiddag op Instagram."
        qs = quotes_of(text)
        assert [q.kind for q in qs] == ["direct"] and qs[0].cue == "postte"

    def test_surname_with_a_capitalised_link_word(self):
        text = "De column ging over euthanasie. Van der Voort bepleit dat artsen daartoe bereid zijn."
        (q,) = quotes_of(text)
        assert q.cue == "bepleit" and q.speaker == "Van der Voort"

    def test_interview_answers_go_to_the_interviewee(self):
        text = ("CDA-leider Sybrand Buma wil de bijstand afschaffen. ,,Dat is geen vetpot'', zegt Buma. "
                "Minister Wopke Hoekstra zei vorige week dat de markt niet heilig is. Bent u het met hem eens? "
                ",,Ik zie het als een gezonde correctie.'' Wat gaan deze mensen in Den Haag doen? "
                ",,Doorgaans zal het om eenvoudig werk gaan.''")
        qs = quotes_of(text)
        assert _find(qs, "gezonde correctie").speaker_canonical == "Sybrand Buma"
        assert _find(qs, "eenvoudig werk").speaker_canonical == "Sybrand Buma"

    def test_pronoun_after_the_verb_is_the_subject(self):
        text = "Rob Jetten gaat het debat in. Zenuwen zegt hij niet te hebben."
        (q,) = quotes_of(text)
        assert q.speaker == "hij" and q.speaker_canonical == "Rob Jetten"

    def test_role_apposition_after_a_postposed_speaker_is_not_content(self):
        text = ("Om te beginnen is zeker 13 miljoen euro nodig, schat Anco Scholte ter Horst, bedrijfsadviseur "
                "en schrijver van het plan. 'Verlichte moslims' als hijzelf, zegt Tibi, beantwoorden die vraag "
                "met nee.")
        a, b = quotes_of(text)
        assert a.content == "Om te beginnen is zeker 13 miljoen euro nodig"
        assert b.content.endswith("beantwoorden die vraag met nee")

    def test_postposed_cue_in_the_perfect_tense(self):
        text = ("Die traditie is geen vorm van dierenmishandeling, zo heeft de rechter woensdag bepaald in een "
                "beroepsprocedure. Het plan is onzin, heeft de minister gisteren gezegd.")
        a, b = quotes_of(text)
        assert a.content == "Die traditie is geen vorm van dierenmishandeling" and a.speaker == "de rechter"
        assert b.content == "Het plan is onzin" and b.cue == "gezegd" and b.speaker == "de minister"

    def test_perfect_tense_with_an_object_is_not_postposed(self):
        text = ("De tornado trok over Alabama, heeft zeker 23 levens geëist. Israël houdt het gebied bezet, heeft "
                "het gekoloniseerd en tot grondgebied verklaard. In Ankara won Yavas, heeft de AKP hertelling "
                "gevraagd.")
        assert quotes_of(text) == ()

    def test_capitalised_link_word_inside_a_name(self):
        text = "De actievoerder Sandra van de Werd kondigde aan dat de strijd wordt voortgezet."
        (q,) = quotes_of(text)
        assert q.speaker_canonical == "Sandra van de Werd"

    def test_zoals_clause_gives_the_main_clause_a_source(self):
        text = "Zoals de krant eerder meldde, is de burgemeester afgetreden. Zoals verwacht won de PvdA."
        (q,) = quotes_of(text)
        assert q.cue == "meldde" and q.speaker == "de krant" and q.content == "is de burgemeester afgetreden"

    def test_volgens_title_with_a_lowercase_prepositional_phrase(self):
        text = "Het OM eist vijf jaar. Volgens de officier van justitie heeft hij met voorbedachten rade gehandeld."
        (q,) = quotes_of(text)
        assert q.speaker == "de officier van justitie" and q.content.startswith("heeft hij")

    def test_channel_before_a_te_infinitive_is_not_content(self):
        text = "Het bedrijf zegt in een reactie de kritiek niet te begrijpen."
        (q,) = quotes_of(text)
        assert q.content == "de kritiek niet te begrijpen"

    def test_volgens_content_stops_at_a_coordinated_clause(self):
        text = "Volgens de minister is er geen reden tot zorg, maar de oppositie denkt daar anders over."
        (q,) = quotes_of(text)
        assert q.content == "is er geen reden tot zorg"

    def test_volgens_source_inside_a_sentence_is_a_short_phrase(self):
        text = ("Het onderzoek werd volgens de Nederlandse politie zorgvuldig uitgevoerd. Bij de inval werd "
                "volgens de gemeente ruim 100 gram amfetamine gevonden.")
        a, b = quotes_of(text)
        assert a.speaker == "de Nederlandse politie" and b.speaker == "de gemeente"

    def test_cue_particle_ends_the_speaker_phrase(self):
        text = "\"We zijn blij\", laat de familie weten in een verklaring."
        (q,) = quotes_of(text)
        assert q.speaker == "de familie"

    def test_title_with_a_party_prefix(self):
        text = "Ook PvdA-Kamerlid Gijs van Dijk is kritisch: \"Dit is onacceptabel.\""
        (q,) = quotes_of(text)
        assert q.speaker_canonical == "Gijs van Dijk"

    def test_channel_with_a_determiner_before_a_te_infinitive(self):
        text = "De verdachte verklaarde bij de politie niets met de zaak te maken te hebben."
        (q,) = quotes_of(text)
        assert q.content == "niets met de zaak te maken te hebben" and q.speaker == "De verdachte"

    def test_een_van_de_is_a_speaker(self):
        text = "\"Dit is de druppel\", zei een van de bewoners."
        (q,) = quotes_of(text)
        assert q.speaker == "een van de bewoners"

    def test_refusing_to_say_is_not_a_quote(self):
        text = "Hij weigerde te zeggen of hij opnieuw kandidaat is."
        assert quotes_of(text) == ()

    def test_anonymous_sources_with_a_prepositional_phrase(self):
        text = "Volgens bronnen rond het kabinet is het besluit al genomen."
        (q,) = quotes_of(text)
        assert q.speaker == "bronnen rond het kabinet" and q.content == "is het besluit al genomen"

    def test_plural_cue_forms(self):
        text = ("De liberalen menen dat mensen zelf mogen beslissen. Critici betogen dat het plan te duur is. "
                "De onderzoekers wijzen erop dat het bedrag nog kan veranderen. Voor- en tegenstanders houden "
                "elkaar in gijzeling, verwijten vliegen over en weer.")
        qs = quotes_of(text)
        assert [q.cue for q in qs] == ["menen", "betogen", "wijzen"]
        assert qs[1].speaker == "Critici"

    def test_ruling_with_dat(self):
        text = ("De sportketen mag blijven. De Raad van State bepaalde gisteren dat de provincie opnieuw moet "
                "beslissen. Door bepaalde mensen is het systeem zo afgesteld dat het te hoge indicaties gaf.")
        (q,) = quotes_of(text)
        assert q.cue == "bepaalde" and q.speaker == "De Raad van State"


class TestEnglish:
    def test_said_that_and_according_to(self):
        text = ("Senator John Smith said that the bill would pass next week. "
                "According to officials, the vote was delayed.")
        qs = quotes_of(text, lang="en")
        assert len(qs) == 2
        assert qs[0].content == "the bill would pass next week" and qs[0].speaker_canonical == "John Smith"
        assert qs[1].cue == "According" and qs[1].speaker_canonical == "officials"

    def test_direct_with_postposed_cue_and_pronoun(self):
        text = ("Mayor Anne Hidalgo visited the site. “We will rebuild the cathedral,” she said. "
                "“It will take years.”")
        qs = quotes_of(text, lang="en")
        assert len(qs) == 1  # English keeps one attribution per speaker turn
        assert qs[0].content.startswith("We will rebuild") and qs[0].content.endswith("It will take years.")
        assert qs[0].speaker == "she" and qs[0].speaker_canonical == "Anne Hidalgo"

    def test_said_with_bare_complement(self):
        (q,) = quotes_of("Trump said he would sign the order on Friday.", lang="en")
        assert q.content == "he would sign the order on Friday" and q.speaker_canonical == "Trump"

    def test_short_quote_with_comma_and_cue_is_speech(self):
        # three words, but the comma inside the marks and the cue after make it an utterance, not a noun phrase
        qs = quotes_of("“I don’t care,” Trump said. “He can be there if he wants.”", lang="en")
        assert len(qs) == 1 and qs[0].speaker_canonical == "Trump"
        assert qs[0].content.startswith("I don’t care") and qs[0].content.endswith("if he wants.")

    def test_short_quoted_noun_phrase_is_still_left_out(self):
        assert quotes_of("The “smart” phones were sold out.", lang="en") == ()

    def test_turn_continues_across_an_inserted_relative_clause(self):
        text = ("“The candidates don’t understand the military,” said Capt. Christian Pardo, who said he would "
                "not vote for either of them. “Their policies are just so far out there.”")
        qs = quotes_of(text, lang="en")
        direct = [q for q in qs if q.kind == "direct"]
        assert len(direct) == 1 and direct[0].content.endswith("so far out there.")
        assert any(q.kind == "indirect" and q.content.startswith("he would not vote") for q in qs)

    def test_bare_quote_after_a_cue_sentence_the_splitter_left_open(self):
        # the splitter does not end the sentence at "said." before '' (no capital follows), so the second quote
        # seems to sit inside narrative; it opens its own sentence all the same and goes on with the turn
        from kroniek.nlp.backend import BlankBackend
        from kroniek.quotes.finder import find_candidates
        from kroniek.quotes.lexicon import load_lexicon

        text = ("''I know that people like what he says,'' Mr. Rubio said. ''The problem is presidents can't "
                "just say anything they want.''")
        cands = find_candidates(BlankBackend().process(text, "en"), load_lexicon("en"))
        assert [text[c.cstart:c.cend][:11] for c in cands] == ["I know that", "The problem"]
        assert cands[1].cue is None and cands[1].mode == "previous"

    def test_bare_continuation_joins_the_turn_whatever_speaker_it_was_given(self):
        from kroniek.quotes.annotate import merge_continuations

        text = "“A is true,” said X, a strategist who worked for Y in 2008. “B is true.” “C is true,” Z said."

        def q(part, cue, speaker):
            a = text.index(part)
            return Quote("direct", part, a, a + len(part), cue, text.index(cue) if cue else None, speaker,
                         text.index(speaker), speaker)

        # the bare "B" got Y from speaker resolution (the last name before it); "C" has a cue and speaker of its own
        merged = merge_continuations(text, [q("A is true,", "said", "X"), q("B is true.", None, "Y"),
                                            q("C is true,", "Z said", "Z")])
        assert [m.content[:9] for m in merged] == ["A is true", "C is true"]
        assert merged[0].content.endswith("B is true.") and merged[0].speaker == "X"

    def test_split_quote_with_a_less_common_speech_verb(self):
        text = "Mayor Jane Ortiz spoke first. “The way I see it,” she elaborated, “no one ever questioned his service.”"
        (q,) = quotes_of(text, lang="en")
        assert q.cue == "elaborated" and q.speaker_canonical == "Jane Ortiz"
        assert q.content.startswith("The way I see it") and q.content.endswith("his service.")

    def test_coordinated_cue_ends_the_content(self):
        text = "Ryan said he was not ready to support the campaign, and added that the party must unite first."
        qs = quotes_of(text, lang="en")
        assert qs[0].content == "he was not ready to support the campaign"
        assert any(q.content == "the party must unite first" for q in qs)


class TestEnglishTagger:
    def test_tagger_spans_are_valid_and_add_to_rules(self):
        from kroniek.nlp.backend import BlankBackend
        from kroniek.quotes.crf import MODEL, ContentTagger
        from kroniek.quotes.lexicon import load_lexicon

        if not MODEL.exists():
            pytest.skip("English content tagger not shipped")
        text = ("The senator believes the bill is dead. Officials said the vote was delayed, "
                "and critics argued that the plan would fail.")
        doc = BlankBackend().process(text, "en")
        atts = ContentTagger().attributions(doc, load_lexicon("en"))
        assert atts
        for (a, b), cue, src in atts:
            assert 0 <= a < b <= len(text)
            assert cue is None or 0 <= cue < len(doc.tokens)
            assert src is None or 0 <= src[0] < src[1] <= len(doc.tokens)
        qs = quotes_of(text, lang="en")
        assert any("the vote was delayed" in q.content for q in qs)

    def test_tagger_joins_a_quotation_that_goes_on_after_its_cue(self):
        from kroniek.nlp.backend import BlankBackend
        from kroniek.quotes.crf import MODEL, ContentTagger

        if not MODEL.exists():
            pytest.skip("English content tagger not shipped")
        tagger = ContentTagger()
        text = "“We will win this state,” Smith said. “And we will win it big.”"
        doc = BlankBackend().process(text, "en")
        words = [t.text for t in doc.tokens]
        smith, said = words.index("Smith"), words.index("said")
        second_start = words.index("And")
        labels = ["I"] * len(words)
        labels[smith], labels[said] = "S", "C"
        inq = [not (smith <= k <= said) for k in range(len(words))]
        first_run_end = smith - 2  # the comma inside the quotation
        assert tagger._joinable(doc, labels, inq, first_run_end, second_start)
        # the same gap outside quotation marks ("Smith said.") keeps two attributions apart
        assert not tagger._joinable(doc, labels, [False] * len(doc.tokens), first_run_end, second_start)
