"""Word lists the speaker finder needs to tell noun phrases from the words around them."""

from __future__ import annotations

import re

DETERMINERS = frozenset(["de", "het", "een", "the", "a", "an", "zijn", "haar", "hun", "onze", "ons", "mijn", "jouw", "uw", "diens", "wiens", "his", "her", "their", "our", "my", "its", "this", "these", "those", "deze", "die", "dit", "elke", "ieder", "iedere", "alle", "enkele", "sommige", "veel", "vele", "beide", "twee", "drie", "vier", "vijf"])

# words that end a noun phrase: verbs, adverbs, prepositions, conjunctions, pronouns used as objects
STOP = frozenset(["ook", "nog", "al", "niet", "wel", "zelf", "zelfs", "er", "daar", "hier", "toen", "nu", "dan", "echter", "immers", "namelijk", "dus", "zo", "eerder", "later", "eerst", "opnieuw", "nogmaals", "herhaaldelijk", "direct", "meteen", "inmiddels", "intussen", "vervolgens", "daarna", "daarop", "bovendien", "verder", "graag", "liever", "tevens", "eveneens", "altijd", "nooit", "vaak", "soms", "steeds", "vooral", "alleen", "slechts", "maar", "en", "of", "want", "dat", "die", "wat", "wie", "waar", "hoe", "waarom", "wanneer", "omdat", "doordat", "nadat", "voordat", "terwijl", "hoewel", "zodat", "als", "alsof", "toch", "juist", "reeds", "alvast", "is", "was", "zijn", "waren", "heeft", "hebben", "had", "hadden", "wordt", "worden", "werd", "werden", "zal", "zullen", "zou", "zouden", "kan", "kunnen", "kon", "konden", "moet", "moeten", "moest", "moesten", "wil", "willen", "wilde", "wilden", "gaat", "gaan", "ging", "gingen", "komt", "komen", "kwam", "kwamen", "laat", "liet", "lieten", "blijkt", "bleek", "staat", "stond", "ligt", "lag", "in", "op", "aan", "bij", "met", "voor", "naar", "uit", "over", "tegen", "tijdens", "na", "door", "om", "tot", "sinds", "via", "zonder", "onder", "boven", "achter", "tussen", "rond", "per", "te", "van", "als", "dan", "volgens", "aldus", "tegenover", "namens", "vanwege", "wegens", "ondanks", "binnen", "buiten", "langs", "naast", "bij", "hem", "haar", "hen", "hun", "ons", "mij", "me", "jou", "je", "zich", "elkaar", "iets", "niets", "niks", "alles", "veel", "weinig", "meer", "minder", "also", "still", "even", "just", "only", "then", "now", "there", "here", "however", "already", "again", "yet", "too", "very", "really", "is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must", "do", "does", "did", "in", "on", "at", "to", "for", "with", "from", "by", "about", "against", "during", "after", "before", "since", "via", "without", "under", "over", "between", "into", "and", "or", "but", "because", "although", "while", "that", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "if", "as", "than", "him", "them", "us", "me", "it", "overigens", "bovendien", "tevens", "trouwens", "inderdaad"])

TIME_WORD = re.compile(
    r"^(?:(?:maan|dins|woens|donder|vrij|zater|zon)dag\w*|gisteren\w*|vandaag|vanochtend|vanmiddag|vanavond|"
    r"vannacht|morgen\w*|eergisteren|overmorgen|(?:mon|tues|wednes|thurs|fri|satur|"
    r"sun)day|yesterday|today|tonight|tomorrow|earlier|later)$",
    re.IGNORECASE,
)

# capitalised words that start sentences but are not names
NOT_NAMES = frozenset(["de", "het", "een", "dat", "dit", "die", "deze", "er", "daar", "hier", "hij", "zij", "ze", "ik", "we", "wij", "jij", "je", "u", "men", "het", "in", "op", "aan", "bij", "met", "voor", "naar", "uit", "over", "tegen", "tijdens", "na", "door", "om", "tot", "sinds", "via", "volgens", "als", "toen", "nu", "dan", "maar", "en", "of", "want", "ook", "wat", "wie", "waar", "hoe", "waarom", "wanneer", "omdat", "nadat", "terwijl", "hoewel", "zo", "toch", "dus", "al", "nog", "niet", "wel", "geen", "veel", "alle", "elke", "iedereen", "niemand", "iemand", "vorige", "afgelopen", "later", "eerder", "vandaag", "gisteren", "morgen", "ja", "nee", "oké", "ach", "the", "a", "an", "this", "that", "these", "those", "he", "she", "they", "i", "we", "you", "it", "in", "on", "at", "for", "with", "from", "by", "and", "or", "but", "so", "when", "while", "after", "before", "if", "as", "there", "here", "what", "who", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig", "honderd", "honderden", "duizend", "duizenden", "tientallen", "miljoen", "miljoenen", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands", "dozens"])

NAME_LINKS = frozenset({"van", "de", "der", "den", "ter", "ten", "von", "la", "le", "du", "da", "di", "del", "bin", "al"})

# titles and roles written before a name; not part of the name ("Minister Karin de Wit", "Senator John Smith")
TITLES = frozenset(["minister", "premier", "president", "burgemeester", "wethouder", "woordvoerder", "woordvoerster", "directeur", "directrice", "voorzitter", "staatssecretaris", "kamerlid", "europarlementariër", "senator", "koning", "koningin", "prins", "prinses", "paus", "generaal", "commissaris", "rechter", "officier", "advocaat", "professor", "hoogleraar", "dokter", "dominee", "pastoor", "bisschop", "kardinaal", "agent", "mevrouw", "meneer", "dhr", "mevr", "dr", "prof", "mr", "ir", "drs", "ds", "ceo", "topman", "topvrouw", "trainer", "coach", "bondscoach", "partijleider", "fractievoorzitter", "oud-minister", "oud-premier", "ex-president", "oud-president", "prime", "sen", "mayor", "governor", "gov", "rep", "representative", "secretary", "judge", "justice", "mrs", "ms", "general", "gen", "chairman", "chairwoman", "chief", "speaker", "sheriff", "attorney", "detective", "officer", "pope", "king", "queen", "prince", "princess", "former", "vice", "lt", "col", "sgt", "capt", "adm"])

# "deze week", "vorige maand", "last year": a time phrase, not a noun phrase
TIME_MODIFIERS = frozenset(["deze", "vorige", "vorig", "volgende", "volgend", "afgelopen", "komende", "komend", "last",
                            "next", "this"])
TIME_NOUNS = frozenset(["week", "maand", "jaar", "dag", "dagen", "weken", "maanden", "jaren", "zomer", "winter", "lente", "herfst", "ochtend", "middag", "avond", "nacht", "keer", "tijd", "eeuw", "year", "month", "week", "day", "morning", "evening", "night", "time", "summer", "winter", "spring", "fall"])
FINITE_HINTS = frozenset(["is", "zijn", "was", "waren", "heeft", "hebben", "had", "hadden", "wordt", "worden", "werd", "werden", "zal", "zullen", "zou", "zouden", "kan", "kunnen", "kon", "konden", "moet", "moeten", "moest", "wil", "willen", "wilde", "mag", "mogen", "dient", "dienen", "gaat", "gaan", "ging", "komt", "komen", "kwam", "staat", "staan", "blijft", "blijven", "krijgt", "krijgen", "ligt", "liggen"])
PREPOSITIONS = frozenset(["in", "op", "bij", "na", "tijdens", "tegen", "voor", "met", "om", "over", "aan", "uit", "naar", "door", "via", "tot", "sinds", "onder", "tussen"])

# heads of a noun phrase before a colon that introduce content, not a speaker ("Een voorbeeld: '...'")
NOT_SPEAKER_HEADS = frozenset(["voorbeeld", "conclusie", "vraag", "antwoord", "reden", "gevolg", "resultaat", "tekst",
                               "boodschap", "motto", "titel", "citaat", "stelling", "punt", "probleem", "kern", "les",
                               "advies", "tip", "uitkomst", "oordeel", "opschrift", "leus", "devies", "slogan",
                               "example", "conclusion", "question", "answer", "result", "reason", "message", "title",
                               "quote", "point", "problem", "lesson", "advice", "verdict"])
