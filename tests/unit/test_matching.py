import pytest

from bot.kb.matching import EntityMatcher, fold


@pytest.fixture(scope="module")
def matcher(kb):
    return EntityMatcher.for_knowledge_base(kb)


def found(matcher, text):
    return [(m.entity, m.value, m.text) for m in matcher.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("telefoonnummer japan", [("country", "japan", "japan")]),
        ("nummer in de VS", [("country", "verenigde_staten", "VS")]),
        ("bellen vanuit Amerika", [("country", "verenigde_staten", "Amerika")]),
        ("support in Engeland", [("country", "verenigd_koninkrijk", "Engeland")]),
        ("Groot-Brittannië", [("country", "verenigd_koninkrijk", "Groot-Brittannië")]),
        ("nummer Hong Kong", [("country", "hongkong", "Hong Kong")]),
        ("nummer van Hongkong", [("country", "hongkong", "Hongkong")]),
        ("zwitserland", [("country", "zwitserland", "zwitserland")]),
        ("ik bel uit belgie", [("country", "belgie", "belgie")]),
        ("nummer vanuit Duitsladn", [("country", "duitsland", "Duitsladn")]),
        ("telefoonnummer japn", [("country", "japan", "japn")]),
        ("wat krijg ik bij Premier+", [("plan", "premier_plus", "Premier+")]),
        ("premier plus", [("plan", "premier_plus", "premier plus")]),
        ("het Toegang plan", [("plan", "access", "Toegang")]),
        ("responstijd prio 2", [("priority", "p2", "prio 2")]),
        ("P1 of P4", [("priority", "p1", "P1"), ("priority", "p4", "P4")]),
        ("reactietijd prio1", [("priority", "p1", "prio1")]),
        ("nummer india", [("country", "india", "india")]),
    ],
)
def test_finds_canonical_values(matcher, text, expected):
    assert found(matcher, text) == expected


@pytest.mark.parametrize("text", ["ik betaal een premie", "hoe los ik dit op", "mijn spanning", "hallo",
                                  "heb ik toegang tot live chat",
                                  # function words are not in the lemma table: spaCy's stop words cover them
                                  "wat gebeurt er als ik een ticket indien",
                                  # a priority is its digit: "prio" alone is none of P1-P4
                                  "welke prio moet ik kiezen", "wat is een prio"])
def test_real_dutch_words_are_not_typos_of_entities(matcher, text):
    assert found(matcher, text) == []


def test_offsets_point_into_the_original_text(matcher):
    text = "Nummer van Zoom in Australië?"
    (m,) = matcher.find(text)
    assert text[m.start:m.end] == "Australië"


def test_fold_keeps_length():
    assert fold("Österreich België") == "osterreich belgie"
    assert len(fold("Ëë")) == 2
