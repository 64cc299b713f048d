"""Redaction of card numbers (Luhn), IBANs (mod 97) and BSNs (11-proef) before anything is stored; the
article's phone numbers and ticket references pass unchanged."""

import re
from pathlib import Path

import pytest

from bot.channels.validation import validate_message, validate_payload
from bot.privacy.redaction import (
    BSN,
    CARD,
    IBAN,
    bsn_valid,
    iban_valid,
    is_card_number,
    luhn_valid,
    redact,
    redact_text,
    was_redacted,
)

ARTICLE = Path(__file__).resolve().parents[2] / "data" / "help" / "source" / "ondersteuningsrichtlijnen-zoom.txt"


@pytest.mark.parametrize(
    "number",
    [
        "4111111111111111",
        "5555 5555 5555 4444",
        "3782-822463-10005",
        "4000 0566 5566 5556",
        "6011111111111117",
        "4222222222222",
    ],
)
def test_valid_card_numbers(number):
    assert is_card_number(number)
    assert redact(f"mijn kaart is {number}, klopt dat?").text == "mijn kaart is [kaartnummer verwijderd], klopt dat?"


@pytest.mark.parametrize(
    "number",
    [
        "4111111111111112",
        "5555 5555 5555 4445",
        "411111111111",  # Luhn / too short
        "41111111111111111111",
        "0000000000000000",
        "4111  1111 1111 1111",
    ],
)
def test_not_card_numbers(number):
    assert not is_card_number(number)


def test_luhn():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710") and not luhn_valid("7992739871x")


@pytest.mark.parametrize(
    "iban",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91 abna 0417 1643 00",
        "NL44RABO0123456789",
        "BE68539007547034",
        "BE68 5390 0754 7034",
        "BE71 0961 2345 6769",
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606",
    ],
)
def test_valid_ibans(iban):
    assert iban_valid(iban)
    assert redact(f"Stort het op {iban}. Dank!").text == "Stort het op [IBAN verwijderd]. Dank!"


@pytest.mark.parametrize(
    "iban",
    [
        "NL92ABNA0417164300",
        "BE69539007547034",
        "NL91ABNA041716430",  # checksum, length
        "XX91ABNA0417164300",
        "NL91ABNA04171643001",
    ],
)
def test_invalid_ibans_stay(iban):
    assert not iban_valid(iban)
    assert redact(f"code {iban} graag").text == f"code {iban} graag"


def test_an_iban_followed_by_words_ends_where_the_country_length_ends():
    assert redact("NL91 ABNA 0417 1643 00 is mijn rekening").text == "[IBAN verwijderd] is mijn rekening"


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "1234.56.782", "012345672"])
def test_valid_bsns(bsn):
    assert bsn_valid(bsn)
    assert redact(f"Mijn BSN is {bsn}.").text == "Mijn BSN is [BSN verwijderd]."


def test_a_number_right_after_a_word_or_colon_counts():
    assert redact("BSN:111222333 en bsn111222333").text == "BSN:[BSN verwijderd] en bsn[BSN verwijderd]"
    assert redact("kaart4111111111111111").text == "kaart[kaartnummer verwijderd]"
    assert redact("code 111222333AB").text == "code 111222333AB"


@pytest.mark.parametrize("number", ["123456789", "111222334", "000000000", "12345678", "1234567820"])
def test_not_bsns(number):
    assert redact(f"nummer {number}").text == f"nummer {number}"


def test_the_articles_phone_numbers_and_references_pass_unchanged():
    article = ARTICLE.read_text(encoding="utf-8")
    numbers = re.findall(r"\+[0-9][0-9 .]*[0-9]", article)
    assert len(numbers) >= 20  # the article's phone numbers, e.g. "+81 120427732", "+34 932207485"
    assert redact(article).text == article
    for number in numbers:  # also as a user types them: without "+", or without the country code
        for variant in (number, number[1:], re.split(r"[ .]", number, maxsplit=1)[-1]):
            assert redact(f"Klopt {variant}?").text == f"Klopt {variant}?", variant
    for text in (
        "Mijn ticket is ZN-000123.",
        "Belgisch nummer 02 123 45 67",
        "bel 0612345678",
        "rond 14:30 op 27-11-2026",
        "P1 binnen 1 uur, 4 uur herstel",
    ):
        assert redact(text).text == text


def test_several_kinds_in_one_message_and_what_was_found():
    result = redact("kaart 4111 1111 1111 1111, IBAN BE68539007547034 en BSN 111222333")
    assert result.text == "kaart [kaartnummer verwijderd], IBAN [IBAN verwijderd] en BSN [BSN verwijderd]"
    assert sorted(result.kinds) == sorted([CARD, IBAN, BSN]) and result.changed
    assert was_redacted(result.text) and not was_redacted("hallo")
    assert not redact("hallo").changed and redact_text(None) is None


def test_the_channels_entry_point_redacts_rest_and_socketio_messages():
    assert validate_message("Mijn IBAN is NL91ABNA0417164300") == "Mijn IBAN is [IBAN verwijderd]"
    chat = validate_payload({"sender": "s1", "message": "kaart 4111-1111-1111-1111"})
    assert chat.message == "kaart [kaartnummer verwijderd]"
