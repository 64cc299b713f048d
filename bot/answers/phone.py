"""Answers about phone support: numbers per country, who may call, what to keep at hand, costs."""

from __future__ import annotations

from bot.answers.reply import Button, Reply, bullets
from bot.kb import Country, KnowledgeBase
from bot.vocabulary import Intent

# country names said with "het"/"de" in Dutch ("voor het Verenigd Koninkrijk", "bij de Verenigde Staten")
_ARTICLES = {
    "Verenigd Koninkrijk": "het",
    "Verenigde Staten": "de",
    "Verenigde Arabische Emiraten": "de",
    "Filipijnen": "de",
    "Nederlandse Antillen": "de",
}


def with_article(name: str) -> str:
    """The country name as it reads after "voor"/"bij": "het Verenigd Koninkrijk", "Japan"."""
    article = _ARTICLES.get(name)
    return f"{article} {name}" if article else name


def country_list(kb: KnowledgeBase) -> str:
    return ", ".join(c.name for c in kb.countries_with_numbers())


def phone_number(
    kb: KnowledgeBase, country_id: str | None, ordinal: str | None = None, aspect: str | None = None
) -> Reply:
    """The number(s) for a country, exactly as the help content writes them; never a guess.
    ordinal 'other'/'first': one of a country's two numbers; aspect 'extension': which extension."""
    phone = kb.channels["phone"]
    if not country_id:
        return Reply(
            "Voor welk land zoekt u het telefoonnummer van Zoom-ondersteuning? "
            f"Ik heb nummers voor: {country_list(kb)}. "
            "Voor andere landen staat er geen nummer in het helpcentrum."
        )
    country = kb.country(country_id)
    if country is None or not country.has_number:
        name = with_article(country.name) if country else "dat land"
        return Reply(
            f"Voor {name} staat er geen telefoonnummer van Zoom-ondersteuning in ons helpcentrum, "
            "dus ik kan u geen nummer geven. U kunt wel een webticket maken, of als u recht hebt op "
            "telefonische ondersteuning een nummer van een ander land bellen. "
            f"{phone.extra['charges_warning']}\n"
            f"Landen met een nummer: {country_list(kb)}.",
            (
                Button.intent("Webticket maken", Intent.ASK_WEBTICKET),
                Button.intent("Mag ik bellen?", Intent.ASK_PHONE_SUPPORT),
            ),
        )
    if ordinal or aspect == "extension":
        return _one_number(kb, country, ordinal, aspect)
    label = "Het telefoonnummer" if len(country.numbers) == 1 else "De telefoonnummers"
    return Reply(
        f"{label} van Zoom-ondersteuning voor {with_article(country.name)}: {country.render_numbers()}.\n"
        f"{phone.extra['keep_at_hand']}\n{phone.extra['charges_warning']}",
        (Button.intent("Mag ik bellen?", Intent.ASK_PHONE_SUPPORT),),
    )


def phone_numbers(kb: KnowledgeBase, country_ids) -> Reply:
    """The numbers of several countries at once, each as the help content writes them."""
    phone = kb.channels["phone"]
    lines = []
    for country_id in dict.fromkeys(country_ids):
        country = kb.country(country_id)
        if country is None:
            continue
        numbers = country.render_numbers() if country.has_number else "geen nummer in het helpcentrum"
        lines.append(f"{country.name}: {numbers}")
    return Reply(
        "Telefoonnummers van Zoom-ondersteuning:\n"
        + bullets(lines)
        + f"\n{phone.extra['keep_at_hand']}\n{phone.extra['charges_warning']}",
        (Button.intent("Mag ik bellen?", Intent.ASK_PHONE_SUPPORT),),
    )


def phone_support(kb: KnowledgeBase) -> Reply:
    """Who may report support requests by phone (the general rule)."""
    phone = kb.channels["phone"]
    return Reply(
        f"{phone.text}\n*{kb.footnotes['*']}",
        (Button.intent("Telefoonnummers", Intent.ASK_PHONE_NUMBER),),
    )


def call_preparation(kb: KnowledgeBase) -> Reply:
    return Reply(kb.channels["phone"].extra["keep_at_hand"])


def call_costs(kb: KnowledgeBase) -> Reply:
    return Reply(kb.channels["phone"].extra["charges_warning"])


# which of a country's numbers: the other or the first; not_first / not_other: that one did not work
ORDINALS = ("other", "first", "not_first", "not_other")


def _one_number(kb: KnowledgeBase, country: Country, ordinal: str | None, aspect: str | None) -> Reply:
    """'Is er nog een ander nummer?', 'de eerste werkt niet', 'welk toestel?' about one country."""
    numbers, name = country.numbers, with_article(country.name)
    if ordinal in ORDINALS and len(numbers) == 1:
        text = (
            f"Voor {name} staat er één telefoonnummer in het helpcentrum: {numbers[0].render()}. "
            "Een ander nummer heb ik niet. Lukt bellen niet, dan kunt u een webticket maken."
        )
        return Reply(text, (Button.intent("Webticket maken", Intent.ASK_WEBTICKET),))
    if ordinal in ("not_first", "not_other"):  # "de eerste werkt niet": only the one still to try
        number = numbers[1] if ordinal == "not_first" else numbers[0]
        which = "Het andere nummer" if ordinal == "not_first" else "Het eerste nummer"
        return Reply(f"{which} voor {name}: {number.render()}.\n{kb.channels['phone'].extra['charges_warning']}")
    if ordinal in ("other", "first"):
        # the number asked for, and the one beside it: "is er een tweede nummer?" is also answered by both
        number, beside = (numbers[1], numbers[0]) if ordinal == "other" else (numbers[0], numbers[1])
        which, rest = ("Het andere nummer", "het eerste") if ordinal == "other" else ("Het eerste nummer", "het andere")
        return Reply(
            f"{which} voor {name}: {number.render()} ({rest} is {beside.render()}).\n"
            f"{kb.channels['phone'].extra['charges_warning']}"
        )
    # which extension
    with_ext = [n for n in numbers if n.extension]
    if not with_ext:
        return Reply(
            f"Voor {name} staat er geen toestelnummer bij het nummer: u belt gewoon {country.render_numbers()}."
        )
    if len(with_ext) == len(numbers):
        ext = {n.extension for n in numbers}
        if len(ext) == 1:
            return Reply(f"Kies toestel {with_ext[0].extension} bij {name}: {country.render_numbers()}.")
    lines = [f"{n.number}: " + (f"toestel {n.extension}" if n.extension else "geen toestelnummer") for n in numbers]
    return Reply(f"Toestelnummers voor {name}:\n" + bullets(lines))


def who_may_call_short(kb: KnowledgeBase) -> str:
    """The phone rule in one sentence, from the matrix's phone row and its footnote."""
    row = kb.matrix_row("level1_phone")
    cells = "; ".join(f"{kb.plans[pid].name}: {row.cells[pid] or 'niet inbegrepen'}" for pid in kb.plans)
    return f"Wie mag bellen ({row.label}): {cells}. *{kb.footnotes['*']}"
