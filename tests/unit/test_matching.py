import pytest

from bot.kb.matching import EntityMatcher, fold


@pytest.fixture(scope="module")
def matcher(kb):
    return EntityMatcher.for_knowledge_base(kb)


PLACES_PLANS_PRIORITIES = ("country", "plan", "priority")


def found(matcher, text, types=PLACES_PLANS_PRIORITIES):
    return [(m.entity, m.value, m.text) for m in matcher.find(text) if m.entity in types]


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


@pytest.mark.parametrize(
    "text",
    [
        "ik betaal een premie",
        "hoe los ik dit op",
        "mijn spanning",
        "hallo",
        "heb ik toegang tot live chat",
        # function words are not in the lemma table: spaCy's stop words cover them
        "wat gebeurt er als ik een ticket indien",
        # a priority is its digit: "prio" alone is none of P1-P4
        "welke prio moet ik kiezen",
        "wat is een prio",
    ],
)
def test_real_dutch_words_are_not_typos_of_entities(matcher, text):
    assert found(matcher, text) == []


def test_offsets_point_into_the_original_text(matcher):
    text = "Nummer van Zoom in Australië?"
    (m,) = matcher.find(text)
    assert text[m.start : m.end] == "Australië"


def test_fold_keeps_length():
    assert fold("Österreich België") == "osterreich belgie"
    assert len(fold("Ëë")) == 2


@pytest.mark.parametrize(
    "text, expected",
    [
        ("wat is het Duitse nummer?", [("country", "duitsland", "Duitse")]),
        ("Japanse helpdesk bellen", [("country", "japan", "Japanse"), ("feature", "level1_phone", "bellen")]),
        ("Amerikaans supportnummer", [("country", "verenigde_staten", "Amerikaans")]),
        ("Zweeds nummer", [("country", "zweden", "Zweeds")]),
        ("support in Kenia", [("country", "kenia", "Kenia")]),  # CLDR's Dutch name, not in the article
        ("nummer Argentinië", [("country", "argentinie", "Argentinië")]),
        ("is er nog een ander nummer?", [("ordinal", "other", "nog een ander nummer")]),
        ("de eerste werkt niet", [("ordinal", "other", "eerste werkt niet")]),
        ("welk toestel?", [("aspect", "extension", "toestel")]),
        ("en hoe snel is het opgelost?", [("aspect", "restore", "opgelost")]),
        (
            "wat is de eerste responstijd bij P1",
            [("aspect", "first_response", "eerste responstijd"), ("priority", "p1", "P1")],
        ),
        ("ook gewone leden?", [("role", "member", "gewone leden")]),
        ("beheerders zonder licentie", [("role", "admin", "beheerders"), ("licence", "unlicensed", "zonder licentie")]),
        ("ik heb een gratis account", [("account_type", "basic", "gratis account")]),
        (
            "niveau 1 of niveau 2?",
            [("feature", "level1_chat_ticket", "niveau 1"), ("feature", "direct_level2", "niveau 2")],
        ),
    ],
)
def test_finds_every_dimension_of_a_question(matcher, text, expected):
    assert (
        found(
            matcher,
            text,
            types=None
            or ("country", "plan", "priority", "feature", "role", "licence", "account_type", "aspect", "ordinal"),
        )
        == expected
    )


@pytest.mark.parametrize("text", ["ik eet chili con carne", "een jersey kopen", "dat is een man"])
def test_world_names_that_are_everyday_words_count_only_capitalised(matcher, text):
    assert found(matcher, text) == []


def test_a_world_name_written_capitalised_is_a_country(matcher):
    assert found(matcher, "het nummer in Chili") == [("country", "chili", "Chili")]


def test_no_typo_tolerance_for_world_list_names(matcher):
    # "Kenya" is CLDR's English name; "Kenja" is no country, though one letter from it
    assert found(matcher, "support in Kenja") == []
