import copy

import pytest
import yaml

from bot.kb import KnowledgeBaseError, load_knowledge_base, parse_knowledge_base
from bot.kb.loader import DEFAULT_PATH

RAW = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def raw():
    return copy.deepcopy(RAW)


def test_shipped_content_loads(kb):
    assert set(kb.plans) == {"access", "premier", "premier_plus"}
    assert len(kb.countries_with_numbers()) == 17
    assert kb.country("nederland") is not None and not kb.country("nederland").has_number
    assert [p for p in kb.priorities] == ["P1", "P2", "P3", "P4"]
    assert len(kb.matrix) == 8


def test_hongkong_has_no_extension_and_japan_only_on_second_number(kb):
    assert kb.country("hongkong").render_numbers() == "+852.3002.3757"
    assert kb.country("japan").render_numbers() == "+81 120427732 of +81 0053.132.0070 toestel 2"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda r: r["plans"].pop("premier"), "missing 'premier'"),
        (lambda r: r["matrix"][0]["cells"].pop("access"), "cells must name exactly"),
        (lambda r: r["matrix"][3]["cells"].update(access="x***"), "footnote '***'"),
        (lambda r: r["phone_numbers"][0].update(numbers=[]), "without a number"),
        (lambda r: r["phone_numbers"][1].update(country="verenigde_staten"), "defined twice"),
        (lambda r: r["phone_numbers"][1]["aliases"].append("usa"), "alias 'usa' also names"),
        (lambda r: r["priorities"]["levels"].pop(), "expected P1-P4"),
        (lambda r: r["channels"].pop("webticket"), "missing 'webticket'"),
        (lambda r: r["phone_numbers"][1]["aliases"].append(""), "empty alias"),
        (lambda r: r["phone_numbers"][1]["adjectives"].append("duits"), "alias 'duits' also names"),
        (lambda r: r["vocabulary"].update(colour={}), "unknown type"),
        (lambda r: r["countries_without_number"][0].update(code=False), "quoted two-letter"),
    ],
)
def test_malformed_content_is_rejected_with_a_clear_message(mutate, message):
    data = raw()
    mutate(data)
    with pytest.raises(KnowledgeBaseError, match=message.replace("(", r"\(").replace("*", r"\*")):
        parse_knowledge_base(data)


def test_unreadable_file_names_the_path(tmp_path):
    bad = tmp_path / "kb.yml"
    bad.write_text("plans: [unclosed", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="kb.yml"):
        load_knowledge_base(bad)


def test_every_country_of_the_world_is_known_without_a_number(kb):
    from bot.kb.world import territories

    by_code = {c.code: c for c in kb.countries.values() if c.code}
    assert {code for code, _, _ in territories()} <= set(by_code)
    assert by_code["AR"].name == "Argentinië" and not by_code["AR"].has_number and by_code["AR"].from_world_list
    assert len(kb.countries_with_numbers()) == 17  # the world list adds names, never numbers


def test_the_article_countries_keep_their_own_entries_over_cldr(kb):
    assert kb.country("verenigd_koninkrijk").code == "GB" and not kb.country("verenigd_koninkrijk").from_world_list
    assert "duitse" in kb.country("duitsland").adjectives
