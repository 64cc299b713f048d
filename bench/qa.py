"""Question / expected-fact pairs for answer correctness, phrased as users would ask.

The expected facts are read from the knowledge base, which tests/unit/test_kb_source.py checks
verbatim against the article: a reply is correct when it contains the fact.
"""

from __future__ import annotations

from bot.kb import KnowledgeBase

COUNTRY_PHRASES = (
    "Wat is het telefoonnummer van Zoom in {name}?",
    "telefoonnummer {alias}",
    "welk nummer bel ik vanuit {alias}",
    "hoe kan ik zoom support bellen in {name}",
)
NO_NUMBER_PHRASES = ("wat is het telefoonnummer van zoom in {name}", "support nummer {alias}")


def qa_pairs(kb: KnowledgeBase) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for country in kb.countries_with_numbers():
        alias = country.aliases[1] if len(country.aliases) > 1 else country.aliases[0]
        for phrase in COUNTRY_PHRASES:
            pairs.append((phrase.format(name=country.name, alias=alias), country.render_numbers()))
    for country_id in ("nederland", "belgie", "canada", "zweden"):
        country = kb.country(country_id)
        for phrase in NO_NUMBER_PHRASES:
            pairs.append((phrase.format(name=country.name, alias=country.aliases[-1]), "geen telefoonnummer"))
    for p in kb.priorities.values():
        n = p.id[1]
        pairs += [
            (f"hoe snel reageren jullie bij {p.id}", f"eerste responstijd {p.first_response}"),
            (f"wat is de responstijd voor prio {n}", f"eerste responstijd {p.first_response}"),
            (f"wat betekent {p.id}?", p.definition[:60]),
            (f"wanneer is iets prioriteit {n}", p.definition[:60]),
        ]
        if p.restore:
            pairs.append((f"hersteltijd {p.id}", f"hersteltijd {p.restore}"))
    for plan in kb.plans.values():
        for row in kb.matrix:
            cell = row.cells[plan.id] or "niet inbegrepen"
            if row.id in ("direct_level2", "automatic_escalation", "technical_account_manager", "level1_phone"):
                pairs.append((f"wat krijg ik bij het {plan.name} plan?", f"{row.label}: {cell}"))
    pairs += [
        ("welke ondersteuningsplannen heeft zoom", "Access (Toegang), Premier en Premier+"),
        ("wat moet ik bij de hand hebben als ik bel", "persoonlijke vergadering-ID en hostsleutel"),
        ("heb ik mijn hostsleutel nodig als ik bel?", "hostsleutel"),
        ("kost bellen met zoom geld?", "tarieven voor interlokale gesprekken"),
        ("is er een forum van zoom?", kb.channels["community"].text[:50]),
        ("ik heb een vraag over mijn factuur", kb.channels["billing"].text[:50]),
        ("zit zoom op social media?", "socialemediakanalen"),
        ("hoe maak ik een webticket", kb.channels["webticket"].text[:50]),
        ("ben jij een robot?", "chatbot en geen mens"),
        ("wie mag zoom bellen?", "Zakelijke, Onderwijs-, Onderneming- of API-accounts"),
        ("hoe neem ik contact op met zoom support", "Community"),
    ]
    return pairs
