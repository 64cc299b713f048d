"""Issue 14.12: the console shows what the user chose and who they are in the article's Dutch terms."""

from bot.console.labels import identity_rows, rights_rows
from bot.entitlements import entitlements_for
from bot.handoff.transcript import transcript_from_events


def test_a_pressed_button_is_shown_by_its_title():
    events = [
        {
            "event": "bot",
            "text": "Hoe ernstig is het probleem?",
            "data": {
                "buttons": [
                    {"title": "Een functie werkt niet goed (P3)", "payload": '/inform{"priority":"p3"}'},
                    {"title": "Annuleren", "payload": "Annuleren"},
                ]
            },
        },
        {
            "event": "user",
            "text": '/inform{"priority":"p3"}',
            "parse_data": {"intent": {"name": "inform"}, "entities": [{"entity": "priority", "value": "p3"}]},
        },
        {
            "event": "user",
            "text": '/inform{"priority":"p3"}',  # not offered just before: the old reading
            "parse_data": {"intent": {"name": "inform"}, "entities": [{"entity": "priority", "value": "p3"}]},
        },
    ]
    texts = [e["text"] for e in transcript_from_events(events)]
    assert texts[1] == "[knop] Een functie werkt niet goed (P3)"
    assert texts[2] == "[knop] inform: p3"


def test_identity_and_rights_in_dutch(kb):
    identity = {
        "name": "Anna",
        "email": "a@x.nl",
        "account": "business",
        "plan": "premier_plus",
        "role": "admin",
        "licensed": True,
        "verified": True,
    }
    rows = dict(identity_rows(kb, identity))
    assert rows["Plan"] == "Premier+" and rows["Account"] == "Zakelijk" and rows["Rol"] == "beheerder"
    assert rows["Licentie"] == "ja" and rows["Ingelogd (geverifieerd)"] == "ja"
    flags = vars(entitlements_for("business", "premier_plus", "admin", True))
    rights = rights_rows(kb, flags)
    labels = [r["label"] for r in rights]
    assert "Direct niveau 2 (chat, ticket en telefoon)" in labels
    assert not any("_" in label for label in labels)
    level1 = [r for r in rights if r["label"].startswith("Frontlijn niveau 1 (chat")][0]
    assert level1["value"].startswith("niet nodig")  # not a bare "nee" for a Premier+ admin
