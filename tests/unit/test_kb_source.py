"""Every fact in the knowledge base stands verbatim in the help-centre article, and every phone
number of the article is in the knowledge base: a wrong number is worse than none."""

import re
from pathlib import Path

import pytest

from bot.kb import KnowledgeBase

SOURCE = Path(__file__).resolve().parents[2] / "data" / "help" / "source" / "ondersteuningsrichtlijnen-zoom.txt"
TEXT = SOURCE.read_text(encoding="utf-8")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def source_lines_between(start: str, end: str):
    block = TEXT.split(start, 1)[1].split(end, 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


PHONE_LINES = source_lines_between("LandTelefoonnummer", "Let op wanneer u belt")


def test_source_phone_table_has_17_countries():
    assert len(PHONE_LINES) == 17


@pytest.mark.parametrize("line", PHONE_LINES)
def test_every_number_in_the_article_is_rendered_exactly(kb: KnowledgeBase, line: str):
    country = next(c for c in kb.countries_with_numbers() if line.startswith(c.name))
    assert line[len(country.name) :].strip() == country.render_numbers()


def test_no_country_has_a_number_that_the_article_lacks(kb: KnowledgeBase):
    rendered = {c.name + c.render_numbers() for c in kb.countries_with_numbers()}
    assert {squash(r) for r in rendered} == {squash(line) for line in PHONE_LINES}
    digits_in_kb = {re.sub(r"\D", "", n.number) for c in kb.countries.values() for n in c.numbers}
    for number in digits_in_kb:
        assert number in re.sub(r"\D", "", TEXT)


def test_matrix_rows_match_the_article(kb: KnowledgeBase):
    squashed_lines = {squash(line) for line in TEXT.splitlines()}
    for row in kb.matrix:
        expected = squash(row.label + "".join(c for c in row.cells.values() if c))
        assert expected in squashed_lines, row.id


def test_priority_times_match_the_article(kb: KnowledgeBase):
    squashed_lines = {squash(line) for line in TEXT.splitlines()}
    for p in kb.priorities.values():
        assert squash(p.id + p.first_response + (p.restore or "")) in squashed_lines


def test_all_texts_are_verbatim_from_the_article(kb: KnowledgeBase):
    body = squash(TEXT)
    texts = [kb.priority_entitlement, kb.account_manager_note, *kb.footnotes.values()]
    texts += [p.definition for p in kb.priorities.values()] + [p.resources for p in kb.priorities.values()]
    for channel in kb.channels.values():
        texts += [channel.text, *channel.extra.values()]
    for text in texts:
        assert squash(text).rstrip(".") in body, text


def test_footnote_marks_in_the_matrix(kb: KnowledgeBase):
    assert kb.matrix_row("level1_phone").cells["access"].endswith("*")
    assert kb.matrix_row("priority_response").cells["premier"].endswith("**")
