from bot.evaluation.nlu_metrics import Example, Prediction, score


def test_score_counts_intents_and_entities():
    examples = [
        Example("nummer japan", "ask_phone_number", (("country", "japan", 7, 12),)),
        Example("hoi", "greet", ()),
        Example("p1 tijd", "ask_priority_response", (("priority", "p1", 0, 2),)),
    ]
    predictions = [
        Prediction("ask_phone_number", 0.9, (("country", "japan", 7, 12),)),
        Prediction("goodbye", 0.6, ()),
        Prediction("ask_priority_response", 0.8, (("priority", "p2", 0, 2),)),
    ]
    s = score(examples, predictions)
    assert s.intent_accuracy == 2 / 3
    assert (s.entity_precision, s.entity_recall) == (0.5, 0.5)
    assert len(s.errors) == 2
    # greet: 0 tp -> f1 0; phone and priority: f1 1.0; goodbye is not a gold label
    assert abs(s.intent_macro_f1 - 2 / 3) < 1e-9


def test_a_fallback_is_an_error_but_not_a_wrong_intent():
    examples = [Example("hoi", "greet", ()), Example("ciao", "goodbye", ()), Example("yo", "greet", ())]
    predictions = [Prediction("greet", 0.9, ()), Prediction("nlu_fallback", 0.5, ()), Prediction("affirm", 0.7, ())]
    s = score(examples, predictions)
    assert s.intent_accuracy == 1 / 3
    assert s.wrong_intents == 1
    assert [e["predicted"] for e in s.errors] == ["nlu_fallback", "affirm"]


def test_score_parts_gives_the_accuracy_of_each_part():
    from bot.evaluation.nlu_metrics import score_parts

    examples = [Example("hoi", "greet", ()), Example("dag", "goodbye", ()), Example("doei", "goodbye", ())]
    predictions = [Prediction("greet", 0.9, ()), Prediction("greet", 0.6, ()), Prediction("goodbye", 0.8, ())]
    s = score_parts(examples, predictions, {"first": slice(0, 1), "rest": slice(1, None)})
    assert s.by_part == {"first": 1.0, "rest": 0.5}
    assert s.intent_accuracy == 2 / 3


def test_a_fallback_is_an_error_but_its_top_intent_is_scored_apart():
    from bot.evaluation.nlu_metrics import prediction_from_parse

    parse = {
        "intent": {"name": "nlu_fallback", "confidence": 0.5},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.5},
            {"name": "greet", "confidence": 0.45},
            {"name": "goodbye", "confidence": 0.3},
        ],
        "entities": [],
    }
    fallback = prediction_from_parse(parse)
    assert (fallback.intent, fallback.top_intent) == ("nlu_fallback", "greet")
    examples = [Example("hoi", "greet", ()), Example("doei", "goodbye", ())]
    s = score(examples, [fallback, Prediction("greet", 0.9, ())])
    assert s.intent_accuracy == 0.0 and s.wrong_intents == 1
    assert s.top_intent_accuracy == 0.5
    assert s.errors[0]["top_intent"] == "greet"


# Issue 17.6: one metrics implementation, one rule for a zero denominator -------------------------
def test_the_one_zero_division_rule():
    from bot.evaluation.nlu_metrics import precision_recall_f1

    assert precision_recall_f1(0, 0, 0) == (1.0, 1.0, 1.0)  # nothing to find, nothing found
    assert precision_recall_f1(0, 0, 3) == (0.0, 0.0, 0.0)  # never predicted: precision 0, not 1
    assert precision_recall_f1(0, 2, 0) == (0.0, 0.0, 0.0)  # nothing to find, something found
    assert precision_recall_f1(1, 1, 0) == (0.5, 1.0, 2 / 3)


def test_entities_expected_and_none_found_have_precision_zero():
    examples = [Example("nummer japan", "ask_phone_number", (("country", "japan", 7, 12),))]
    s = score(examples, [Prediction("ask_phone_number", 0.9, ())])
    assert (s.entity_precision, s.entity_recall, s.entity_f1) == (0.0, 0.0, 0.0)
    none_expected = score([Example("hoi", "greet", ())], [Prediction("greet", 0.9, ())])
    assert (none_expected.entity_precision, none_expected.entity_recall, none_expected.entity_f1) == (1.0, 1.0, 1.0)


def test_the_evaluation_report_and_the_macro_f1_use_the_same_per_intent_figures():
    from bot.trainer.evaluate import per_intent

    examples = [
        Example("hoi", "greet", ()),
        Example("dag", "goodbye", ()),
        Example("doei", "goodbye", ()),
        Example("bellen", "ask_phone_number", ()),
    ]
    predictions = [
        Prediction("goodbye", 0.6, ()),
        Prediction("goodbye", 0.9, ()),
        Prediction("nlu_fallback", 0.3, ()),
        Prediction("ask_phone_number", 0.9, ()),
    ]
    table = per_intent(examples, predictions)
    assert table["greet"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}  # never predicted
    assert table["goodbye"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert table["ask_phone_number"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    s = score(examples, predictions)
    assert abs(s.intent_macro_f1 - sum(v["f1"] for v in table.values()) / len(table)) < 1e-3
