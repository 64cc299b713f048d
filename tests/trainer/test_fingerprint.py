"""The help content is part of the model's fingerprint (issue 19.4); the slow end-to-end check is in
test_train_evaluate.py (train after a KB edit retrains)."""

from bot.trainer.fingerprint import kb_is_current, record, snapshot_path


def test_a_model_is_current_only_with_the_help_content_it_was_trained_with(tmp_path):
    model, kb = tmp_path / "bolt-nl.tar.gz", tmp_path / "support.yml"
    model.write_bytes(b"model-1")
    kb.write_text("countries: [japan]\n")
    assert kb_is_current(model, kb) == (False, "onbekend met welke kennisbank het model getraind is")
    record(model, kb)
    assert kb_is_current(model, kb) == (True, "")
    assert snapshot_path(model).read_text() == kb.read_text()  # check-kb compares an edit with this copy
    kb.write_text("countries: [japan, nummer]\n")
    current, why = kb_is_current(model, kb)
    assert not current and "kennisbank" in why and "gewijzigd" in why
    kb.write_text("countries: [japan]\n")
    assert kb_is_current(model, kb) == (True, "")
    model.write_bytes(b"model-2, trained some other way")
    assert kb_is_current(model, kb)[0] is False


def test_a_change_of_responses_alone_makes_the_model_stale(tmp_path):
    """Rasa's dry run counts no change of domain responses; the model archive carries them."""
    model, kb, domain = tmp_path / "bolt-nl.tar.gz", tmp_path / "support.yml", tmp_path / "domain.yml"
    model.write_bytes(b"model-1")
    kb.write_text("countries: [japan]\n")
    domain.write_text("responses:\n  utter_goodbye:\n    - text: Tot ziens!\n")
    record(model, kb, domain)
    assert kb_is_current(model, kb, domain) == (True, "")
    domain.write_text("responses:\n  utter_goodbye:\n    - text: Dag!\n")
    assert kb_is_current(model, kb, domain) == (False, "domain.yml is gewijzigd (antwoorden)")
