"""Finds card numbers, IBANs and BSNs in a text and replaces them (pure, no I/O).

- Card numbers: 13-19 digits, optionally grouped by single spaces or dashes, first digit 1-9, valid
  by the Luhn check.
- IBANs: two letters of a country that uses IBANs, two check digits and the country's account part,
  with or without spaces (groups of four as printed), of exactly that country's length, valid by
  the ISO 13616 mod-97 check (so NL and BE as every other country).
- BSNs (Dutch citizen service numbers): 9 digits written together (123456782) or as 1234.56.782,
  valid by the 11-proef.

A number is only ever looked at as a whole: a run of digits joined by single spaces, dots or dashes
("bsn111222333" counts; a run followed directly by a letter is a code and left alone). A run that
starts with "+" is a phone number and is never touched ("+81 120427732", "+34 932207485" in the
article), and so are shorter or differently grouped numbers: a ticket reference (ZN-000123) or a
Belgian phone number written in groups (02 123 45 67).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

CARD = "kaartnummer"
IBAN = "IBAN"
BSN = "BSN"
PLACEHOLDERS = {CARD: "[kaartnummer verwijderd]", IBAN: "[IBAN verwijderd]", BSN: "[BSN verwijderd]"}

# IBAN length per country (ISO 13616 registry, SWIFT release of 2024)
IBAN_LENGTHS = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BG": 22,
    "BH": 22,
    "BI": 27,
    "BR": 29,
    "BY": 28,
    "CH": 21,
    "CR": 22,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DJ": 27,
    "DK": 18,
    "DO": 28,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FK": 18,
    "FO": 18,
    "FR": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GR": 27,
    "GT": 28,
    "HN": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "LY": 25,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MK": 19,
    "MN": 20,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "NI": 28,
    "NL": 18,
    "NO": 15,
    "OM": 23,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "RU": 33,
    "SA": 24,
    "SC": 31,
    "SD": 18,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "SO": 23,
    "ST": 25,
    "SV": 28,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
    "YE": 30,
}

IBAN_START = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{2}[0-9]{2}")
# a whole number: digits joined by single spaces, dots or dashes; a leading "+" marks a phone number
NUMBER_RUN = re.compile(r"(?<![\d+])\+?\d(?:[ .\-]?\d)*")
BSN_DOTTED = re.compile(r"\d{4}\.\d{2}\.\d{3}")
CARD_GROUPED = re.compile(r"\d(?:[ \-]?\d)*")


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_card_number(text: str) -> bool:
    """13-19 digits (single spaces or dashes between them allowed), not starting with 0, Luhn-valid."""
    if not CARD_GROUPED.fullmatch(text):
        return False
    digits = re.sub(r"[ \-]", "", text)
    return 13 <= len(digits) <= 19 and digits[0] != "0" and luhn_valid(digits)


def iban_valid(text: str) -> bool:
    """An IBAN of a known country, its exact length, mod 97 == 1 (spaces ignored, any case)."""
    iban = text.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+", iban) or IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def bsn_valid(text: str) -> bool:
    """The 11-proef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not all zeros)."""
    digits = text.replace(".", "")
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def is_bsn(text: str) -> bool:
    return (text.isdigit() or bool(BSN_DOTTED.fullmatch(text))) and bsn_valid(text)


@dataclass(frozen=True)
class Redaction:
    text: str  # the text with every found number replaced by its placeholder
    kinds: tuple[str, ...]  # what was removed (IBANs first, then card numbers and BSNs)

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


def _iban_spans(text: str) -> list[tuple[int, int]]:
    """Spans of valid IBANs: from a country code and check digits, the country's length of letters and
    digits with single spaces allowed between them, not glued to a following letter or digit."""
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        start = IBAN_START.search(text, position)
        if start is None:
            return spans
        length = IBAN_LENGTHS.get(start.group()[:2].upper())
        end = _take_alnum(text, start.start(), length) if length else None
        if end is not None and iban_valid(text[start.start() : end]):
            spans.append((start.start(), end))
            position = end
        else:
            position = start.start() + 1


def _take_alnum(text: str, start: int, count: int) -> int | None:
    """The end of `count` letters/digits from `start`, single spaces allowed between; None if the text
    runs out or the IBAN would be glued to more letters/digits."""
    index, taken = start, 0
    while taken < count:
        if index < len(text) and text[index].isascii() and text[index].isalnum():
            taken, index = taken + 1, index + 1
        elif (
            taken
            and index + 1 < len(text)
            and text[index] == " "
            and text[index + 1].isascii()
            and text[index + 1].isalnum()
        ):
            index += 1
        else:
            return None
    if index < len(text) and text[index].isalnum():
        return None
    return index


def _number_kind(run: str) -> str | None:
    if run.startswith("+"):
        return None  # a phone number
    if is_card_number(run):
        return CARD
    if is_bsn(run):
        return BSN
    return None


def _replace(text: str, find: Callable[[str], list[tuple[int, int, str]]], kinds: list[str]) -> str:
    out, last = [], 0
    for start, end, kind in find(text):
        out.append(text[last:start])
        out.append(PLACEHOLDERS[kind])
        kinds.append(kind)
        last = end
    out.append(text[last:])
    return "".join(out)


def _number_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for match in NUMBER_RUN.finditer(text):
        if match.end() < len(text) and text[match.end()].isalnum():
            continue  # glued to letters: a code, not a number
        kind = _number_kind(match.group())
        if kind:
            spans.append((match.start(), match.end(), kind))
    return spans


def redact(text: str) -> Redaction:
    """Replaces IBANs, then card numbers and BSNs, by their placeholders."""
    if not any(c.isdigit() for c in text):
        return Redaction(text, ())
    kinds: list[str] = []
    text = _replace(text, lambda t: [(s, e, IBAN) for s, e in _iban_spans(t)], kinds)
    text = _replace(text, _number_spans, kinds)
    return Redaction(text, tuple(kinds))


def redact_text(text: str) -> str:
    """The text with card numbers, IBANs and BSNs replaced (what may be stored)."""
    return redact(text).text if isinstance(text, str) else text


def was_redacted(text: str) -> bool:
    """Whether a (redacted) message had something removed: it holds a placeholder."""
    return isinstance(text, str) and any(p in text for p in PLACEHOLDERS.values())
