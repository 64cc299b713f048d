"""Every other country of the world, by its Dutch and English name from CLDR (through Babel).

The article gives phone numbers for 17 countries; users ask about any country. Countries the
knowledge base does not name itself are recognised from CLDR's territory names, a maintained list,
so the bot can say honestly that the article has no number for them. Names only: no facts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Set

from babel import Locale

# CLDR codes that are no country a user calls from: regions, unions, placeholders, pseudo-locales
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "AQ", "BV", "HM", "TF", "UM", "CP", "DG", "IO"})


def country_id(name: str) -> str:
    """'Verenigde Arabische Emiraten' -> 'verenigde_arabische_emiraten' (the id style of support.yml)."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


@functools.lru_cache(maxsize=1)
def territories() -> tuple[tuple[str, str, str], ...]:
    """(code, Dutch name, English name) for every CLDR country or territory."""
    dutch, english = Locale("nl").territories, Locale("en").territories
    return tuple(
        (code, dutch[code], english.get(code, dutch[code]))
        for code in sorted(dutch)
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    )


def world_entries(
    known_codes: Set[str], capitalised_only: Iterable[str]
) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(id, code, Dutch name, names) for each territory the knowledge base does not list itself.

    names: the Dutch and the English name, lower-case; those in capitalised_only are left out here
    and matched only as written (the loader keeps the Dutch name as a capitalised alias)."""
    skip = {n.lower() for n in capitalised_only}
    entries = []
    for code, dutch, english in territories():
        if code in known_codes:
            continue
        names = tuple(dict.fromkeys(n.lower() for n in (dutch, english) if n.lower() not in skip))
        entries.append((country_id(dutch), code, dutch, names))
    return entries
