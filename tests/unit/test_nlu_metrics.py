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
