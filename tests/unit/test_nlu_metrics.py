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

    parse = {"intent": {"name": "nlu_fallback", "confidence": 0.5},
             "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.5},
                                {"name": "greet", "confidence": 0.45}, {"name": "goodbye", "confidence": 0.3}],
             "entities": []}
    fallback = prediction_from_parse(parse)
    assert (fallback.intent, fallback.top_intent) == ("nlu_fallback", "greet")
    examples = [Example("hoi", "greet", ()), Example("doei", "goodbye", ())]
    s = score(examples, [fallback, Prediction("greet", 0.9, ())])
    assert s.intent_accuracy == 0.0 and s.wrong_intents == 1
    assert s.top_intent_accuracy == 0.5
    assert s.errors[0]["top_intent"] == "greet"
