"""The answer test sets (tests/answers): every fact of the knowledge base asked at least three
times, no test text in the training data, and the checks themselves."""

from collections import Counter

import yaml

from bot.evaluation.answers import ANSWER_SETS, Check, all_texts, invented_facts, load_cases
from bot.kb.facts import fact_ids
from tests.unit.test_training_data import TRAINING, same_words


def test_every_fact_has_at_least_three_questions(kb):
    questions = yaml.safe_load((ANSWER_SETS / "questions.yml").read_text())["questions"]
    asked = Counter(q["fact"] for q in questions)
    assert {f: asked[f] for f in fact_ids(kb) if asked[f] < 3} == {}
    assert set(asked) <= set(fact_ids(kb)), "a question names a fact the knowledge base does not have"


def test_no_answer_test_text_is_in_the_training_data():
    training = {same_words(ex.text) for ex in TRAINING}
    assert [t for t in all_texts() if same_words(t) in training] == []


def test_the_sets_have_follow_ups_and_unknowns():
    classes = Counter(case.cls for case in load_cases())
    assert classes["follow_up"] >= 40 and classes["not_in_article"] + classes["off_topic"] >= 30


def test_a_check_needs_every_must_one_of_each_group_and_no_forbidden_text():
    check = Check(must=("+81 120427732",), must_any=(("toestel 2", "toestel twee"),), must_not=("+49",))
    assert check.failures("Japan: +81 120427732 of +81 0053.132.0070 toestel 2") == []
    assert check.failures("Japan: +81  120427732 TOESTEL 2") == []  # case and spaces do not matter
    assert len(check.failures("Japan: +81 120427732")) == 1
    assert len(check.failures("+81 120427732 toestel 2, of +49.30.80098621")) == 1


def test_invented_facts_are_numbers_times_prices_and_addresses_not_in_the_article(kb):
    assert invented_facts("Bel +81 120427732 of +49.30.80098621 toestel 2; P1: 1 uur, P3: 24 uur.", kb) == []
    assert invented_facts("Bel +31 20 123 4567", kb) == ["+31 20 123 4567"]
    assert invented_facts("Reactie binnen 2 uur", kb) == ["2 uur"]
    assert invented_facts("Premier kost 10 euro, mail support@zoom.us", kb) == ["euro", "@"]


def test_the_leak_check_covers_every_hold_out_set():
    from bot.evaluation.answers import load_second_holdout_cases, load_third_holdout_cases

    texts = set(all_texts())
    for cases in (load_second_holdout_cases(), load_third_holdout_cases()):
        assert len(cases) >= 150 and {t for case in cases for t, _ in case.turns} <= texts
